import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { awardKeyOf } from "../../db/schema/index.ts";
import { assessClaims } from "../../worker/jobs/assess/step.ts";
import { testDb } from "../helpers/db.ts";

// The assess step over the changed claims alone against a pass over every claim, on the seed.
// Everything runs in one transaction that is rolled back: the seed stays as other files expect.
const { db, close } = testDb();
afterAll(() => close());

class Rollback extends Error {
  readonly value: unknown;
  constructor(value?: unknown) {
    super("rolled back");
    this.value = value;
  }
}

/** Run the step until it is done; the counts of every pass added up. */
async function settle(tx: Db, full = false) {
  let assessed = 0;
  for (;;) {
    const counts = await assessClaims(tx, { full });
    assessed += counts.fetched;
    if (counts.complete) return assessed;
  }
}

/** Every claim's assessments and place, without the times they were written. */
async function derived(tx: Db) {
  const assessed = await tx.execute(sql`
    select proposal_id, methodology_version, claimed::text, verified_low::text,
      verified_high::text, potential_avoided::text, ceiling_cut::text, status, duplicate_of,
      evidence
    from assessments order by proposal_id, methodology_version`);
  const places = await tx.execute(sql`
    select proposal_id, state, district, place_source, district_source
    from proposal_places order by proposal_id`);
  return { assessments: assessed.rows, places: places.rows };
}

type Derived = Awaited<ReturnType<typeof derived>>;

/** The rows that differ between two passes (full first), by claim: empty when they agree. */
function differences(full: Derived, incremental: Derived) {
  const keyed = (rows: Record<string, unknown>[]) =>
    new Map(rows.map((r) => [`${r.proposal_id}/${r.methodology_version ?? "place"}`, r]));
  const out: { key: string; full: unknown; incremental: unknown }[] = [];
  for (const table of ["assessments", "places"] as const) {
    const a = keyed(full[table]);
    const b = keyed(incremental[table]);
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))) {
        out.push({ key, full: a.get(key), incremental: b.get(key) });
      }
    }
  }
  return out.slice(0, 5);
}

async function changedIds(tx: Db): Promise<number[]> {
  const r = await tx.execute<{ id: number }>(
    sql`select proposal_id::int as id from claim_changes order by 1`,
  );
  return r.rows.map((x) => Number(x.id));
}

type Group = { first: number; later: number; on_record: boolean };
type Plan = { edited: number[]; group?: Group; award?: string; twinOf?: number; twin: number };

/**
 * What to change, chosen before changing it so both passes see the same changes: 1% of the
 * claims, the first claim of an award with duplicates, and an award record.
 */
async function planChanges(tx: Db, total: number): Promise<Plan> {
  const edited = await tx.execute<{ id: number }>(sql`
    select id::int as id from proposals where claimed_savings > 0
    order by md5(id::text) limit ${Math.ceil(total / 100)}`);
  // A duplicate, one whose own award is on record if any: once its first claim is gone it is
  // judged alone (one whose award is still to be fetched waits, keeping its verdict).
  const [group] = (
    await tx.execute<Group>(sql`
      select s.duplicate_of::int as first, s.proposal_id::int as later,
        a.id is not null as on_record
      from assessments s join proposals p on p.id = s.proposal_id
      left join awards a on a.award_id = ${awardKeyOf("p")}
      where s.methodology_version = '2' and s.status = 'duplicate'
      order by a.id is null, s.proposal_id limit 1`)
  ).rows;
  // A claim on record that a new, earlier claim of the same award will make a duplicate.
  const [counted] = (
    await tx.execute<{ id: number; twin: number }>(sql`
      select p.id::int as id, (select max(id) + 1000 from proposals)::int as twin
      from proposals p join awards a on a.award_id = ${awardKeyOf("p")} and a.status = 'found'
      join assessments s on s.proposal_id = p.id and s.methodology_version = '2'
      where s.status not in ('duplicate', 'no_saving_claimed') and p.kind = 'contract'
        and p.removed_from_source_at is null
        -- Not a claim of the group above (its first is removed there): each change on its own.
        and p.id <> ${group?.first ?? 0} and p.id <> ${group?.later ?? 0}
      order by p.id limit 1`)
  ).rows;
  // Another award record (not the one above: each change is seen on its own).
  const [award] = (
    await tx.execute<{ award_id: string }>(sql`
      select a.award_id from awards a
      join proposals p on ${awardKeyOf("p")} = a.award_id
      join assessments s on s.proposal_id = p.id and s.methodology_version = '2'
      where a.status = 'found' and s.status <> 'duplicate'
        and a.award_id <> (select ${awardKeyOf("q")} from proposals q where q.id = ${counted?.id ?? 0})
      order by a.id limit 1`)
  ).rows;
  return {
    edited: edited.rows.map((r) => Number(r.id)),
    group,
    award: award?.award_id,
    twinOf: counted?.id,
    // One id in both passes: a sequence is not rolled back with the savepoint.
    twin: counted?.twin ?? 0,
  };
}

