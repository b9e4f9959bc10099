import type { Db } from "../../db/client.ts";
import { type ChangeFilters, type ChangeRow, listChanges } from "../../db/queries/changes.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import {
  CHANGE_KIND_TEXT,
  type ChangeWhat,
  changeDetails,
  changeKind,
} from "../lib/change-text.ts";
import type { FeedEntry } from "../lib/feed.ts";
import { dollars } from "../lib/money.ts";
import { isoTimestamp, toApi } from "../lib/serialize.ts";

/** One change as the API shows it: what it did, and links to its claim and version. */
export type ChangeRecord = ChangeRow & {
  what: ChangeWhat;
  links: { proposal: string; version: string };
};

export function changeRecord(row: ChangeRow): ChangeRecord {
  return {
    ...(toApi(row) as Omit<ChangeRecord, "what" | "links">),
    // An editor is named by role, as webhooks name it: a key id is nobody's business.
    actor: row.actor.startsWith("key:") ? "editor" : row.actor,
    what: changeKind(row),
    links: {
      proposal: `/v1/proposals/${row.proposal_id}`,
      version: `/v1/proposals/${row.proposal_id}/versions/${row.version}`,
    },
  };
}

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

const FEED_SIZE = 50;

/** The latest 50 changes as a feed (Atom or JSON Feed), its links made absolute from `url`. */
export async function changeFeed(url: string, db: Db, filters: ChangeFilters) {
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
  const item = changeRecord(row);
  const details = changeDetails(item.changed_fields);
  const at = new Date(item.changed_at).toISOString();
  return {
    id: `${origin}${item.links.version}`,
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
