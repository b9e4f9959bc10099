import { type ChangeRecord, changeListSpec, changeRecord } from "../../domain/changes.ts";
import { sendList } from "../../http/lists.ts";
import { describeList } from "../../openapi.ts";
import { ChangeSchema, ChangesQuery } from "../../schemas/changes.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

const CSV_COLUMNS = [
  "proposal_id",
  "version",
  "what",
  "change",
  "changed_at",
  "recorded_at",
  "actor",
  "reason",
  "changed_fields",
  "title",
  "commission",
  "agency_code",
  "agency_name",
  "claimed_savings",
  "outcome",
] as const;

/** GET /v1/changes: every change across proposals, newest first, paged like every list. */
export const listChangesHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "listChanges",
      tag: "Proposals",
      summary: "Changes across all claims",
      description:
        "Each history version of each proposal, newest first: new claims, edits from the source or an editor (field by field), removals from the source, returns, retractions, and outcome events recorded or retracted (`change=outcome`, `outcome_retracted`). Also as Atom (/feeds/changes.atom) and JSON Feed (/feeds/changes.json).",
    },
    ChangeSchema,
  ),
  validate("query", ChangesQuery),
  (c) => {
    const { commission, agency, change, ...query } = c.req.valid("query");
    return sendList(c, query, {
      ...changeListSpec(c.get("db"), { commission, agency, change }),
      record: changeRecord,
      csv: {
        filename: "changes.csv",
        header: CSV_COLUMNS,
        row: (r: ChangeRecord) => CSV_COLUMNS.map((k) => r[k]),
      },
    });
  },
);
