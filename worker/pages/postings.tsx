import type { MembersNearClaim, PostingRecord } from "../domain/members.ts";
import { cellText } from "./format.ts";
import { ScrollBox, SourceLink, TableHead } from "./layout.tsx";

export type PostingLine = { memberId?: number; name?: string; posting: PostingRecord };

/** Postings as a table: who (when listing several people), where, as what, when, and the report. */
export function PostingsTable(props: { rows: PostingLine[]; caption: string; id: string }) {
  const withMember = props.rows.some((r) => r.name);
  return (
    <ScrollBox label={props.caption}>
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <TableHead
          columns={[
            ...(withMember ? ["Member"] : []),
            "Agency",
            "Title",
            "Type",
            "Dates as reported",
            "Source",
          ]}
        />
        <tbody>
          {props.rows.map(({ memberId, name, posting: p }) => (
            <tr>
              {withMember ? (
                <td>{memberId ? <a href={`/members/${memberId}`}>{name}</a> : cellText(name)}</td>
              ) : null}
              <td>
                {p.agency_code ? (
                  <a href={`/agencies/${p.agency_code}`}>{p.agency_name}</a>
                ) : (
                  p.agency_name
                )}
              </td>
              <td>{cellText(p.title)}</td>
              <td>{cellText(p.type)}</td>
              <td>{p.dates}</td>
              <td>
                {/* A posting whose report the roster does not cite links the roster, said so. */}
                <SourceLink url={p.source.url} text={p.source.note ? "roster" : "report"} />
                {p.source.note ? <span class="muted"> ({p.source.note})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** A claim's page: the members reported at its agency around its date. */
export function MembersNearClaimSection(props: { near: MembersNearClaim; proposalId: number }) {
  const near = props.near;
  return (
    <section id="members">
      <h2>Members at this agency around the claim date</h2>
      <p class="muted">{near.note}</p>
      {near.reason ? (
        <p>No member can be placed beside this claim: {near.reason}.</p>
      ) : (
        <>
          <p>
            Postings at this agency (its sub-agencies included) that may have covered a day from{" "}
            {near.from} to {near.to}, {near.window_days} days either side of the claim date; a date
            reported only by month covers its whole month, and approximate dates are marked "about".
            {near.undated_members
              ? ` ${near.undated_members} more member(s) were posted here with no dates reported.`
              : ""}{" "}
            Also as <a href={`/v1/proposals/${props.proposalId}/members`}>JSON</a>.
          </p>
          {near.members.length ? (
            <PostingsTable
              id="members-near"
              caption="Members reported at the agency around the claim date"
              rows={near.members.map((m) => ({
                memberId: m.member_id,
                name: m.name,
                posting: m.posting,
              }))}
            />
          ) : (
            <p>No member was reported at this agency then.</p>
          )}
        </>
      )}
    </section>
  );
}
