import type { MemberRow } from "../../db/queries/members.ts";
import type { MemberPageData } from "../domain/member-pages.ts";
import { ASSOCIATION_NOTE, type PostingRecord } from "../domain/members.ts";
import { sumDecimals } from "../lib/money.ts";
import { AffiliationsSection } from "./affiliations.tsx";
import { cellText, compactMoney, utcTime } from "./format.ts";
import { History } from "./history.tsx";
import { Page, ScrollBox, SourceLink, TableHead } from "./layout.tsx";
import { PostingsTable } from "./postings.tsx";

const term = (m: MemberRow) =>
  `${m.appointedOn ?? "start not disclosed"} to ${m.departedOn ?? (m.appointedOn ? "present" : "—")}`;

type ListedMember = MemberRow & { postings: PostingRecord[] };

/** "OPM, SSA": where a member was posted, each agency once. */
const postedAt = (m: ListedMember) => [...new Set(m.postings.map((p) => p.agency))].join(", ");

export function MembersPage(props: { members: ListedMember[]; commission: string | undefined }) {
  return (
    <Page
      title="Members"
      description="The people who lead or led the commission, each fact with its source."
    >
      <h1>Members{props.commission ? ` of ${props.commission}` : ""}</h1>
      <p class="lede">
        Who led or worked for each commission, and where they were posted, as public reports say:{" "}
        {props.members.length} people. Every fact links its source; what could not be sourced is
        left out. Also as <a href="/v1/members">JSON</a> or <a href="/v1/members?format=csv">CSV</a>
        , filtered by agency, posting type, date or name.
      </p>
      {props.members.length === 0 ? (
        <p class="muted">No members recorded.</p>
      ) : (
        <ScrollBox label="Members, by name">
          <table>
            <caption>Members, by name</caption>
            <TableHead columns={["Name", "Role", "Posted at", "Term", "Commission"]} />
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <td>
                    <a href={`/members/${m.id}`}>{m.name}</a>
                    {m.retractedAt ? <span class="badge">retracted</span> : null}
                  </td>
                  <td>{cellText(m.role)}</td>
                  <td>{cellText(postedAt(m))}</td>
                  <td>{term(m)}</td>
                  <td>{m.commission}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </Page>
  );
}

export function MemberPage({ data }: { data: MemberPageData }) {
  const m = data.member;
  return (
    <Page title={m.name} description={`${m.name}: ${m.role ?? "member"} of ${m.commission}.`}>
      <p class="muted">
        <a href="/members">Members</a> · {m.commission}
      </p>
      <h1>{m.name}</h1>
      <dl class="facts">
        <dt>Role</dt>
        <dd>{cellText(m.role)}</dd>
        <dt>Affiliation</dt>
        <dd>{cellText(m.affiliation)}</dd>
        <dt>Term</dt>
        <dd>{term(m)}</dd>
        {m.notes ? (
          <>
            <dt>Notes</dt>
            <dd>{m.notes}</dd>
          </>
        ) : null}
        {m.retractedAt ? (
          <>
            <dt>Retracted</dt>
            <dd>
              {utcTime(m.retractedAt)}: {cellText(m.retractionReason)}
            </dd>
          </>
        ) : null}
      </dl>
      <h2 id="postings">Postings</h2>
      {data.postings.length ? (
        <PostingsTable
          id="postings"
          caption={`Where ${m.name} was reported posted`}
          rows={data.postings.map((posting) => ({ posting }))}
        />
      ) : (
        <p>No posting reported.</p>
      )}
      <h2 id="claims">Claims at those agencies while posted there</h2>
      <p class="muted">{ASSOCIATION_NOTE}</p>
      <PostingClaimsTable data={data} />
      <AffiliationsSection affiliations={data.affiliations} name={m.name} />
      <h2>Sources</h2>
      <ul>
        {m.sources.map((s) => (
          <li>
            <SourceLink url={s.url} text={s.title} />
            {s.note ? ` (${s.note})` : ""}
          </li>
        ))}
      </ul>
      <h2 id="history">History</h2>
      <History versions={data.versions} />
    </Page>
  );
}

/**
 * Per dated posting: the live claims at its agency dated in the months it covers, with their
 * total and their verdicts, linked to the claims search for exactly that agency and span.
 */
function PostingClaimsTable({ data }: { data: MemberPageData }) {
  const dated = data.postings.filter((p) => p.start_on && p.agency_code);
  if (dated.length === 0) {
    return <p>No posting has both a matched agency and a reported start date.</p>;
  }
  const byPosting = new Map<number, typeof data.claims>();
  for (const row of data.claims) {
    byPosting.set(row.posting_id, [...(byPosting.get(row.posting_id) ?? []), row]);
  }
  return (
    <ScrollBox label="Live claims at each posting's agency">
      <table id="posting-claims">
        <caption>
          Live claims at each posting's agency (a sub-agency's department: the claims name no finer
          unit), in the months of the posting
        </caption>
        <TableHead columns={["Agency", "Months", "Claims", "Claimed", "Verdicts"]} />
        <tbody>
          {dated.map((posting) => {
            const rows = byPosting.get(posting.id) ?? [];
            const first = rows[0];
            const claims = rows.reduce((n, r) => n + r.claims, 0);
            const claimed = sumDecimals(rows.map((r) => r.claimed));
            const from = first?.from ?? posting.start_on ?? "";
            const to = first?.to ?? null;
            const search = `/proposals?agency=${posting.agency_code}&claim_date_from=${from}${to ? `&claim_date_to=${to}` : ""}&removed=false`;
            return (
              <tr>
                <td>
                  {posting.agency_name} (claims at{" "}
                  <a href={`/agencies/${posting.agency_code}`}>agency {posting.agency_code}</a>)
                </td>
                <td>{`${from.slice(0, 7)} to ${to ? to.slice(0, 7) : "(no end reported)"}`}</td>
                <td class="num">
                  <a href={search}>{claims.toLocaleString("en-US")}</a>
                </td>
                <td class="num" data-amount={claimed}>
                  {compactMoney(claimed)}
                </td>
                <td>{rows.map((r) => `${r.status} ${r.claims}`).join(", ") || "none"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollBox>
  );
}
