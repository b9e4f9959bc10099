import * as v from "valibot";
import type { ProposalRow } from "../../db/queries/proposals.ts";
import { proposalKind } from "../../db/schema/enums.ts";
import type { ClaimsData } from "../domain/claims-page.ts";
import { DEFAULT_LIMIT } from "../lib/paging.ts";
import { PLACES } from "../lib/states.ts";
import { STATUSES_V3 } from "../savings/assess-v3.ts";
import { sortParam } from "../schemas/list.ts";
import { PROPOSAL_SORT_NAMES, ProposalListQuery } from "../schemas/proposals.ts";
import { Field, labelled, type Options, Select } from "./form.tsx";
import { cellText, compactMoney, fieldLabel, fullMoney } from "./format.ts";
import { Page, PageLinks, ScrollBox, TableHead } from "./layout.tsx";

/**
 * `/proposals`: every claim, searchable and filterable with the API's own parameters, so a
 * search a reporter builds here is one link away from the same rows as JSON or CSV.
 */
export const ClaimsQuery = v.strictObject({
  ...v.omit(ProposalListQuery, ["format", "count", "sort"]).entries,
  // A reader's first question is "which are the big ones", not "which came first".
  sort: sortParam(PROPOSAL_SORT_NAMES, "-claimed_savings"),
});
export type ClaimsQuery = v.InferOutput<typeof ClaimsQuery>;

const SORT_CHOICES: Options = [
  ["-claimed_savings", "Largest claimed saving first"],
  ["claimed_savings", "Smallest claimed saving first"],
  ["-claim_date", "Newest claim first"],
  ["claim_date", "Oldest claim first"],
  ["-first_seen_at", "Most recently published first"],
  ["agency", "Agency, A to Z"],
];

export function ClaimsPage(props: { data: ClaimsData; query: ClaimsQuery; search: string }) {
  const { data, query } = props;
  const params = new URLSearchParams(props.search);
  params.delete("cursor");
  const asApi = (format?: "csv") => {
    const api = new URLSearchParams(params);
    api.set("sort", query.sort);
    if (format) {
      api.set("format", format);
      api.delete("limit"); // a CSV without a limit streams every matching row
    }
    return `/v1/proposals?${api}`;
  };
  return (
    <Page
      title="Claims"
      description="Every cut the commission claims: search, filter and sort, then download the same rows."
    >
      <h1>Claims</h1>
      <p class="lede">
        Every cut the commission claims, with what the budget records confirm of it. Search and
        filter below; the same rows are in the API as <a href={asApi()}>JSON</a> and, all of them at
        once, as <a href={asApi("csv")}>CSV</a>.
      </p>
      <SearchForm query={query} agencies={data.agencies} />
      <p id="result-count" role="status">
        {data.total === 1
          ? "1 claim matches"
          : `${data.total.toLocaleString("en-US")} claims match`}
        {query.cursor ? " (a later page)" : ""}.
      </p>
      <ClaimsTable
        id="claims"
        rows={data.rows}
        caption="Matching claims"
        agencyNames={new Map(data.agencies)}
      />
      <PageLinks
        path="/proposals"
        query={params}
        onFirst={!query.cursor}
        next={data.next}
        firstText="First page"
        nextText={`Next ${query.limit ?? DEFAULT_LIMIT} claims`}
      />
    </Page>
  );
}

/** States and territories by name, for the place filter (a claim's `state`). */
const STATE_CHOICES: Options = Object.entries(PLACES)
  .map(([code, place]) => [code, place.name] as const)
  .sort((a, b) => a[1].localeCompare(b[1]));

const REMOVED_CHOICES: Options = [
  ["any", "Either"],
  ["false", "Still listed"],
  ["true", "Removed from the source"],
];

function SearchForm(props: { query: ClaimsQuery; agencies: Options }) {
  const q = props.query;
  return (
    <search>
      <form method="get" action="/proposals" class="search">
        <Field name="q" label="Words">
          <input
            type="search"
            id="f-q"
            name="q"
            value={q.q ?? ""}
            placeholder='"diversity training" -lease'
          />
        </Field>
        <Field name="recipient" label="Recipient contains">
          <input type="text" id="f-recipient" name="recipient" value={q.recipient ?? ""} />
        </Field>
        <Select
          name="agency"
          label="Agency"
          any="Any agency"
          options={props.agencies}
          now={q.agency}
        />
        <Select
          name="state"
          label="State (where the money was to be spent)"
          any="Any state, or unknown"
          options={STATE_CHOICES}
          now={q.state}
        />
        <Field name="district" label="Congressional district">
          <input
            type="text"
            id="f-district"
            name="district"
            value={q.district ?? ""}
            placeholder="VA-08"
            size={6}
          />
        </Field>
        <Select
          name="kind"
          label="Kind"
          any="Any kind"
          options={labelled(proposalKind.enumValues)}
          now={q.kind}
        />
        <Select
          name="assessment_status"
          label="Verdict"
          any="Any verdict"
          options={labelled(STATUSES_V3)}
          now={q.assessment_status}
        />
        <Select
          name="removed"
          label="Still at the source?"
          options={REMOVED_CHOICES}
          now={q.removed}
        />
        <Select name="sort" label="Order" options={SORT_CHOICES} now={q.sort} />
        <button type="submit">Search</button>
      </form>
    </search>
  );
}

/** An agency's name, linked to its page when the claim is matched to one. */
export function AgencyName(props: { code: string | null; name: string | null }) {
  return props.code ? (
    <a href={`/agencies/${props.code}`}>{props.name ?? props.code}</a>
  ) : (
    cellText(props.name)
  );
}

/** Claims as a table: what is claimed, what the records confirm, and the verdict. */
export function ClaimsTable(props: {
  id: string;
  rows: ProposalRow[];
  caption: string;
  /** Show the agency column, under these names (the source's own name where unmatched). */
  agencyNames?: ReadonlyMap<string, string>;
}) {
  const names = props.agencyNames;
  if (props.rows.length === 0) return <p class="muted">No claims match.</p>;
  return (
    <ScrollBox label={props.caption}>
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <TableHead
          columns={[
            "Claim",
            ...(names ? ["Agency"] : []),
            "Claimed on",
            { num: "Claimed" },
            { num: "Taken back (verified)" },
            "Verdict",
          ]}
        />
        <tbody>
          {props.rows.map((p) => (
            <tr>
              <td>
                <a href={`/proposals/${p.id}`}>{p.title}</a>
                {p.removedFromSourceAt ? <span class="badge">removed</span> : null}
                <span class="ids">{identifiers(p)}</span>
              </td>
              {names ? (
                <td>
                  <AgencyName
                    code={p.agencyCode}
                    name={(p.agencyCode && names.get(p.agencyCode)) || p.agencyName}
                  />
                </td>
              ) : null}
              <td>{p.claimDate ?? "—"}</td>
              <td class="num" title={fullMoney(p.claimedSavings)}>
                {compactMoney(p.claimedSavings)}
              </td>
              <td class="num">
                {p.assessment ? compactMoney(p.assessment.takenBack) : "not checked"}
              </td>
              <td>{p.assessment ? fieldLabel(p.assessment.status) : "not checked"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** What tells claims apart when the source gives many the same title ("Unavailable for legal reasons"). */
function identifiers(p: ProposalRow): string {
  const ids = [p.recipient, p.piid && `PIID ${p.piid}`, p.fain && `FAIN ${p.fain}`];
  return ids.filter(Boolean).join(" · ");
}
