import { outsideAssessmentWrites } from "../../domain/reviews.ts";
import { IdParam } from "../../schemas/common.ts";
import { outsideAssessmentSpec } from "../../schemas/reviews.ts";
import { retractHandlers } from "../versioned-writes.ts";

/** DELETE /v1/assessments/{id}: a retraction with its reason; the record stays readable. */
export const retractOutsideAssessmentHandlers = retractHandlers({
  ...outsideAssessmentSpec,
  writes: outsideAssessmentWrites,
  idParam: IdParam("assessment"),
});
