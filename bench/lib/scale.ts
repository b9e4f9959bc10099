import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";

/**
 * Grow the seeded snapshot to `target` proposals: copies of the real DOGE proposals with new
 * natural keys and award keys (PIID, FAIN, award id suffixed, so no copy collides with its
 * original), savings and value spread over 0.25–1.75× the original, claim dates moved by up to
 * a month either way. Kinds, agencies, recipients and texts keep the real distribution. Copies
 * have no history rows (the lists and the export never read them). The seed computes no
 * assessments (that needs USAspending), so three in four proposals get a synthetic one of the
 * current methodology, so the list's join to assessments does real work. Ends with ANALYZE so
 * the planner knows the new size.
 */
export async function scaleProposals(db: Db, target: number): Promise<number> {
  const count = async () =>
    Number(
      (await db.execute<{ n: string }>(sql`select count(*)::text as n from proposals`)).rows[0]
        ?.n ?? 0,
    );
  const originals = Number(
    (
      await db.execute<{ n: string }>(
        sql`select count(*)::text as n from proposals where natural_key not like '%#copy-%'`,
      )
    ).rows[0]?.n ?? 0,
  );
  if (originals === 0) throw new Error("nothing to scale: seed the database first");
  let total = await count();
  const columns = (
    await db.execute<{ column_name: string }>(sql`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'proposals'
        and is_generated = 'NEVER' and is_identity = 'NO'
        and column_name not in ('created_at', 'updated_at')
      order by ordinal_position`)
  ).rows.map((r) => r.column_name);
  const spread = (col: string) =>
    `case when ${col} is null then null else round(${col} * (0.25 + random() * 1.5)::numeric, 2) end`;
  const rewrite: Record<string, (round: number) => string> = {
    natural_key: (k) => `natural_key || '#copy-${k}'`,
    piid: (k) => `case when piid is null then null else piid || 'C${k}' end`,
    fain: (k) => `case when fain is null then null else fain || 'C${k}' end`,
    award_id: (k) => `case when award_id is null then null else award_id || '_C${k}' end`,
    claimed_savings: () => spread("claimed_savings"),
    claimed_value: () => spread("claimed_value"),
    claim_date: () =>
      "case when claim_date is null then null else claim_date + (floor(random() * 61)::int - 30) end",
  };
  const done = Number(
    (
      await db.execute<{ n: string }>(sql`
        select coalesce(max(substring(natural_key from '#copy-([0-9]+)$')::int), 0)::text as n
        from proposals`)
    ).rows[0]?.n ?? 0,
  );
  for (let round = done + 1; total < target; round++) {
    const rows = Math.min(originals, target - total);
    const select = columns.map((c) => rewrite[c]?.(round) ?? `"${c}"`).join(", ");
    await db.execute(
      sql.raw(`
        insert into proposals (${columns.map((c) => `"${c}"`).join(", ")})
        select ${select} from proposals
        where natural_key not like '%#copy-%'
        order by id limit ${rows}`),
    );
    total += rows;
  }
  await assessSynthetically(db);
  await db.execute(sql`analyze proposals`);
  await db.execute(sql`analyze assessments`);
  return count();
}

/** A plausible current-methodology assessment for three proposals in four that have none. */
async function assessSynthetically(db: Db) {
  await db.execute(sql`
    insert into assessments (proposal_id, methodology_version, claimed, verified_low,
      verified_high, potential_avoided, status, evidence)
    select id, ${METHODOLOGY_VERSION}, claimed_savings,
      round(coalesce(claimed_savings, 0) * random()::numeric * 0.5, 2),
      round(coalesce(claimed_savings, 0) * (0.5 + random()::numeric), 2),
      case when kind = 'contract' then round(coalesce(claimed_value, 0) * random()::numeric * 0.3, 2) end,
      (array['supported', 'unconfirmed', 'exceeds_record', 'fully_spent', 'not_found',
        'unverifiable', 'no_saving_claimed', 'duplicate']
        ::assessment_status[])[1 + floor(random() * 8)::int],
      jsonb_build_object('synthetic', true, 'reason', 'benchmark data')
    from proposals p
    where random() < 0.75
      and not exists (select 1 from assessments a
        where a.proposal_id = p.id and a.methodology_version = ${METHODOLOGY_VERSION})`);
}
