import { Hono } from "hono";
import * as v from "valibot";
import type { Db } from "../../db/client.ts";
import { type ChangeFilters, type ChangeRow, listChanges } from "../../db/queries/changes.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import type { AppEnv } from "../env.ts";
import { changeDetails, changeKind } from "../lib/change-text.ts";
import { atomFeed, type FeedEntry, jsonFeed } from "../lib/feed.ts";
import { listParams, sendList } from "../lib/listing.ts";
import { dollars } from "../lib/money.ts";
import { isoTimestamp, toApi } from "../lib/serialize.ts";
import { describeDocument, describeList } from "../openapi.ts";
import { validate } from "../validate.ts";
import { AgencyCodeParam, Money, Slug, Timestamp } from "./schemas.ts";

const Filters = {
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  agency: AgencyCodeParam("USAspending toptier agency code."),
};

const { count: _count, ...pagingParams } = listParams;

export const ChangesQuery = v.strictObject({
  ...Filters,
  sort: v.optional(
    v.pipe(v.picklist(["-changed_at"]), v.description("Newest first.")),
    "-changed_at",
  ),
  // No `count`: counting every change of every claim is not worth a statement per page.
  ...pagingParams,
});

export const ChangeSchema = v.object({
  proposal_id: v.number(),
  version: v.number(),
  what: v.pipe(
    v.picklist(["new", "changed", "removed", "back", "retracted"]),
    v.description(
      "new claim, changed fields, removed from the source, back at the source, retracted",
    ),
  ),
  changed_at: v.pipe(
    Timestamp,
    v.description(
      "When the change happened: when the source showed it (a snapshot's capture time, the job's fetch time) or an editor saved it. The list is ordered by it.",
    ),
  ),
  recorded_at: v.pipe(Timestamp, v.description("When cutwatch wrote the change.")),
  actor: v.pipe(v.string(), v.description("`key:<id>` for an editor, `source:doge` for the job.")),
  reason: v.nullable(v.string()),
  changed_fields: v.record(v.string(), v.object({ old: v.unknown(), new: v.unknown() })),
  title: v.string(),
  commission: v.string(),
  agency_code: v.nullable(v.string()),
  agency_name: v.nullable(v.string()),
  claimed_savings: v.nullable(Money),
  links: v.object({ proposal: v.string(), version: v.string() }),
});
type Change = v.InferOutput<typeof ChangeSchema>;

function change(row: ChangeRow): Change {
  return {
    ...(toApi(row) as Omit<Change, "what" | "links">),
    what: changeKind(row),
    links: {
      proposal: `/v1/proposals/${row.proposal_id}`,
      version: `/v1/proposals/${row.proposal_id}/versions/${row.version}`,
    },
  };
}

const CSV_COLUMNS = [
  "proposal_id",
  "version",
  "what",
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
] as const;

/**
 * How changes are read as a list. A change's cursor key is "proposal:version": the two
 * together break ties between changes made in the same transaction.
 */
export function changeListSpec(db: Db, filters: ChangeFilters) {
  return {
    page: (after: KeysetPosition | undefined, limit: number) => {
      const [proposalId, version] = String(after?.key ?? "")
        .split(":")
        .map(Number);
      const position =
        after?.value && proposalId && version
          ? { at: after.value, proposalId, version }
          : undefined;
      return listChanges(db, { filters, after: position, limit });
    },
    position: (row: ChangeRow) => ({
      value: row.changed_at,
      key: `${row.proposal_id}:${row.version}`,
    }),
  };
}

/** GET /v1/changes: every change across proposals, newest first, paged like every list. */
export const changeRoutes = new Hono<AppEnv>().get(
  "/",
  describeList(
    {
      operationId: "listChanges",
      tag: "Proposals",
      summary: "Changes across all claims",
      description:
        "Each history version of each proposal, newest first: new claims, edits from the source or an editor (field by field), removals from the source, returns, retractions. Also as Atom (/feeds/changes.atom) and JSON Feed (/feeds/changes.json).",
    },
    ChangeSchema,
  ),
  validate("query", ChangesQuery),
  (c) => {
    const { commission, agency, ...query } = c.req.valid("query");
    return sendList(c, query, {
      ...changeListSpec(c.get("db"), { commission, agency }),
      record: change,
      csv: {
        filename: "changes.csv",
        header: CSV_COLUMNS,
        row: (r: Change) => CSV_COLUMNS.map((k) => r[k]),
      },
    });
  },
);

