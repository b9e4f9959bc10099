/**
 * `npm run bench -- ingest`: the job's DOGE receipts sync (worker/jobs/doge/sync.ts) loading the
 * full contract snapshot, then a 5× scaled one, into an empty commission: receipts per second and
 * database round trips per 1,000 receipts, against a plain multi-row INSERT of the same proposal
 * rows (1,000 a statement, one transaction) into another empty commission, in the same run.
 * Also the common case, re-syncing an unchanged list (what most job runs do). Each is measured
 * twice, alternating with the baseline, and the faster kept.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { commissions, proposals } from "../db/schema/index.ts";
import type { Stack } from "../dev/stack.ts";
import type { ProposalDraft } from "../worker/domain/draft.ts";
import { receiptsToDrafts } from "../worker/jobs/doge/receipts.ts";
import { syncProposals } from "../worker/jobs/doge/sync.ts";
import { parseJsonKeepingNumbers } from "../worker/lib/json.ts";
import { benchStack, header, log, ROOT, table, verdict } from "./lib/harness.ts";

const SNAPSHOT = "contracts-2025-04-16.json";
const SCALE = 5;
const INSERT_BATCH = 1000;
const ATTEMPTS = 2;

header(`ingest: the DOGE receipts sync of ${SNAPSHOT}, and ${SCALE}× scaled`);
const stack = await benchStack({ seed: false });

type Run = { label: string; receipts: number; ms: number; trips: number };

try {
  const text = await readFile(join(ROOT, "data", "doge", SNAPSHOT), "utf8");
  const drafts = receiptsToDrafts("contracts", parseJsonKeepingNumbers(text) as unknown[]);
  const scaled = scale(drafts, SCALE);
  const receipts = (ds: ProposalDraft[]) => ds.reduce((n, d) => n + d.receiptCount, 0);
  log(
    `${SNAPSHOT}: ${receipts(drafts)} receipts as ${drafts.length} proposals; ${SCALE}×: ${receipts(scaled)} receipts`,
  );

  const runs: Run[] = [];
  const seenAt = "2025-04-16T00:00:00Z";
  for (const [name, set] of [
    ["full snapshot", drafts],
    [`${SCALE}× snapshot`, scaled],
  ] as const) {
    // Twice each, alternating baseline and sync so neither always runs on a warmer database;
    // the faster of the two is kept (noise on a shared machine only ever adds time).
    const best: Record<string, Run> = {};
    const keep = (run: Run) => {
      const seen = best[run.label];
      if (!seen || run.ms < seen.ms) best[run.label] = run;
    };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const order = attempt % 2 === 0 ? ["insert", "sync"] : ["sync", "insert"];
      for (const what of order) {
        const commissionId = await newCommission(stack);
        if (what === "insert") {
          keep(
            await measure(stack, `plain INSERT, ${name}`, receipts(set), (db) =>
              plainInsert(db, commissionId, set, seenAt),
            ),
          );
          continue;
        }
        const sync = (at: string) => (db: Db) =>
          syncProposals(db, {
            commissionId,
            kind: "contract",
            drafts: set,
            complete: true,
            seenAt: at,
            sources: [],
          });
        keep(await measure(stack, `sync, ${name} (empty commission)`, receipts(set), sync(seenAt)));
        keep(
          await measure(
            stack,
            `sync, ${name} again (unchanged)`,
            receipts(set),
            sync("2025-04-17T00:00:00Z"),
          ),
        );
      }
    }
    runs.push(...Object.values(best));
  }

  console.log("");
  console.log(
    table([
      ["", "receipts", "time", "receipts/s", "round trips", "per 1,000"],
      ...runs.map((r) => [
        r.label,
        r.receipts,
        `${(r.ms / 1000).toFixed(2)} s`,
        (r.receipts / (r.ms / 1000)).toFixed(0),
        r.trips,
        ((r.trips / r.receipts) * 1000).toFixed(1),
      ]),
    ]),
  );
  const time = (label: string) => runs.find((r) => r.label === label)?.ms ?? Number.NaN;
  const ratio = (n: string) => time(`sync, ${n} (empty commission)`) / time(`plain INSERT, ${n}`);
  console.log(
    `\n  ratios: sync/plain INSERT time, full ${verdict(ratio("full snapshot"), 2, false)} · ${SCALE}× ${verdict(ratio(`${SCALE}× snapshot`), 2, false)}`,
  );
} finally {
  await stack.close();
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

async function newCommission(stack: Stack): Promise<number> {
  const { db, close } = stack.connect();
  try {
    const slug = `bench-${crypto.randomUUID().slice(0, 8)}`;
    const [row] = await db
      .insert(commissions)
      .values({ slug, name: `Benchmark ${slug}`, jurisdiction: "Benchmark" })
      .returning({ id: commissions.id });
    if (!row) throw new Error("no commission");
    return row.id;
  } finally {
    await close();
  }
}

/** Time `fn` on a fresh client, counting every statement sent on its connections. */
async function measure(
  stack: Stack,
  label: string,
  receipts: number,
  fn: (db: Db) => Promise<unknown>,
): Promise<Run> {
  const { db, pool, close } = stack.connect();
  let trips = 0;
  pool.on("connect", (client: { query: (...args: unknown[]) => unknown }) => {
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      trips++;
      return query(...args);
    };
  });
  try {
    await db.execute(sql`select 1`); // connect before the clock starts
    trips = 0;
    const started = performance.now();
    await fn(db);
    const ms = performance.now() - started;
    log(`${label}: ${(ms / 1000).toFixed(2)} s, ${trips} round trips`);
    return { label, receipts, ms, trips };
  } finally {
    await close();
  }
}

/** The baseline: the same proposal rows, 1,000 to a multi-row INSERT, in one transaction. */
async function plainInsert(db: Db, commissionId: number, drafts: ProposalDraft[], seenAt: string) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < drafts.length; i += INSERT_BATCH) {
      await tx.insert(proposals).values(
        drafts.slice(i, i + INSERT_BATCH).map((d) => ({
          ...d,
          commissionId,
          source: "doge",
          sources: [],
          firstSeenAt: seenAt,
          lastSeenAt: seenAt,
        })),
      );
    }
  });
}
