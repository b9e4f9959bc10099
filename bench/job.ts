/**
 * `npm run bench -- job`: the scheduled job's database steps at 1×, 5× and 10× the seed's
 * contract claims. The seeded DOGE commission's newest contract list is copied `factor` times
 * (new natural keys, PIIDs and award keys, as bench/lib/scale.ts copies rows) and synced in (not
 * measured), each copy given a copy of its original's award record so the assessment has
 * evidence to read. Then, measured: the DOGE sync of that full list with 1% of its receipts
 * edited, the assessment after it (incremental: the changed claims and those they move), and
 * for comparison the same edit followed by a full pass (every claim checked, every place
 * derived again, as the step did before), and the places alone over every claim.
 *
 * Each step runs from Node on its own client: wall time, database time (the sum of its
 * statements' round trips), statements, and the process's CPU time (its JavaScript, the Neon
 * driver and the local WebSocket proxy, which runs in this process; PGlite too when embedded).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { listSnapshots } from "../dev/seed.ts";
import type { Stack } from "../dev/stack.ts";
import type { ProposalDraft } from "../worker/domain/draft.ts";
import { refreshPlaces } from "../worker/domain/places.ts";
import { assessClaims } from "../worker/jobs/assess/step.ts";
import { receiptsToDrafts } from "../worker/jobs/doge/receipts.ts";
import { syncProposals } from "../worker/jobs/doge/sync.ts";
import { parseJsonKeepingNumbers } from "../worker/lib/json.ts";
import { benchStack, header, log, ROOT, table, verdict } from "./lib/harness.ts";

const FACTORS = (process.env.BENCH_JOB_FACTORS ?? "1,5,10").split(",").map(Number);
const EDITED = 0.01;

header(`job: the DOGE sync, assessment and places at ${FACTORS.join("×, ")}× the seed's contracts`);
const stack = await benchStack();

type Cost = {
  label: string;
  factor: number;
  claims: number;
  ms: number;
  dbMs: number;
  statements: number;
  cpuMs: number;
};
const costs: Cost[] = [];

try {
  const setup = stack.connect();
  const db = setup.db;
  const commissionId = Number(
    (await db.execute<{ id: number }>(sql`select id from commissions where slug = 'doge'`)).rows[0]
      ?.id,
  );
  const newest = (await listSnapshots()).filter((s) => s.kind === "contracts").at(-1);
  if (!newest) throw new Error("no contract snapshot");
  const text = await readFile(join(ROOT, "data", "doge", newest.file), "utf8");
  const list = receiptsToDrafts("contracts", parseJsonKeepingNumbers(text) as unknown[]);
  let day = Date.parse(`${newest.date}T00:00:00Z`);
  const nextSeenAt = () => {
    day += 86_400_000;
    return new Date(day).toISOString();
  };
  const sync = (drafts: ProposalDraft[]) => (on: Db) =>
    syncProposals(on, {
      commissionId,
      kind: "contract",
      drafts,
      complete: true,
      seenAt: nextSeenAt(),
      sources: [],
    });

  for (const factor of FACTORS) {
    const drafts = scale(list, factor);
    await sync(drafts)(db);
    await copyAwards(db);
    await db.execute(sql`analyze`);
    while (!(await assessClaims(db, { full: true })).complete) {}
    const claims = Number(
      (await db.execute<{ n: number }>(sql`select count(*)::int as n from proposals`)).rows[0]?.n,
    );
    log(`${factor}×: ${claims} claims, ${drafts.length} in the contract list`);

    const at = (label: string, work: (on: Db) => Promise<unknown>) =>
      measure(stack, { label, factor, claims }, work).then((c) => costs.push(c));
    await at("sync, full list, 1% edited", sync(edit(drafts, 1)));
    await at("assess + places, incremental", settle(false));
    await sync(edit(drafts, 2))(db);
    await at("assess + places, full pass", settle(true));
    await at("places alone, every claim", (on) => refreshPlaces(on));
  }
  await setup.close();

  console.log("");
  console.log(
    table([
      ["step", "scale", "claims", "wall", "db time", "statements", "CPU"],
      ...costs.map((c) => [
        c.label,
        `${c.factor}×`,
        c.claims,
        `${c.ms.toFixed(0)} ms`,
        `${c.dbMs.toFixed(0)} ms`,
        c.statements,
        `${c.cpuMs.toFixed(0)} ms`,
      ]),
    ]),
  );
  const cost = (label: string, factor: number) =>
    costs.find((c) => c.label === label && c.factor === factor);
  const growth = (label: string) => {
    const [a, b] = [cost(label, FACTORS[0] ?? 1), cost(label, FACTORS.at(-1) ?? 1)];
    return a && b
      ? `${(b.ms / a.ms).toFixed(1)}× wall, ${(b.cpuMs / a.cpuMs).toFixed(1)}× CPU`
      : "";
  };
  console.log(`\n  growth from ${FACTORS[0]}× to ${FACTORS.at(-1)}×:`);
  for (const label of new Set(costs.map((c) => c.label)))
    console.log(`    ${label}: ${growth(label)}`);
  const top = FACTORS.at(-1) ?? 1;
  const inc = cost("assess + places, incremental", top);
  const full = cost("assess + places, full pass", top);
  if (inc && full) {
    console.log(
      `\n  ratios at ${top}×: incremental/full wall ${verdict(inc.ms / full.ms, 0.1, false)} · db time ${(inc.dbMs / full.dbMs).toFixed(3)} · CPU ${(inc.cpuMs / full.cpuMs).toFixed(3)}`,
    );
  }
} finally {
  await stack.close();
}

/** The assess step until it is done, as the job's successive runs would. */
function settle(full: boolean) {
  return async (on: Db) => {
    while (!(await assessClaims(on, { full })).complete) {}
  };
}

