import { outsideAssessment, outsideAssessmentVersions } from "../../domain/reviews.ts";
import { historyHandlers } from "../versioned-history.ts";

/** GET /v1/assessments/{id}/history */
export const outsideAssessmentHistoryHandlers = historyHandlers({
  resource: "assessment",
  tag: "Assessments by others",
  path: "/v1/assessments",
  list: outsideAssessmentVersions,
  exists: async (db, id) => (await outsideAssessment(db, id)) !== undefined,
});