const FEED_SIZE = 50;

/** /feeds/changes.atom and /feeds/changes.json: the latest 50 changes, for feed readers. */
export const feedRoutes = new Hono<AppEnv>()
  .get(
    "/changes.atom",
    describeFeed("changesAtom", "application/atom+xml"),
    validate("query", v.strictObject(Filters)),
    async (c) => {
      const feed = await buildFeed(c.req.url, c.get("db"), c.req.valid("query"));
      return c.body(
        atomFeed(feed.head, feed.entries),
        200,
        feedHeaders("application/atom+xml; charset=utf-8"),
      );
    },
  )
  .get(
    "/changes.json",
    describeFeed("changesJsonFeed", "application/feed+json"),
    validate("query", v.strictObject(Filters)),
    async (c) => {
      const feed = await buildFeed(c.req.url, c.get("db"), c.req.valid("query"));
      return c.body(
        jsonFeed(feed.head, feed.entries),
        200,
        feedHeaders("application/feed+json; charset=utf-8"),
      );
    },
  );

function describeFeed(operationId: string, type: string) {
  return describeDocument(
    {
      operationId,
      tag: "Proposals",
      summary: `The latest changes as ${type === "application/atom+xml" ? "Atom" : "JSON Feed"}`,
      description:
        "The 50 newest changes across claims, filterable by commission and agency, for feed readers.",
    },
    type,
  );
}

function feedHeaders(type: string) {
  return { "Content-Type": type, "Cache-Control": "public, max-age=300" };
}

async function buildFeed(
  url: string,
  db: Db,
  filters: { commission?: string | undefined; agency?: string | undefined },
) {
  const origin = new URL(url).origin;
  const rows = await listChanges(db, { filters, limit: FEED_SIZE });
  const query = new URLSearchParams(
    Object.entries(filters).filter(([, val]) => val) as [string, string][],
  ).toString();
  const self = `${origin}${new URL(url).pathname}${query ? `?${query}` : ""}`;
  const head = {
    self,
    title: `cutwatch: changes to claimed cuts${filters.commission ? ` (${filters.commission})` : ""}${filters.agency ? ` at agency ${filters.agency}` : ""}`,
    subtitle:
      "New, changed, removed and retracted claims of spending-cut commissions, as cutwatch records them.",
    link: `${origin}/v1/changes${query ? `?${query}` : ""}`,
    updated: rows[0] ? isoTimestamp(rows[0].changed_at) : new Date(0).toISOString(),
    generator: "cutwatch",
    rights: "Public data; see the sources of each claim.",
    atomUrl: `${origin}/feeds/changes.atom${query ? `?${query}` : ""}`,
    jsonUrl: `${origin}/feeds/changes.json${query ? `?${query}` : ""}`,
  };
  return { head, entries: rows.map((row) => feedEntry(origin, row)) };
}

/** One change as a feed entry: every field plain text, which the feed writers escape. */
function feedEntry(origin: string, row: ChangeRow): FeedEntry {
  const item = change(row);
  const details = changeDetails(item.changed_fields);
  const at = new Date(item.changed_at).toISOString();
  return {
    id: `${origin}${item.links.version}`,
    title: `${item.what}: ${item.title}`,
    // Feed readers open links in a browser: the claim's page, at the version that changed.
    link: `${origin}/proposals/${item.proposal_id}#v${item.version}`,
    updated: at,
    published: at,
    summary: [
      `${item.commission}${item.agency_name ? `, ${item.agency_name}` : ""}`,
      item.claimed_savings ? `claimed ${dollars(item.claimed_savings)}` : null,
      details.length ? details.join("; ") : null,
      item.reason ? `reason: ${item.reason}` : null,
      `by ${item.actor}`,
    ]
      .filter(Boolean)
      .join(" · "),
    author: item.actor,
  };
}
