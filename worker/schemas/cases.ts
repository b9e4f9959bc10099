import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { CaseRecord } from "../domain/cases.ts";
import { errorResponses, jsonResponse } from "../openapi.ts";
import { AgencyCodeParam, IsoDate, Slug, Sources } from "./common.ts";
import type { Agree } from "./proposals.ts";

export const CaseSchema = v.object({
  id: v.number(),
  commission: v.string(),
  docket: v.pipe(v.string(), v.description("The court's docket number.")),
  name: v.string(),
  description: v.nullable(v.string()),
  filed_on: v.nullable(IsoDate),
  status: v.pipe(
    v.nullable(v.string()),
    v.description("As the compilation gives it (`closed`); null where it says nothing."),
  ),
  url: v.pipe(v.string(), v.description("The docket on CourtListener.")),
  sources: Sources,
  agencies: v.pipe(
    v.array(
      v.object({
        agency_id: v.string(),
        agency_code: v.nullable(v.string()),
        agency_name: v.nullable(v.string()),
      }),
    ),
    v.description(
      "The agencies the case names: the compilation's id, and the toptier agency it is or belongs to (null for DOGE itself).",
    ),
  ),
});

true satisfies Agree<CaseRecord, v.InferOutput<typeof CaseSchema>>;

export const CaseListQuery = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug."), v.examples(["doge"]))),
  agency: AgencyCodeParam("Cases naming this toptier agency (or one of its sub-agencies).", "024"),
  format: v.optional(v.pipe(v.picklist(["json", "csv"]), v.description("`csv` for RFC 4180 CSV."))),
});

export const describeCases = describeRoute({
  operationId: "listCases",
  tags: ["Outcomes"],
  summary: "Lawsuits about the commission",
  description:
    "Court cases about the commission's actions, newest filing first, each with its docket link and the agencies it names, from a public compilation (harrisj/trump_data, CC0, as of 2025-08-07). No case names a single award or claim, so cases are linked to agencies, not to claims.",
  responses: {
    200: jsonResponse("The cases.", v.object({ data: v.array(CaseSchema) }), true),
    ...errorResponses(400, 503),
  },
});
