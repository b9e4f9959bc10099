/**
 * `npm run bench -- webhooks`: issue 28's findings 1 and 2, repeated on loopback only (a local
 * receiver; no request leaves the machine), bounded (BENCH_WEBHOOK_SUBS subscriptions, default
 * 100; BENCH_WEBHOOK_VERSIONS versions a sync, default 1,400).
 *
 * 1. Fan-out: one subscriber's change (the probe) written after a sync, with 1 subscription
 *    (the baseline) and then with 100 catch-all ones: the fan-out runs (as the queue chains
 *    them) until the probe's delivery is recorded, and each run's deliveries and time. Before
 *    the fix the second case failed every run on the first page (65,535 parameters).
 * 2. Sending: a batch of 10 messages, 9 to one key's slow receivers (3 s each) and 1 to another
 *    key's: when the other key's delivery arrives, against a batch holding it alone (the
 *    baseline). Posted one after another it waited 27 s.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { insertKey } from "../db/queries/keys.ts";
import { commissions, webhookDeliveries } from "../db/schema/index.ts";
import { startWebhookReceiver } from "../dev/upstreams/webhook-receiver.ts";
import { createSubscription } from "../worker/domain/subscriptions.ts";
import { fanOutChanges } from "../worker/domain/webhooks.ts";
import type { Env } from "../worker/env.ts";
import { consumeWebhookDeliveries } from "../worker/jobs/webhooks/queue.ts";
import { generateKey } from "../worker/lib/keys.ts";
import { benchStack, header, log, seconds, table } from "./lib/harness.ts";

const SUBS = Number(process.env.BENCH_WEBHOOK_SUBS ?? 100);
const VERSIONS = Number(process.env.BENCH_WEBHOOK_VERSIONS ?? 1400);
const SLOW_MS = 3000;
if (!(SUBS >= 1 && SUBS <= 500 && VERSIONS >= 1 && VERSIONS <= 20_000)) {
  throw new Error("BENCH_WEBHOOK_SUBS must be 1–500 and BENCH_WEBHOOK_VERSIONS 1–20,000");
}

header(`webhooks: ${SUBS} subscriptions and a ${VERSIONS}-version sync; one key's slow receivers`);
const stack = await benchStack({ seed: false });
const receiver = await startWebhookReceiver();
const { db, close } = stack.connect();
const who = { actor: "bench", requestId: null };

try {
  const rows: (string | number)[][] = [
    ["case", "fan-out runs", "deliveries", "time", "probe recorded after"],
  ];
  for (const subs of [1, SUBS]) {
    const r = await fanOutCase(db, subs);
    rows.push([
      `${subs} subscription${subs === 1 ? "" : "s"}${subs === 1 ? " (baseline)" : ""}`,
      r.runs,
      r.deliveries,
      seconds(r.ms),
      r.probeAfterMs === undefined ? "never" : seconds(r.probeAfterMs),
    ]);
  }
  console.log(table(rows));

  const sendRows: (string | number)[][] = [["batch", "other key's delivery arrived after"]];
  sendRows.push(["its delivery alone (baseline)", seconds(await sendCase(db, 0))]);
  sendRows.push([`behind 9 slow (${SLOW_MS / 1000} s) of one key`, seconds(await sendCase(db, 9))]);
  console.log(table(sendRows));
} finally {
  await close();
  await receiver.close();
  await stack.close();
}

async function newKey(db: Db) {
  const key = await generateKey();
  return insertKey(db, {
    name: `bench ${key.prefix}`,
    role: "subscriber",
    prefix: key.prefix,
    hash: key.hash,
    createdBy: "bench",
  });
}

async function newCommission(db: Db) {
  const slug = `bench-${crypto.randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(commissions)
    .values({ slug, name: `Bench ${slug}`, jurisdiction: "Bench" })
    .returning();
  if (!row) throw new Error("no commission");
  return row;
}

/** `n` subscriptions to the commission, 25 to a key (the cap). */
async function subscribe(db: Db, slug: string, n: number, path: string) {
  const ids: number[] = [];
  let key = await newKey(db);
  for (let i = 0; i < n; i++) {
    if (i && i % 25 === 0) key = await newKey(db);
    const { row } = await createSubscription(db, {
      apiKeyId: key.id,
      fields: { url: `${receiver.url}${path}/${i}`, commission: slug },
      who,
    });
    ids.push(row.id);
  }
  return ids;
}

