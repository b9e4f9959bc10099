import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { addPostingHandlers } from "./add-posting.ts";
import { correctAffiliationHandlers } from "./affiliations/correct.ts";
import { createAffiliationHandlers } from "./affiliations/create.ts";
import { retractAffiliationHandlers } from "./affiliations/retract.ts";
import { correctPostingHandlers } from "./correct-posting.ts";
import { createMemberHandlers } from "./create.ts";
import { getMemberHandlers } from "./get.ts";
import { memberHistoryHandlers } from "./history.ts";
import { listMembersHandlers } from "./list.ts";
import { retractMemberHandlers } from "./retract.ts";
import { retractPostingHandlers } from "./retract-posting.ts";
import { updateMemberHandlers } from "./update.ts";

const editor = [requireKey("editor"), writeLimit] as const;

export const memberRoutes = new Hono<AppEnv>()
  .get("/", ...listMembersHandlers)
  .get("/:id", ...getMemberHandlers)
  .get("/:id/history", ...memberHistoryHandlers)
  .post("/", ...editor, ...createMemberHandlers)
  .patch("/:id", ...editor, ...updateMemberHandlers)
  .delete("/:id", ...editor, ...retractMemberHandlers)
  .post("/:id/postings", ...editor, ...addPostingHandlers)
  .patch("/:id/postings/:posting", ...editor, ...correctPostingHandlers)
  .delete("/:id/postings/:posting", ...editor, ...retractPostingHandlers)
  .post("/:id/affiliations", ...editor, ...createAffiliationHandlers)
  .patch("/:id/affiliations/:affiliation", ...editor, ...correctAffiliationHandlers)
  .delete("/:id/affiliations/:affiliation", ...editor, ...retractAffiliationHandlers);
