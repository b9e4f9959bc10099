import * as v from "valibot";
import type { Db } from "../../db/client.ts";
import { type ChangeEntry, changeListSpec, outcomeChangeText } from "../domain/changes.ts";
import { readCursor } from "../http/lists.ts";
import { type ChangeKind, changeDetails } from "../lib/change-text.ts";
import { fetchPage } from "../lib/paging.ts";
import { ChangesQuery } from "../schemas/changes.ts";
import { utcTime } from "./format.ts";
import { Page, PageLinks } from "./layout.tsx";

/** `/changes`: the whole change log, newest first, with the filters of GET /v1/changes. */
export const ChangesPageQuery = v.omit(ChangesQuery, ["format"]);
export type ChangesPageQuery = v.InferOutput<typeof ChangesPageQuery>;

export async function loadChanges(db: Db, query: ChangesPageQuery) {
  const spec = changeListSpec(db, { commission: query.commission, agency: query.agency });
  return fetchPage(spec, readCursor(query.cursor, query.sort), query);
}

type ChangesData = Awaited<ReturnType<typeof loadChanges>>;

export function ChangesPage(props: { data: ChangesData; query: ChangesPageQuery }) {
  const { commission, agency, limit, cursor } = props.query;
  const filters = new URLSearchParams();
  if (commission) filters.set("commission", commission);
  if (agency) filters.set("agency", agency);
  const first = new URLSearchParams(filters);
  if (limit) first.set("limit", String(limit));
  const csv = new URLSearchParams(filters);
  csv.set("format", "csv");
  return (
    <Page
      title="Changes"
      description="Every change to the claimed cuts: new claims, edits, removals from the source, retractions."
    >
      <h1>Changes</h1>
      <p class="lede">
        Every version of every claim, newest first: what the commission added, edited or quietly
        removed from its lists (only "Removed from the source" is a removal: a partial list removes
        nothing, and a receipt whose identifiers the list wrote otherwise is the same claim), and
        what this project matched or its editors corrected, each linked to its diff; and what became
        of a claim (an outcome event recorded or retracted, with its source). Subscribe as{" "}
        <a href={`/feeds/changes.atom?${filters}`}>Atom</a> or{" "}
        <a href={`/feeds/changes.json?${filters}`}>JSON Feed</a>; the same list as{" "}
        <a href={`/v1/changes?${filters}`}>JSON</a>, or all of it as{" "}
        <a href={`/v1/changes?${csv}`}>CSV</a>.
      </p>
      <ChangeList rows={props.data.rows} />
      <PageLinks
        path="/changes"
        query={first}
        onFirst={!cursor}
        next={props.data.next}
        firstText="Newest changes"
        nextText="Older changes"
      />
    </Page>
  );
}

const WHAT: Record<ChangeKind, string> = {
  new: "New claim",
  edited: "Edited",
  first_reported: "First reported",
  identifiers_changed: "Identifiers changed",
  removed: "Removed from the source",
  back: "Back at the source",
  retracted: "Retracted",
  // This project's own work, never the commission's.
  matched: "Matched by cutwatch",
  corrected: "Corrected by an editor",
  outcome: "Outcome recorded",
  outcome_retracted: "Outcome retracted",
};

export function ChangeList({ rows }: { rows: ChangeEntry[] }) {
  if (rows.length === 0) return <p class="muted">No changes recorded yet.</p>;
  return (
    <ol class="changes">
      {rows.map((r) => {
        if (r.version === null) {
          return (
            <li>
              <time datetime={r.changed_at}>{utcTime(r.changed_at)}</time> ·{" "}
              <span class="badge">{WHAT[r.change]}</span>{" "}
              <a href={`/proposals/${r.proposal_id}#what-happened-next`}>{r.title}</a> (
              {outcomeChangeText(r)}){r.reason ? ` · reason: ${r.reason}` : ""}
              <span class="muted"> · {r.actor.startsWith("key:") ? "editor" : r.actor}</span>
            </li>
          );
        }
        const details = changeDetails(r.changed_fields);
        return (
          <li>
            <time datetime={r.changed_at}>{utcTime(r.changed_at)}</time> ·{" "}
            <span class="badge">{WHAT[r.change]}</span>{" "}
            <a href={`/proposals/${r.proposal_id}#v${r.version}`}>{r.title}</a>
            {details.length ? ` (${details.join("; ")})` : ""}
            <span class="muted"> · {r.actor}</span>
          </li>
        );
      })}
    </ol>
  );
}
