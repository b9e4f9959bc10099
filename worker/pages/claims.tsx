import * as v from "valibot";
import type { Db } from "../../db/client.ts";
import { listAgencies } from "../../db/queries/agencies.ts";
import {
  countProposals,
  listProposals,
  PROPOSAL_SORTS,
  type ProposalRow,
  type ProposalSort,
} from "../../db/queries/proposals.ts";
import { assessmentStatus, proposalKind } from "../../db/schema/enums.ts";
import { encodeCursor } from "../lib/cursor.ts";
import { DEFAULT_LIMIT, parseSort, readCursor, sortParam } from "../lib/listing.ts";
import { proposalFilters } from "../routes/proposals/list.ts";
import { ProposalListQuery } from "../routes/proposals/schema.ts";
import { cellText, compactMoney, fieldLabel, fullMoney, moneyRange } from "./format.ts";
import { Page } from "./layout.tsx";

/**
 * `/proposals`: every claim, searchable and filterable with the API's own parameters, so a
 * search a reporter builds here is one link away from the same rows as JSON or CSV.
 */
export const ClaimsQuery = v.strictObject({
  ...v.omit(ProposalListQuery, ["format", "count", "sort"]).entries,
  // A reader's first question is "which are the big ones", not "which came first".
  sort: sortParam(Object.keys(PROPOSAL_SORTS) as ProposalSort[], "-claimed_savings"),
});
export type ClaimsQuery = v.InferOutput<typeof ClaimsQuery>;

const SORT_CHOICES: [ClaimsQuery["sort"], string][] = [
  ["-claimed_savings", "Largest claimed saving first"],
  ["claimed_savings", "Smallest claimed saving first"],
  ["-claim_date", "Newest claim first"],
  ["claim_date", "Oldest claim first"],
  ["-first_seen_at", "Most recently published first"],
  ["agency", "Agency, A to Z"],
];

const MAX_AGENCIES = 500;

export async function loadClaims(db: Db, query: ClaimsQuery) {
  const filters = proposalFilters(query);
  const sort = parseSort<ProposalSort>(query.sort);
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = readCursor(query.cursor, query.sort);
  const [fetched, total, agencies] = await Promise.all([
    listProposals(db, { filters, sort: sort.name, desc: sort.desc, after, limit: limit + 1 }),
    countProposals(db, filters),
    listAgencies(db, { sort: "name", desc: false, limit: MAX_AGENCIES }),
  ]);
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  const next =
    fetched.length > limit && last
      ? encodeCursor({ sort: query.sort, position: { value: last.sortValue, key: last.id } })
      : null;
  const claimed = agencies.filter((a) => a.proposalCount > 0);
  return { rows, total, next, agencies: claimed };
}

type ClaimsData = Awaited<ReturnType<typeof loadClaims>>;

export function ClaimsPage(props: { data: ClaimsData; query: ClaimsQuery; search: string }) {
  const { data, query } = props;
  const params = new URLSearchParams(props.search);
  params.delete("cursor");
  const asApi = (extra: Record<string, string>) => {
    const api = new URLSearchParams(params);
    api.set("sort", query.sort);
    for (const [name, value] of Object.entries(extra)) api.set(name, value);
    return `/v1/proposals?${api}`;
  };
  const nextPage = data.next ? new URLSearchParams(params) : null;
  nextPage?.set("cursor", data.next ?? "");
  return (
    <Page
      title="Claims"
      description="Every cut the commission claims: search, filter and sort, then download the same rows."
    >
      <h1>Claims</h1>
      <p class="lede">
        Every cut the commission claims, with what the budget records confirm of it. Search and
        filter below; the same rows are in the API as <a href={asApi({})}>JSON</a> and, all of them
        at once, as <a href={asApi({ format: "csv" })}>CSV</a>.
      </p>
      <SearchForm query={query} agencies={data.agencies} />
      <p id="result-count" role="status">
        {data.total === 1
          ? "1 claim matches"
          : `${data.total.toLocaleString("en-US")} claims match`}
        {query.cursor ? " (a later page)" : ""}.
      </p>
      <ClaimsTable id="claims" rows={data.rows} caption="Matching claims" showAgency />
      <p>
        {query.cursor ? <a href={`/proposals?${params}`}>First page</a> : null}
        {query.cursor && nextPage ? " · " : null}
        {nextPage ? (
          <a href={`/proposals?${nextPage}`} rel="next">
            Next {query.limit ?? DEFAULT_LIMIT} claims
          </a>
        ) : null}
      </p>
    </Page>
  );
}

function SearchForm(props: { query: ClaimsQuery; agencies: ClaimsData["agencies"] }) {
  const q = props.query;
  return (
    <search>
      <form method="get" action="/proposals" class="search">
        <label>
          Words
          <input
            type="search"
            name="q"
            value={q.q ?? ""}
            placeholder='"diversity training" -lease'
          />
        </label>
        <label>
          Recipient contains
          <input type="text" name="recipient" value={q.recipient ?? ""} />
        </label>
        <label>
          Agency
          <select name="agency">
            <option value="">Any agency</option>
            {props.agencies.map((a) => (
              <option value={a.code} selected={a.code === q.agency}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <Choice
          name="kind"
          label="Kind"
          any="Any kind"
          values={proposalKind.enumValues}
          now={q.kind}
        />
        <Choice
          name="assessment_status"
          label="Verdict"
          any="Any verdict"
          values={assessmentStatus.enumValues}
          now={q.assessment_status}
        />
        <label>
          Still at the source?
          <select name="removed">
            <option value="any" selected={q.removed === "any"}>
              Either
            </option>
            <option value="false" selected={q.removed === "false"}>
              Still listed
            </option>
            <option value="true" selected={q.removed === "true"}>
              Removed from the source
            </option>
          </select>
        </label>
        <label>
          Order
          <select name="sort">
            {SORT_CHOICES.map(([value, text]) => (
              <option value={value} selected={value === q.sort}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
    </search>
  );
}

function Choice(props: {
  name: string;
  label: string;
  any: string;
  values: readonly string[];
  now: string | undefined;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        <option value="">{props.any}</option>
        {props.values.map((value) => (
          <option value={value} selected={value === props.now}>
            {fieldLabel(value)}
          </option>
        ))}
      </select>
    </label>
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
  showAgency?: boolean;
}) {
  if (props.rows.length === 0) return <p class="muted">No claims match.</p>;
  return (
    <table id={props.id}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Claim</th>
          {props.showAgency ? <th scope="col">Agency</th> : null}
          <th scope="col">Claimed on</th>
          <th scope="col" class="num">
            Claimed
          </th>
          <th scope="col" class="num">
            Verified
          </th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((p) => (
          <tr>
            <td>
              <a href={`/proposals/${p.id}`}>{p.title}</a>
              {p.removedFromSourceAt ? <span class="badge">removed</span> : null}
            </td>
            {props.showAgency ? (
              <td>
                <AgencyName code={p.agencyCode} name={p.agencyName} />
              </td>
            ) : null}
            <td>{p.claimDate ?? "—"}</td>
            <td class="num" title={fullMoney(p.claimedSavings)}>
              {compactMoney(p.claimedSavings)}
            </td>
            <td class="num">{moneyRange(p.assessment?.verifiedLow, p.assessment?.verifiedHigh)}</td>
            <td>{p.assessment ? fieldLabel(p.assessment.status) : "not checked"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
