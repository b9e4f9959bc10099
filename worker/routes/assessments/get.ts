import { outsideAssessment, outsideAssessmentRecord } from "../../domain/reviews.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { IdParam } from "../../schemas/common.ts";
import { OutsideAssessmentSchema } from "../../schemas/reviews.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

/** GET /v1/assessments/{id} */
export const getOutsideAssessmentHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "getAssessment",
      tag: "Assessments by others",
      summary: "One assessment by others",
    },
    OutsideAssessmentSchema,
  ),
  validate("param", IdParam("assessment")),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await outsideAssessment(c.get("db"), id);
    return sendRecord(c, row, outsideAssessmentRecord, `No assessment with id ${id}.`);
  },
);
