import {
  getOutsideAssessment,
  listOutsideAssessmentVersions,
} from "../../../db/queries/reviews.ts";
import { historyHandlers } from "../versioned-history.ts";

/** GET /v1/assessments/{id}/history */
export const outsideAssessmentHistoryHandlers = historyHandlers({
  resource: "assessment",
  tag: "Assessments by others",
  path: "/v1/assessments",
  list: listOutsideAssessmentVersions,
  exists: async (db, id) => (await getOutsideAssessment(db, id)) !== undefined,
});
