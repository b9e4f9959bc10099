import { env } from "cloudflare:test";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { webhookDeliveries, webhookSubscriptions } from "../../db/schema/index.ts";
import { createSubscription } from "../../worker/domain/subscriptions.ts";
import { fanOutChanges } from "../../worker/domain/webhooks.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { makeKey } from "../helpers/keys.ts";
import { addProposals } from "../helpers/proposals.ts";
import { drain, received } from "../helpers/webhooks.ts";

// Issue 28, finding 1: one fan-out page of a big sync against many subscriptions must neither
// overflow Postgres's 65,535 parameters (nor Drizzle's stack) nor stop every later delivery.
const { db, close } = testDb();
const subs: number[] = [];
afterAll(async () => {
  if (subs.length) {
    await db.delete(webhookSubscriptions).where(inArray(webhookSubscriptions.id, subs));
  }
  await close();
});

const who = { actor: "test", requestId: null };

/** `n` subscriptions, ten to a key (a key may hold only so many). */
async function subscribeMany(n: number, fields: { commission: string; kinds?: string[] }) {
  let key = await makeKey(db, "subscriber");
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i && i % 10 === 0) key = await makeKey(db, "subscriber");
    const { row } = await createSubscription(db, {
      apiKeyId: key.id,
      fields: { url: `https://hooks-${i}.example.org/cutwatch`, ...fields },
      who,
    });
    ids.push(row.id);
  }
  subs.push(...ids);
  return ids;
}

/** A sync's worth of new versions (version 1 of `n` claims), written at once, as the job does. */
async function syncVersions(commissionId: number, n: number) {
  const ids = await addProposals(
    db,
    commissionId,
    Array.from({ length: n }, (_, i) => ({ title: `Synced claim ${i}` })),
  );
  await db.execute(sql`
    insert into proposal_versions (proposal_id, version, snapshot, changed_fields, actor)
    select id, 1, '{}'::jsonb, '{}'::jsonb, 'source:doge'
    from unnest(${`{${ids.join(",")}}`}::bigint[]) as id`);
  return ids;
}

async function deliveryCount(subIds: number[]) {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.subscriptionId, subIds));
  return row?.n ?? 0;
}

describe("the fan-out of a big sync", () => {
  it("records every delivery of a 1,400-version sync to 100 subscriptions, and later changes still reach their subscriber", async () => {
    const big = await makeCommission(db);
    // 20 subscriptions take every change (28,000 deliveries: a page of 1,000 versions was 20,000
    // rows in one statement, past the 13,107 that 65,535 parameters allow); 80 take none of them.
    const everything = await subscribeMany(20, { commission: big.slug });
    const removedOnly = await subscribeMany(80, { commission: big.slug, kinds: ["removed"] });
    expect(everything.length + removedOnly.length).toBe(100);
    await syncVersions(big.id, 1400);

    // Each run records a bounded slice and hands on; a few runs record them all, once each.
    for (let run = 0; run < 20 && (await deliveryCount(everything)) < 28_000; run++) {
      await fanOutChanges(db, undefined, { verdicts: false });
    }
    expect(await deliveryCount(everything)).toBe(28_000);
    expect(await deliveryCount(removedOnly)).toBe(0);
    const [perSub] = await db
      .select({ n: sql<number>`count(distinct ${webhookDeliveries.changeKey})::int` })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, everything[0] ?? 0));
    expect(perSub?.n).toBe(1400);

    // A subscriber of another commission still gets its change, delivered.
    const small = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const { row: later } = await createSubscription(db, {
      apiKeyId: key.id,
      fields: { url: `${env.WEBHOOK_RECEIVER_URL}/${tag}/later`, commission: small.slug },
      who,
    });
    subs.push(later.id);
    await syncVersions(small.id, 1);
    await drain(db, [later.id]);
    expect(await received(`/${tag}/later`)).toHaveLength(1);
    const [delivered] = await db
      .select({ status: webhookDeliveries.status })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.subscriptionId, later.id)));
    expect(delivered?.status).toBe("delivered");
  }, 300_000);

  it("skips a page that fails, records the pages after it, and retries it on a later run", async () => {
    const c = await makeCommission(db);
    const [sub] = await subscribeMany(1, { commission: c.slug });
    // The first version's deliveries cannot be written (a stand-in for any failing page)...
    const [poison] = await syncVersions(c.id, 1);
    const trigger = `poison_${crypto.randomUUID().slice(0, 8)}`;
    await db.execute(
      sql.raw(`create function ${trigger}() returns trigger language plpgsql as $$
        begin
          if new.change_key = 'version:${poison}:1' then raise exception 'poisoned page'; end if;
          return new;
        end $$`),
    );
    await db.execute(
      sql.raw(`create trigger ${trigger} before insert on webhook_deliveries
        for each row execute function ${trigger}()`),
    );
    try {
      // ...and 1,000 more follow it: its page holds 1,000 deliveries, the next one the rest.
      const rest = await syncVersions(c.id, 1000);
      await fanOutChanges(db, undefined, { verdicts: false });
      const got = await db
        .select({ key: webhookDeliveries.changeKey })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, sub ?? 0));
      const keys = new Set(got.map((g) => g.key));
      // The poisoned version's page (the first 500 versions read) is skipped; the rest are in.
      expect(keys.has(`version:${poison}:1`)).toBe(false);
      expect(keys.has(`version:${rest.at(-1)}:1`)).toBe(true);
      expect(got.length).toBe(501);
    } finally {
      await db.execute(sql.raw(`drop trigger ${trigger} on webhook_deliveries`));
      await db.execute(sql.raw(`drop function ${trigger}()`));
    }
    // Fixed, a later run records the skipped page: every version once.
    await fanOutChanges(db, undefined, { verdicts: false });
    expect(await deliveryCount([sub ?? 0])).toBe(1001);
  }, 120_000);
});
