import { outsideAssessmentListSpec } from "../../domain/reviews.ts";
import { sendList } from "../../http/lists.ts";
import { csvColumns } from "../../lib/csv.ts";
import { parseSort } from "../../lib/paging.ts";
import { describeList } from "../../openapi.ts";
import {
  OutsideAssessmentListQuery,
  type OutsideAssessmentRecord,
  OutsideAssessmentSchema,
} from "../../schemas/reviews.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

/** GET /v1/assessments */
export const listOutsideAssessmentsHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "listAssessments",
      tag: "Assessments by others",
      summary: "What others found when they checked a commission's claims",
      description:
        "Published checks of a commission's claims (newsrooms, auditors, think tanks, analysts) and a commission's own reports, each with its date, scope, the claim it checked, what it found, its currency and its source. Each is its author's finding: none is added to this project's totals. JSON or CSV, paged by cursor.",
    },
    OutsideAssessmentSchema,
  ),
  validate("query", OutsideAssessmentListQuery),
  (c) => {
    const query = c.req.valid("query");
    const filters = { commission: query.commission, assessorKind: query.assessor_kind };
    const spec = outsideAssessmentListSpec(c.get("db"), filters, parseSort(query.sort));
    return sendList(c, query, {
      ...spec,
      csv: csvColumns<OutsideAssessmentRecord>("assessments.csv", OutsideAssessmentSchema),
    });
  },
);