/** Copies of every draft with new natural keys and award keys, as scale.ts does for rows. */
function scale(drafts: ProposalDraft[], factor: number): ProposalDraft[] {
  const out = [...drafts];
  for (let k = 1; k < factor; k++) {
    for (const d of drafts) {
      out.push({
        ...d,
        naturalKey: `${d.naturalKey}#copy-${k}`,
        piid: d.piid && `${d.piid}C${k}`,
        awardId: d.awardId && `${d.awardId}_C${k}`,
        fain: d.fain && `${d.fain}C${k}`,
      });
    }
  }
  return out;
}

/** The list with 1% of its receipts' claimed savings changed (round `round`, so each differs). */
function edit(drafts: ProposalDraft[], round: number): ProposalDraft[] {
  const every = Math.round(1 / EDITED);
  return drafts.map((d, i) =>
    i % every === round % every && d.claimedSavings
      ? { ...d, claimedSavings: (Number(d.claimedSavings) + 1000 * round).toFixed(2) }
      : d,
  );
}

/** Each copied claim gets a copy of its original's award record, under the copy's award key. */
async function copyAwards(db: Db) {
  const columns = (
    await db.execute<{ column_name: string }>(sql`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'awards'
        and column_name not in ('id', 'award_id') order by ordinal_position`)
  ).rows.map((r) => `"${r.column_name}"`);
  const key = (a: string) =>
    sql.raw(`(case
    when ${a}.kind = 'contract' and ${a}.piid is not null and ${a}.contracting_agency_id is not null
      then 'CONT_AWD_' || ${a}.piid || '_' || ${a}.contracting_agency_id || '_' ||
        coalesce(${a}.parent_piid, '-NONE-') || '_' || coalesce(${a}.parent_agency_id, '-NONE-')
    else ${a}.award_id end)`);
  await db.execute(sql`
    insert into awards (award_id, ${sql.raw(columns.join(", "))})
    select distinct on (${key("c")}) ${key("c")}, ${sql.raw(columns.map((c) => `a.${c}`).join(", "))}
    from proposals c
    join proposals o on o.commission_id = c.commission_id
      and o.natural_key = split_part(c.natural_key, '#copy-', 1)
    join awards a on a.award_id = ${key("o")}
    where c.natural_key like '%#copy-%' and ${key("c")} is not null
    on conflict (award_id) do nothing`);
}

/** Time `work` on a fresh client: wall, database time and statements, and this process's CPU. */
async function measure(
  stack: Stack,
  at: { label: string; factor: number; claims: number },
  work: (db: Db) => Promise<unknown>,
): Promise<Cost> {
  const { db, pool, close } = stack.connect();
  let statements = 0;
  let dbMs = 0;
  pool.on("connect", (client: { query: (...args: unknown[]) => unknown }) => {
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      statements++;
      const started = performance.now();
      const done = () => {
        dbMs += performance.now() - started;
      };
      // The pool passes a callback; a transaction's client awaits a promise.
      const last = args.at(-1);
      if (typeof last === "function") {
        args[args.length - 1] = (...out: unknown[]) => {
          done();
          return (last as (...a: unknown[]) => unknown)(...out);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) result.then(done, done);
      return result;
    };
  });
  try {
    await db.execute(sql`select 1`); // connect before the clock starts
    statements = 0;
    dbMs = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await work(db);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cost = { ...at, ms, dbMs, statements, cpuMs: (used.user + used.system) / 1000 };
    log(
      `${at.factor}× ${at.label}: ${ms.toFixed(0)} ms, db ${dbMs.toFixed(0)} ms in ${statements} statements, CPU ${cost.cpuMs.toFixed(0)} ms`,
    );
    return cost;
  } finally {
    await close();
  }
}
