import { and, eq, getTableColumns, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { DEPARTMENT_OF_ID_PREFIX, DEPARTMENT_OF_NAME_PREFIX } from "../../worker/lib/agency-ids.ts";
import type { Db } from "../client.ts";
import {
  agencies,
  agencyAliases,
  commissions,
  proposals,
  proposalVersions,
} from "../schema/index.ts";
import { commissionNamed } from "./commissions.ts";
import { type KeysetPosition, keyset, sortValueOf } from "./keyset.ts";
import { qualified } from "./sql.ts";

/**
 * Set the agency of each proposal that has none, by what it carries, most specific first:
 * 1. its agency name through the alias table, matched the way normalizeName does (upper-case,
 *    single spaces): the aliases editors add, the reference names and the bureaus of FPDS
 *    records (seed.ts);
 * 2. the agency id its record carries (a contract's FPDS agency id, the subtier code ending an
 *    assistance award's id), whose first two digits name the department (agency-ids.ts);
 * 3. a department prefix of its name ("ID GEOLOGICAL SURVEY", "DHS USSS").
 * Anything else keeps a null code and stays listed as unmatched. A code already set is left
 * alone: aliases never move to another agency, so a code that differs from its name's alias was
 * set by an editor (a sync clears the code of a claim whose agency name the source changed, so
 * that one is matched afresh). Returns how many proposals were matched.
 */
export async function assignAgencyCodes(
  db: Db,
  scope: { commissionId?: number; ids?: number[] },
  history?: MatchHistory,
): Promise<number> {
  if (scope.ids?.length === 0) return 0;
  const unmatched = and(
    scope.commissionId === undefined ? undefined : eq(proposals.commissionId, scope.commissionId),
    scope.ids === undefined ? undefined : inArray(proposals.id, scope.ids),
    isNull(proposals.agencyCode),
  );
  // With a history entry (an editor's alias, the job's later match), each claim matched is a
  // new version; without, the caller records the code in a version of its own (a first one).
  const bump = history ? { version: sql`${proposals.version} + 1` } : {};
  const byAlias = await db
    .update(proposals)
    .set({ agencyCode: agencyAliases.agencyCode, updatedAt: sql`now()`, ...bump })
    .from(agencyAliases)
    .where(
      and(unmatched, eq(agencyAliases.normalized, normalizedName(sql`${proposals.agencyName}`))),
    )
    .returning({ id: proposals.id });
  if (history) {
    await writeMatchVersions(
      db,
      byAlias.map((r) => r.id),
      history,
    );
  }
  const recordId = sql`case when ${proposals.kind} = 'grant'
    then substring(${proposals.awardId} from '^ASST_[A-Z]+_.*_([0-9A-Z]{4})$')
    else ${proposals.contractingAgencyId} end`;
  const byId = await matchByPrefix(
    db,
    unmatched,
    sql`left(${recordId}, 2)`,
    DEPARTMENT_OF_ID_PREFIX,
    history,
  );
  const byName = await matchByPrefix(
    db,
    unmatched,
    sql`split_part(${normalizedName(sql`${proposals.agencyName}`)}, ' ', 1)`,
    DEPARTMENT_OF_NAME_PREFIX,
    history,
  );
  return byAlias.length + byId + byName;
}

/** Who matched claims to an agency, and why: for the versions an editor's alias writes. */
export type MatchHistory = {
  actor: string;
  reason: string;
  requestId: string | null;
  /** When the source showed what made the match (the list's time); now when not given. */
  observedAt?: string;
};

/**
 * Who matches a claim the source already listed (its agency name changed, so the sync cleared
 * its code): the job, by the rules above, in the same sync, dated by the list. New claims are
 * matched before their first version is written (proposal-sync.ts), so that version holds the
 * code.
 */
export const SOURCE_MATCH: MatchHistory = {
  actor: "job:agency-match",
  reason: "matched to an agency by the name or record id its source gives",
  requestId: null,
};

/** One version per claim just matched: its agency code, unknown before, and who set it. */
async function writeMatchVersions(db: Db, ids: number[], history: MatchHistory) {
  if (ids.length === 0) return;
  const rows = await db.select().from(proposals).where(inArray(proposals.id, ids));
  await db.insert(proposalVersions).values(
    rows.map(({ search: _search, ...row }) => ({
      proposalId: row.id,
      version: row.version,
      snapshot: row,
      changedFields: { agencyCode: { old: null, new: row.agencyCode } },
      actor: history.actor,
      reason: history.reason,
      requestId: history.requestId,
      ...(history.observedAt ? { observedAt: history.observedAt } : {}),
    })),
  );
}

/** Set the agency of unmatched proposals whose `prefix` is a key of `departments`. */
async function matchByPrefix(
  db: Db,
  unmatched: SQL | undefined,
  prefix: SQL,
  departments: Readonly<Record<string, string>>,
  history?: MatchHistory,
): Promise<number> {
  const pairs = sql.join(
    Object.entries(departments).map(([p, code]) => sql`(${p}, ${code})`),
    sql`, `,
  );
  const result = await db.execute<{ id: number | string }>(sql`
    update ${proposals} set agency_code = m.code, updated_at = now()
      ${history ? sql`, version = ${qualified(proposals.version)} + 1` : sql``}
    from (values ${pairs}) as m(prefix, code)
    join ${agencies} on ${qualified(agencies.code)} = m.code
    where ${unmatched} and m.prefix = ${prefix}
    returning ${qualified(proposals.id)}`);
  const ids = result.rows.map((r) => Number(r.id));
  if (history) await writeMatchVersions(db, ids, history);
  return ids.length;
}

/** A name as the alias table keys it, in SQL: what normalizeName does (upper-case, single spaces). */
function normalizedName(name: SQL) {
  return sql`upper(btrim(regexp_replace(${name}, '\\s+', ' ', 'g')))`;
}

/** The agency an alias gives a name; null when no alias matches it. */
export async function agencyCodeForName(db: Db, name: string | null): Promise<string | null> {
  if (name === null) return null;
  const [row] = await db
    .select({ code: agencyAliases.agencyCode })
    .from(agencyAliases)
    .where(eq(agencyAliases.normalized, normalizedName(sql`${name}::text`)));
  return row?.code ?? null;
}

/** The sort orders of the agency list. */
export const AGENCY_SORTS = { code: null, name: agencies.name } as const;
export type AgencySort = keyof typeof AGENCY_SORTS;

// The agency's live claims (still listed at the source, not retracted): the set the savings
// rollups count, so its total is the by-agency rollup's `claimed_as_published`.
const liveAtAgency = sql`${qualified(proposals.agencyCode)} = ${qualified(agencies.code)}
  and ${qualified(proposals.removedFromSourceAt)} is null
  and ${qualified(proposals.retractedAt)} is null`;

// Per agency, in the same statement: its other names and what is claimed against it.
const agencySelection = (sortColumn: (typeof AGENCY_SORTS)[AgencySort]) => ({
  ...getTableColumns(agencies),
  aliases: sql<string[]>`coalesce((
    select array_agg(${qualified(agencyAliases.alias)} order by ${qualified(agencyAliases.alias)})
    from ${agencyAliases} where ${qualified(agencyAliases.agencyCode)} = ${qualified(agencies.code)}), '{}')`,
  proposalCount: sql<number>`(select count(*)::int from ${proposals} where ${liveAtAgency})`,
  claimedSavingsTotal: sql<string>`(
    select coalesce(sum(${qualified(proposals.claimedSavings)}), 0)::text
    from ${proposals} where ${liveAtAgency})`,
  sortValue: sortValueOf(sortColumn),
});

export type AgencyRow = Awaited<ReturnType<typeof listAgencies>>[number];

export async function listAgencies(
  db: Db,
  opts: { sort: AgencySort; desc: boolean; after?: KeysetPosition | undefined; limit: number },
) {
  const sortColumn = AGENCY_SORTS[opts.sort];
  const page = keyset({ column: sortColumn, key: agencies.code, desc: opts.desc }, opts.after);
  return db
    .select(agencySelection(sortColumn))
    .from(agencies)
    .where(page.where)
    .orderBy(...page.orderBy)
    .limit(opts.limit);
}

export async function countAgencies(db: Db): Promise<number> {
  return db.$count(agencies);
}

export async function getAgency(db: Db, code: string): Promise<AgencyRow | undefined> {
  const [row] = await db
    .select(agencySelection(null))
    .from(agencies)
    .where(eq(agencies.code, code));
  return row;
}

/** Add a name for an agency; false when the name is taken (by this or another agency). */
export async function addAgencyAlias(
  db: Db,
  alias: { normalized: string; alias: string; agencyCode: string; origin: string },
): Promise<boolean> {
  const rows = await db
    .insert(agencyAliases)
    .values(alias)
    .onConflictDoNothing()
    .returning({ normalized: agencyAliases.normalized });
  return rows.length > 0;
}

/** Source agency names no alias matches yet, with how many live claims use each. */
export async function unmatchedAgencyNames(db: Db, filters: { commission?: string } = {}) {
  return db
    .select({ agencyName: proposals.agencyName, claims: sql<number>`count(*)::int` })
    .from(proposals)
    .innerJoin(commissions, eq(commissions.id, proposals.commissionId))
    .where(
      and(
        isNull(proposals.agencyCode),
        isNotNull(proposals.agencyName),
        isNull(proposals.removedFromSourceAt),
        filters.commission ? commissionNamed(filters.commission) : undefined,
      ),
    )
    .groupBy(proposals.agencyName)
    .orderBy(sql`count(*) desc`, proposals.agencyName);
}
