import type { Db } from "../../db/client.ts";
import { listMembers } from "../../db/queries/members.ts";
import { claimsDuringPostings } from "../../db/queries/postings.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { findMember, memberRecords, memberVersions } from "./members.ts";

// A commission has a handful of members; the API pages through any number.
const MAX_MEMBERS = 500;

/** `/members`: a commission's members, each with where they were posted. */
export async function loadMembers(db: Db, commission: string | undefined) {
  const rows = await listMembers(db, {
    filters: { commission },
    sort: "name",
    desc: false,
    limit: MAX_MEMBERS,
  });
  const records = await memberRecords(db, rows);
  return rows.map((row, i) => ({ ...row, postings: records[i]?.postings ?? [] }));
}

/** A member's page: postings, affiliations, the claims made while posted, its history. */
export async function loadMember(db: Db, id: number) {
  const member = await findMember(db, id);
  if (!member) return undefined;
  const [record] = await memberRecords(db, [member]);
  const versions = await memberVersions(db, { id, limit: MAX_MEMBERS });
  const claims = await claimsDuringPostings(db, id, METHODOLOGY_VERSION);
  return {
    member,
    postings: record?.postings ?? [],
    affiliations: record?.affiliations ?? [],
    claims,
    versions,
  };
}

export type MemberPageData = NonNullable<Awaited<ReturnType<typeof loadMember>>>;
