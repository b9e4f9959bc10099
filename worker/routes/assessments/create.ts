import { outsideAssessmentWrites } from "../../domain/reviews.ts";
import { OutsideAssessmentCreateBody, outsideAssessmentSpec } from "../../schemas/reviews.ts";
import { createHandlers } from "../versioned-writes.ts";

/** POST /v1/assessments: editors add a published check, with its source (required). */
export const createOutsideAssessmentHandlers = createHandlers({
  ...outsideAssessmentSpec,
  writes: outsideAssessmentWrites,
  body: OutsideAssessmentCreateBody,
});