/** The changes, written as the sync and the award lookups write them (updated_at, fetched_at). */
async function applyChanges(tx: Db, plan: Plan) {
  await tx.execute(sql`
    update proposals set claimed_savings = claimed_savings + 1000, version = version + 1,
      updated_at = now()
    where id = any(${`{${plan.edited.join(",")}}`}::bigint[])`);
  if (plan.group) {
    await tx.execute(sql`update proposals set removed_from_source_at = now(),
      version = version + 1, updated_at = now() where id = ${plan.group.first}`);
  }
  if (plan.twinOf) {
    await tx.execute(sql`
      insert into proposals (id, commission_id, kind, natural_key, title, source, piid,
        contracting_agency_id, parent_piid, parent_agency_id, claimed_savings, claim_date)
      overriding system value
      select ${plan.twin}, commission_id, kind, 'test:twin:' || id, title, 'editor', piid,
        contracting_agency_id, parent_piid, parent_agency_id, claimed_savings, '2024-01-01'
      from proposals where id = ${plan.twinOf}`);
  }
  if (plan.award) {
    await tx.execute(sql`update awards set total_obligation = 0, fetched_at = now()
      where award_id = ${plan.award}`);
  }
}

describe("the incremental assessment", () => {
  it("gives the assessments and places a full pass gives after 1% of claims, a duplicate set and an award changed", async () => {
    const outcome = db.transaction(async (tx) => {
      await settle(tx, true);
      expect(await changedIds(tx)).toEqual([]);
      const [{ total = 0 } = {}] = (
        await tx.execute<{ total: number }>(sql`select count(*)::int as total from proposals`)
      ).rows;
      // A sync's "still listed" mark changes nothing an assessment reads: nothing is recorded.
      await tx.execute(sql`update proposals set last_seen_at = now()`);
      expect(await changedIds(tx)).toEqual([]);
      const plan = await planChanges(tx, total);
      expect(plan.group).toBeDefined();
      expect(plan.award).toBeDefined();
      expect(plan.twinOf).toBeDefined();

      // The incremental pass, in a savepoint rolled back once its result is read.
      const incremental = await tx
        .transaction(async (sp) => {
          await applyChanges(sp, plan);
          const recorded = await changedIds(sp);
          expect(recorded).toEqual(expect.arrayContaining(plan.edited));
          expect(recorded).toContain(plan.group?.first);
          const named = await sp.execute<{ id: number }>(
            sql`select id::int as id from proposals p where ${awardKeyOf("p")} = ${plan.award}`,
          );
          expect(recorded).toEqual(expect.arrayContaining(named.rows.map((r) => Number(r.id))));
          expect(await settle(sp)).toBeGreaterThan(0);
          expect(await changedIds(sp)).toEqual([]);
          throw new Rollback(await derived(sp));
        })
        .catch((err) => (err instanceof Rollback ? (err.value as Derived) : Promise.reject(err)));
      const judged = (id: number | undefined) =>
        incremental.assessments.find(
          (a) => Number(a.proposal_id) === id && a.methodology_version === "2",
        );
      expect(judged(plan.twinOf)).toMatchObject({ status: "duplicate" });
      expect(Number(judged(plan.twinOf)?.duplicate_of)).toBe(plan.twin);
      if (plan.group?.on_record) {
        expect(Number(judged(plan.group.later)?.duplicate_of)).not.toBe(plan.group.first);
      }

      // The same changes, then a pass over every claim.
      await applyChanges(tx, plan);
      await settle(tx, true);
      expect(differences(await derived(tx), incremental)).toEqual([]);
      throw new Rollback();
    });
    await expect(outcome).rejects.toBeInstanceOf(Rollback);
  }, 600_000);
});
