import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { comparisonHandlers } from "./comparison.ts";
import { createOutsideAssessmentHandlers } from "./create.ts";
import { getOutsideAssessmentHandlers } from "./get.ts";
import { outsideAssessmentHistoryHandlers } from "./history.ts";
import { listOutsideAssessmentsHandlers } from "./list.ts";
import { retractOutsideAssessmentHandlers } from "./retract.ts";

const editor = [requireKey("editor"), writeLimit] as const;

/** Assessments by others: what newsrooms, auditors and analysts found (never our totals). */
export const outsideAssessmentRoutes = new Hono<AppEnv>()
  .get("/", ...listOutsideAssessmentsHandlers)
  .get("/comparison", ...comparisonHandlers)
  .get("/:id", ...getOutsideAssessmentHandlers)
  .get("/:id/history", ...outsideAssessmentHistoryHandlers)
  .post("/", ...editor, ...createOutsideAssessmentHandlers)
  .delete("/:id", ...editor, ...retractOutsideAssessmentHandlers);
