import type { Db } from "../../db/client.ts";
import {
  type ChangeFilters,
  type ChangeRow,
  listChanges,
  listOutcomeChanges,
  type OutcomeChangePosition,
  type OutcomeChangeRow,
} from "../../db/queries/changes.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import {
  CHANGE_KIND_TEXT,
  type ChangeWhat,
  changeDetails,
  changeKind,
  OUTCOME_CHANGE_KINDS,
} from "../lib/change-text.ts";
import type { FeedEntry } from "../lib/feed.ts";
import { dollars } from "../lib/money.ts";
import { isoTimestamp, toApi } from "../lib/serialize.ts";

/**
 * One entry of the change log: a version of a claim, or an outcome event recorded or retracted
 * (no version; the event in `outcome`).
 */
export type ChangeEntry = ChangeRow | OutcomeChangeRow;

/** One change as the API shows it: what it did, and links to its claim and version. */
export type ChangeRecord = Omit<ChangeRow, "version" | "change"> & {
  version: number | null;
  change: ChangeEntry["change"];
  outcome?: OutcomeChangeRow["outcome"];
  what: ChangeWhat;
  links: { proposal: string; version: string | null; outcomes?: string };
};

export function changeRecord(row: ChangeEntry): ChangeRecord {
  const { seq: _seq, ...fields } = row as ChangeEntry & { seq?: number };
  const proposal = `/v1/proposals/${row.proposal_id}`;
  return {
    ...(toApi(fields) as Omit<ChangeRecord, "what" | "links">),
    // An editor is named by role, as webhooks name it: a key id is nobody's business.
    actor: row.actor.startsWith("key:") ? "editor" : row.actor,
    what: row.version === null ? "outcome" : changeKind(row),
    links:
      row.version === null
        ? { proposal, version: null, outcomes: `${proposal}/outcomes` }
        : { proposal, version: `${proposal}/versions/${row.version}` },
  };
}

/**
 * Versions and outcome events together, newest first: each list read past the same position,
 * merged. Ties on time and claim put a claim's versions before its events (an event's position
 * has version 0, a version's seq 0).
 */
async function listEntries(
  db: Db,
  opts: { filters: ChangeFilters; after?: OutcomeChangePosition | undefined; limit: number },
): Promise<ChangeEntry[]> {
  const outcomeKind = opts.filters.change && OUTCOME_CHANGE_KINDS.includes(opts.filters.change);
  const [versions, outcomes] = await Promise.all([
    outcomeKind ? [] : listChanges(db, opts),
    opts.filters.change && !outcomeKind ? [] : listOutcomeChanges(db, opts),
  ]);
  if (!outcomes.length) return versions;
  const key = (r: ChangeEntry) => [Date.parse(toApi({ at: r.changed_at }).at), r.proposal_id];
  const merged: ChangeEntry[] = [...versions, ...outcomes].sort((a, b) => {
    const [ta = 0, pa = 0] = key(a);
    const [tb = 0, pb = 0] = key(b);
    // Same millisecond but different microseconds: Postgres' text sorts exactly.
    if (ta === tb && pa === pb && a.changed_at !== b.changed_at) {
      return a.changed_at < b.changed_at ? 1 : -1;
    }
    return tb - ta || pb - pa || (b.version ?? 0) - (a.version ?? 0) || seqOf(b) - seqOf(a);
  });
  return merged.slice(0, opts.limit);
}

const seqOf = (r: ChangeEntry) => ("seq" in r ? r.seq : 0);

/**
 * How changes are read as a list. A change's cursor key is "proposal:version" (a version) or
 * "proposal:0:seq" (an outcome event): together they break ties between changes made in the
 * same transaction.
 */
export function changeListSpec(db: Db, filters: ChangeFilters) {
  return {
    page: (after: KeysetPosition | undefined, limit: number) => {
      const [proposalId, version = 0, seq = 0] = String(after?.key ?? "")
        .split(":")
        .map(Number);
      const position =
        after?.value && proposalId && (version || seq)
          ? { at: after.value, proposalId, version, seq }
          : undefined;
      return listEntries(db, { filters, after: position, limit });
    },
    position: (row: ChangeEntry) => ({
      value: row.changed_at,
      key:
        row.version === null
          ? `${row.proposal_id}:0:${row.seq}`
          : `${row.proposal_id}:${row.version}`,
    }),
  };
}

const FEED_SIZE = 50;

/** The latest 50 changes as a feed (Atom or JSON Feed), its links made absolute from `url`. */
export async function changeFeed(url: string, db: Db, filters: ChangeFilters) {
  const origin = new URL(url).origin;
  const rows = await listEntries(db, { filters, limit: FEED_SIZE });
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
function feedEntry(origin: string, row: ChangeEntry): FeedEntry {
  if (row.version === null) return outcomeFeedEntry(origin, row);
  const item = changeRecord(row);
  const details = changeDetails(item.changed_fields);
  const at = new Date(item.changed_at).toISOString();
  return {
    id: `${origin}${item.links.version ?? item.links.proposal}`,
    title: `${CHANGE_KIND_TEXT[item.change]}: ${item.title}`,
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

/** What an outcome change says in a line: the outcome, its date, its source and who recorded it. */
export function outcomeChangeText(row: OutcomeChangeRow): string {
  const o = row.outcome;
  const by =
    o.recorded_by === "import"
      ? `imported from ${o.source_name} (another tracker's finding)`
      : `${o.recorded_by === "job" ? "derived by cutwatch's job" : "recorded by an editor"} from ${o.source_name}`;
  return [
    `${o.kind.replaceAll("_", " ")}${o.occurred_on ? ` on ${o.occurred_on}` : ""}`,
    by,
    o.modification_number ? `modification ${o.modification_number}` : null,
    o.docket ? `docket ${o.docket}` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

function outcomeFeedEntry(origin: string, row: OutcomeChangeRow): FeedEntry {
  const item = changeRecord(row);
  const at = new Date(item.changed_at).toISOString();
  return {
    id: `${origin}${item.links.outcomes}#event-${row.outcome.event_id}${row.change === "outcome_retracted" ? "-retracted" : ""}`,
    title: `${CHANGE_KIND_TEXT[row.change]}: ${item.title}`,
    link: `${origin}/proposals/${item.proposal_id}#what-happened-next`,
    updated: at,
    published: at,
    summary: [
      `${item.commission}${item.agency_name ? `, ${item.agency_name}` : ""}`,
      item.claimed_savings ? `claimed ${dollars(item.claimed_savings)}` : null,
      outcomeChangeText(row),
      `source: ${row.outcome.source_url}`,
      item.reason ? `reason: ${item.reason}` : null,
      `by ${item.actor}`,
    ]
      .filter(Boolean)
      .join(" · "),
    author: item.actor,
  };
}
