import { Hono } from "hono";
import * as v from "valibot";
import {
  type CommissionRow,
  commissionIdBySlug,
  countCommissions,
  getCommission,
  getCommissionById,
  listCommissions,
} from "../../../db/queries/commissions.ts";
import { commissionTable } from "../../../db/queries/versioned.ts";
import { writeHandlers } from "../../edits/routes.ts";
import type { AppEnv } from "../../env.ts";
import {
  csvColumns,
  listParams,
  parseSort,
  sendList,
  sendRecord,
  sortParam,
} from "../../lib/listing.ts";
import { fromApi, toApi } from "../../lib/serialize.ts";
import { requireKey } from "../../middleware/auth.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { describeList, describeOne } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import {
  DateField,
  IsoDate,
  Money,
  nonEmptyPatch,
  OptionalText,
  ReasonField,
  Retraction,
  Slug,
  Sources,
  SourcesField,
  TextField,
  Timestamp,
} from "../schemas.ts";

const commissionFields = {
  slug: v.pipe(Slug, v.description("Lower-case letters, digits and dashes; used in URLs.")),
  name: TextField(300),
  jurisdiction: TextField(200),
  established_on: v.optional(v.nullable(DateField)),
  scheduled_end_on: v.optional(v.nullable(DateField)),
  dissolved_on: v.optional(v.nullable(DateField)),
  mandate: OptionalText(10_000),
  sources: v.pipe(SourcesField, v.minLength(1, "at least one source is required")),
  reason: ReasonField,
};
const CommissionCreateBody = v.strictObject(commissionFields);
const CommissionPatchBody = nonEmptyPatch(v.partial(v.strictObject(commissionFields)));

const CommissionListQuery = v.strictObject({ sort: sortParam(["id"], "id"), ...listParams });

const CommissionSchema = v.object({
  id: v.number(),
  slug: v.string(),
  name: v.string(),
  jurisdiction: v.string(),
  established_on: v.nullable(IsoDate),
  scheduled_end_on: v.pipe(v.nullable(IsoDate), v.description("The end its charter set.")),
  dissolved_on: v.pipe(v.nullable(IsoDate), v.description("When it actually stopped, if it did.")),
  mandate: v.nullable(v.string()),
  sources: Sources,
  version: v.number(),
  ...Retraction,
  created_at: Timestamp,
  updated_at: Timestamp,
  member_count: v.number(),
  proposal_count: v.pipe(
    v.number(),
    v.description("Live claims: still listed at the source, not retracted (a pool counts once)."),
  ),
  claimed_savings_total: v.pipe(
    Money,
    v.description(
      "Sum of the live claims' savings as the source states them, before any assessment: the savings summary's `claimed_as_published`.",
    ),
  ),
  lists_last_changed_at: v.pipe(
    v.nullable(Timestamp),
    v.description(
      "When the commission's source last showed a change to its lists (as observed: an archived snapshot's capture time or a fetch's time); null before any.",
    ),
  ),
  links: v.object({ members: v.string(), proposals: v.string() }),
});
type CommissionRecord = v.InferOutput<typeof CommissionSchema>;

function record(row: CommissionRow): CommissionRecord {
  const slug = encodeURIComponent(row.slug);
  return {
    ...toApi(row),
    links: {
      members: `/v1/members?commission=${slug}`,
      proposals: `/v1/proposals?commission=${slug}`,
    },
  } as CommissionRecord;
}

/** Editors add and correct commissions; changes are kept in the audit log. */
const commissionWrites = writeHandlers({
  resource: "commission",
  tag: "Commissions",
  table: commissionTable,
  record: CommissionSchema,
  createBody: CommissionCreateBody,
  patchBody: CommissionPatchBody,
  idParam: v.object({ slug: Slug }),
  resolveId: (db, { slug }) => commissionIdBySlug(db, slug as string),
  path: "/v1/commissions",
  locate: (row) => `/v1/commissions/${row.slug}`,
  toInsert: async (_tx, { reason: _reason, ...fields }) =>
    fromApi(fields) as Parameters<typeof commissionTable.insert>[1],
  read: async (db, id) => {
    const row = await getCommissionById(db, id);
    return row && record(row);
  },
});

const editor = [requireKey("editor"), writeLimit] as const;

export const commissionRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeList(
      { operationId: "listCommissions", tag: "Commissions", summary: "List commissions" },
      CommissionSchema,
    ),
    validate("query", CommissionListQuery),
    (c) => {
      const query = c.req.valid("query");
      const db = c.get("db");
      const { desc } = parseSort(query.sort);
      return sendList(c, query, {
        page: (after, limit) => listCommissions(db, { desc, after, limit }),
        position: (row) => ({ value: null, key: row.id }),
        record,
        total: () => countCommissions(db),
        csv: csvColumns<CommissionRecord>("commissions.csv", CommissionSchema),
      });
    },
  )
  .get(
    "/:slug",
    describeOne(
      { operationId: "getCommission", tag: "Commissions", summary: "One commission" },
      CommissionSchema,
    ),
    validate("param", v.object({ slug: Slug })),
    async (c) => {
      const { slug } = c.req.valid("param");
      const row = await getCommission(c.get("db"), slug);
      return sendRecord(c, row, record, `No commission "${slug}".`);
    },
  )
  .post("/", ...editor, ...commissionWrites.create)
  .patch("/:slug", ...editor, ...commissionWrites.update)
  .delete("/:slug", ...editor, ...commissionWrites.retract);
