import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { awardKeyOf } from "../schema/index.ts";

/**
 * The changed-claims set (db/schema/claim-changes.ts): read by the assess step, emptied of what
 * it read once the claims are re-assessed and re-placed. Triggers fill it.
 */

/** The claims changed since the last pass, each with the `seq` of its latest change. */
export type ClaimChange = { proposalId: number; seq: number };

export async function pendingClaimChanges(db: Db): Promise<ClaimChange[]> {
  const result = await db.execute<{ proposal_id: number; seq: number }>(sql`
    select proposal_id::int as proposal_id, seq::bigint::float8 as seq from claim_changes`);
  return result.rows.map((r) => ({ proposalId: Number(r.proposal_id), seq: Number(r.seq) }));
}

/**
 * Forget the changes a pass read, and only those: a claim changed again meanwhile has a new
 * `seq` and stays for the next pass, and so does a change committed after the pass read the set.
 */
export async function clearClaimChanges(db: Db, read: ClaimChange[]) {
  for (let i = 0; i < read.length; i += 10_000) {
    const chunk = read.slice(i, i + 10_000);
    await db.execute(sql`
      delete from claim_changes c
      using unnest(${pgArray(chunk.map((r) => r.proposalId))}::bigint[],
        ${pgArray(chunk.map((r) => r.seq))}::bigint[]) as d(proposal_id, seq)
      where c.proposal_id = d.proposal_id and c.seq = d.seq`);
  }
}

/**
 * The changed claims and every claim whose assessment they can move, transitively: the claims
 * of the same award (which of them is first, the others its duplicates), a task order's vehicle
 * (by its PIID, or by the award key the vehicle would have) and a vehicle's orders. The set is
 * closed, so assessing only its claims reads every claim their judgement depends on, and gives
 * what a pass over every claim gives them. A methodology that relates claims in another way
 * must add that relation here.
 */
export async function relatedClaims(db: Db, ids: number[]): Promise<number[]> {
  // Round by round from the changed claims outwards, until a round finds no claim not seen. Not
  // one recursive query: its row estimate is so large that Postgres compiles it (JIT), seconds
  // for a query that reads a few hundred rows.
  const seen = new Set(ids);
  let frontier = ids;
  while (frontier.length) {
    const result = await db.execute<{ id: number }>(sql`
      with r as (
        select ${awardKeyOf("p")} as award_key, p.piid, p.parent_piid, p.parent_agency_id
        from proposals p where p.id = any(${pgArray(frontier)}::bigint[])
      )
      select distinct x.id::int as id from r cross join lateral (
        select x.id from proposals x where ${awardKeyOf("x")} = r.award_key
        union all
        select x.id from proposals x where ${awardKeyOf("x")} =
          'CONT_AWD_' || r.parent_piid || '_' || r.parent_agency_id || '_-NONE-_-NONE-'
        union all
        select x.id from proposals x where x.piid = r.parent_piid
        union all
        select x.id from proposals x where x.parent_piid = r.piid
      ) x`);
    frontier = result.rows.map((r) => Number(r.id)).filter((id) => !seen.has(id));
    for (const id of frontier) seen.add(id);
  }
  return [...seen];
}

/**
 * The condition that keeps a query to the claims of `scope` (ids), or to every claim when it is
 * undefined: how the assess and places queries run over the changed claims alone.
 */
export function inClaimScope(alias: string, scope: readonly number[] | undefined) {
  return scope === undefined
    ? sql`true`
    : sql`${sql.raw(alias)}.id = any(${pgArray(scope)}::bigint[])`;
}

/** An array of ids as one parameter (Postgres' array literal), not one parameter per id. */
function pgArray(values: readonly number[]) {
  return `{${values.join(",")}}`;
}
