import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { addPostings, type NewPosting } from "../../db/queries/postings.ts";
import { agencies, agencyAliases, members, memberVersions } from "../../db/schema/index.ts";
import { normalizeName } from "../../worker/domain/draft.ts";
import {
  agencyNameForms,
  ROSTER_URL,
  type RosterAgencies,
  type RosterFile,
  type RosterMember,
  rosterMembers,
} from "./roster.ts";

const DATA = new URL("../../data/members/", import.meta.url);
const REASON = "loaded from the roster compiled by harrisj/doge_track (2025-05-10)";

/**
 * The commission's people from data/members/: one member per person, one posting per reported
 * agency assignment. A person already a member (the leaders of reference/commissions.json) is
 * that member, given the roster's postings; everyone else is a new member whose sources are the
 * reports their postings cite. Each member's postings are recorded in a member version.
 */
export async function seedRoster(db: Db, commissionId: number): Promise<number> {
  const roster = JSON.parse(
    await readFile(new URL("doge-people-2025-05-10.json", DATA), "utf8"),
  ) as RosterFile;
  const ids = JSON.parse(
    await readFile(new URL("doge-agency-ids-2025-05-10.json", DATA), "utf8"),
  ) as RosterAgencies;
  const people = rosterMembers(roster, ids, await agencyMatcher(db));
  const existing = await db.select().from(members).where(eq(members.commissionId, commissionId));
  const byName = new Map(existing.map((m) => [normalizeName(m.name), m]));
  for (const person of people) {
    const known = byName.get(normalizeName(person.name));
    const member = known
      ? (
          await db
            .update(members)
            .set({ rosterSlug: person.slug, version: known.version + 1 })
            .where(eq(members.id, known.id))
            .returning()
        )[0]
      : (
          await db
            .insert(members)
            .values({
              commissionId,
              name: person.name,
              rosterSlug: person.slug,
              sources: sourcesOf(person),
            })
            .returning()
        )[0];
    if (!member) throw new Error(`could not store member ${person.name}`);
    const postings = await addPostings(db, member.id, person.postings.map(postingRow));
    await db.insert(memberVersions).values({
      memberId: member.id,
      version: member.version,
      snapshot: { ...member, postings },
      changedFields: { postings: { old: [], new: postings } },
      actor: "seed",
      reason: REASON,
    });
  }
  return people.length;
}

function postingRow(p: RosterMember["postings"][number]): NewPosting {
  return {
    agencyRef: p.agencyRef,
    agencyName: p.agencyName,
    agencyCode: p.agencyCode,
    title: p.title,
    postingType: p.postingType,
    startOn: p.start.on,
    startPrecision: p.start.precision,
    endOn: p.end.on,
    endPrecision: p.end.precision,
    sourceUrl: p.sourceUrl,
    sourceNote: p.sourceNote,
  };
}

/**
 * A new member's sources: the reports their postings cite, else the roster itself (16 people are
 * named in it with no posting and no report: the roster is then the only source, and says so).
 */
function sourcesOf(person: RosterMember) {
  const urls = [...new Set(person.postings.map((p) => p.sourceUrl))];
  if (urls.length === 0) urls.push(ROSTER_URL);
  return urls.map((url) =>
    url === ROSTER_URL
      ? { url, title: "harrisj/doge_track people.yaml", note: "roster, 2025-05-10" }
      : { url },
  );
}

/** Which cutwatch agency a roster id stands for: by abbreviation, else by name through the aliases. */
export async function agencyMatcher(db: Db) {
  const known = await db
    .select({ code: agencies.code, abbreviation: agencies.abbreviation })
    .from(agencies);
  const byAbbreviation = new Map(
    known.flatMap((a) => (a.abbreviation ? [[a.abbreviation.toUpperCase(), a.code]] : [])),
  );
  const aliases = new Map(
    (
      await db
        .select({ normalized: agencyAliases.normalized, code: agencyAliases.agencyCode })
        .from(agencyAliases)
    ).map((a) => [a.normalized, a.code]),
  );
  return (id: string, name: string): string | null =>
    byAbbreviation.get(id.toUpperCase()) ??
    agencyNameForms(name)
      .map((form) => aliases.get(form))
      .find((code) => code !== undefined) ??
    null;
}
