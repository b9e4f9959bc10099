import type { Db } from "../../db/client.ts";
import { listMemberVersions } from "../../db/queries/history.ts";
import { getMember, listMembers, type MemberRow } from "../../db/queries/members.ts";
import { cellText, utcTime } from "./format.ts";
import { History } from "./history.tsx";
import { Page, SourceLink, TableHead } from "./layout.tsx";

// A commission has a handful of members; the API pages through any number.
const MAX_MEMBERS = 500;

export async function loadMembers(db: Db, commission: string | undefined) {
  return listMembers(db, {
    filters: { commission },
    sort: "name",
    desc: false,
    limit: MAX_MEMBERS,
  });
}

export async function loadMember(db: Db, id: number) {
  const member = await getMember(db, id);
  if (!member) return undefined;
  const versions = await listMemberVersions(db, { id, limit: MAX_MEMBERS });
  return { member, versions };
}

const term = (m: MemberRow) =>
  `${m.appointedOn ?? "start not disclosed"} to ${m.departedOn ?? (m.appointedOn ? "present" : "—")}`;

export function MembersPage(props: { members: MemberRow[]; commission: string | undefined }) {
  return (
    <Page
      title="Members"
      description="The people who lead or led the commission, each fact with its source."
    >
      <h1>Members{props.commission ? ` of ${props.commission}` : ""}</h1>
      <p class="lede">
        Who leads or led each commission, as public records report it. Every fact links its source;
        what could not be sourced is left out. Also as <a href="/v1/members">JSON</a> or{" "}
        <a href="/v1/members?format=csv">CSV</a>.
      </p>
      {props.members.length === 0 ? (
        <p class="muted">No members recorded.</p>
      ) : (
        <table>
          <caption>Members, by name</caption>
          <TableHead columns={["Name", "Role", "Affiliation", "Term", "Commission"]} />
          <tbody>
            {props.members.map((m) => (
              <tr>
                <td>
                  <a href={`/members/${m.id}`}>{m.name}</a>
                  {m.retractedAt ? <span class="badge">retracted</span> : null}
                </td>
                <td>{cellText(m.role)}</td>
                <td>{cellText(m.affiliation)}</td>
                <td>{term(m)}</td>
                <td>{m.commission}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

type MemberPageData = NonNullable<Awaited<ReturnType<typeof loadMember>>>;

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