/** `n` new claims of the commission and their first versions, written at once (a sync). */
async function sync(db: Db, commissionId: number, n: number) {
  await db.execute(sql`
    with made as (
      insert into proposals (commission_id, kind, natural_key, title, source)
      select ${commissionId}, 'contract', 'bench:' || gen_random_uuid(), 'Synced claim ' || i, 'doge'
      from generate_series(1, ${n}) as i
      returning id)
    insert into proposal_versions (proposal_id, version, snapshot, changed_fields, actor)
    select id, 1, '{}'::jsonb, '{}'::jsonb, 'source:doge' from made`);
}

async function fanOutCase(db: Db, subs: number) {
  const big = await newCommission(db);
  const probe = await newCommission(db);
  await subscribe(db, big.slug, subs, `/big-${subs}`);
  const [probeSub] = await subscribe(db, probe.slug, 1, `/probe-${subs}`);
  await sync(db, big.id, VERSIONS);
  await sync(db, probe.id, 1);
  const started = performance.now();
  let runs = 0;
  let deliveries = 0;
  let probeAfterMs: number | undefined;
  // As the queue chains them: a run that stops at its budget is followed by another.
  for (; runs < 200; ) {
    runs++;
    const t = performance.now();
    try {
      const r = await fanOutChanges(db, undefined, { verdicts: false });
      deliveries += r.queued;
      log(`${subs} subs, run ${runs}: ${r.queued} deliveries in ${seconds(performance.now() - t)}`);
      if (probeAfterMs === undefined && (await recorded(db, probeSub ?? 0))) {
        probeAfterMs = performance.now() - started;
      }
      if (!r.more) break;
    } catch (err) {
      log(`${subs} subs, run ${runs} failed: ${(err as Error).message.slice(0, 120)}`);
      if (runs >= 3) break;
    }
  }
  return { runs, deliveries, ms: performance.now() - started, probeAfterMs };
}

async function recorded(db: Db, subscriptionId: number) {
  const result = await db.execute(
    sql`select 1 from ${webhookDeliveries} where subscription_id = ${subscriptionId} limit 1`,
  );
  return result.rows.length > 0;
}

/** One batch through the consumer: `slow` deliveries of one key, then another key's. */
async function sendCase(db: Db, slow: number) {
  const c = await newCommission(db);
  const tag = crypto.randomUUID().slice(0, 8);
  const slowKey = await newKey(db);
  const fastKey = await newKey(db);
  const subIds: number[] = [];
  for (let i = 0; i < slow; i++) {
    const { row } = await createSubscription(db, {
      apiKeyId: slowKey.id,
      fields: { url: `${receiver.url}/slow/${SLOW_MS}/${tag}/${i}`, commission: c.slug },
      who,
    });
    subIds.push(row.id);
  }
  const { row: fast } = await createSubscription(db, {
    apiKeyId: fastKey.id,
    fields: { url: `${receiver.url}/${tag}/fast`, commission: c.slug },
    who,
  });
  subIds.push(fast.id);
  await sync(db, c.id, 1);
  await fanOutChanges(db, undefined, { verdicts: false });
  const ids = await db.execute<{ id: number }>(sql`
    select id::int as id from ${webhookDeliveries}
    where subscription_id in ${sql.raw(`(${subIds.join(",")})`)} order by subscription_id`);
  const messages = ids.rows.map((r) => ({
    id: `m${r.id}`,
    timestamp: new Date(),
    attempts: 1,
    body: { deliveryId: r.id },
    ack: () => undefined,
    retry: () => undefined,
  }));
  const env = {
    DATABASE_URL: stack.databaseUrl,
    NEON_WS_PROXY: stack.wsProxy,
    WEBHOOK_ALLOW_LOCAL_HTTP: "1",
  } as unknown as Env;
  const started = Date.now();
  await consumeWebhookDeliveries(
    { queue: "cutwatch-webhook-deliveries", messages } as unknown as MessageBatch<unknown>,
    env,
  );
  const fastPost = receiver.received.find((r) => r.path === `/${tag}/fast`);
  if (!fastPost) throw new Error("the other key's delivery never arrived");
  return fastPost.at - started;
}
