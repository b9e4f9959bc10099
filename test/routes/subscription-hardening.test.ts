import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  apiKeys,
  proposalVersions,
  webhookDeliveries,
  webhookSubscriptions,
} from "../../db/schema/index.ts";
import {
  createSubscription,
  MAX_SUBSCRIPTIONS_PER_KEY,
} from "../../worker/domain/subscriptions.ts";
import { fanOutChanges } from "../../worker/domain/webhooks.ts";
import worker from "../../worker/index.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { addProposals } from "../helpers/proposals.ts";
import { consume, drain, received, WEBHOOK_QUEUE } from "../helpers/webhooks.ts";

// Issue 28's webhook findings: what one subscriber key could do to everyone else's deliveries,
// what a revoked key kept receiving, which URLs and filters got through, and what the editor
// waited for.
const { db, close } = testDb();
const subs: number[] = [];
afterAll(async () => {
  if (subs.length) {
    await db.delete(webhookSubscriptions).where(inArray(webhookSubscriptions.id, subs));
  }
  await close();
});

const RECEIVER = env.WEBHOOK_RECEIVER_URL;
const who = { actor: "test", requestId: null };
type Sub = { id: number; url: string; paused_at: string | null; paused_reason: string | null };

const admin = await makeKey(db, "admin");
const editor = await makeKey(db, "editor");

async function subscribe(auth: Record<string, string>, body: Record<string, unknown>) {
  const res = await call("/v1/subscriptions", {
    method: "POST",
    headers: jsonWith(auth),
    body: JSON.stringify(body),
  });
  const out = await json<{ data: Sub } & Problem>(res);
  if (res.status === 201) subs.push(out.data.id);
  return { status: res.status, body: out };
}

/** A subscription made in the domain (fast, no request), tracked for cleanup. */
async function subscribed(apiKeyId: number, url: string, commission: string) {
  const { row } = await createSubscription(db, { apiKeyId, fields: { url, commission }, who });
  subs.push(row.id);
  return row.id;
}

/** A new version of `n` new claims of the commission, as a sync writes them. */
async function newVersions(commissionId: number, n: number) {
  const ids = await addProposals(
    db,
    commissionId,
    Array.from({ length: n }, (_, i) => ({ title: `Hardening claim ${i}` })),
  );
  await db.execute(sql`
    insert into proposal_versions (proposal_id, version, snapshot, changed_fields, actor)
    select id, 1, '{}'::jsonb, '{}'::jsonb, 'source:doge'
    from unnest(${`{${ids.join(",")}}`}::bigint[]) as id`);
  return ids;
}

async function deliveriesOf(subIds: number[]) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.subscriptionId, subIds))
    .orderBy(webhookDeliveries.id);
}

describe("one key's subscriptions", () => {
  it("are capped, and a URL is subscribed once per key (409s, the URL named)", async () => {
    const key = await makeKey(db, "subscriber");
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const first = await subscribe(key.auth, {
      url: `https://Hooks-${tag}.example.org./cutwatch`,
      commission: c.slug,
    });
    expect(first.status).toBe(201);
    // Stored in one form: the same host with another case or a trailing dot is the same URL.
    expect(first.body.data.url).toBe(`https://hooks-${tag}.example.org/cutwatch`);
    const again = await subscribe(key.auth, {
      url: `https://hooks-${tag}.example.org/cutwatch`,
      commission: c.slug,
      kinds: ["new"],
    });
    expect(again.status).toBe(409);
    expect(again.body.errors?.map((e) => e.name)).toEqual(["url"]);
    const other = await subscribe(key.auth, {
      url: `https://hooks-${tag}.example.org/other`,
      commission: c.slug,
    });
    expect(other.status).toBe(201);
    const moved = await call(`/v1/subscriptions/${other.body.data.id}`, {
      method: "PATCH",
      headers: jsonWith(key.auth),
      body: JSON.stringify({ url: `https://hooks-${tag}.example.org/cutwatch` }),
    });
    expect(moved.status).toBe(409);
    await moved.text();

    for (let i = 2; i < MAX_SUBSCRIPTIONS_PER_KEY; i++) {
      await subscribed(key.id, `https://hooks-${tag}.example.org/${i}`, c.slug);
    }
    const over = await subscribe(key.auth, {
      url: `https://hooks-${tag}.example.org/one-too-many`,
      commission: c.slug,
    });
    expect(over.status).toBe(409);
    expect(over.body.detail).toMatch(`${MAX_SUBSCRIPTIONS_PER_KEY} subscriptions`);
    // Another key is not held back by this one.
    const another = await makeKey(db, "subscriber");
    expect(
      (
        await subscribe(another.auth, {
          url: `https://hooks-${tag}.example.org/cutwatch`,
          commission: c.slug,
        })
      ).status,
    ).toBe(201);
  });
});

describe("sending", () => {
  it("posts a batch at once, one key's slow receivers never holding back another key's", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const slowKey = await makeKey(db, "subscriber");
    const fastKey = await makeKey(db, "subscriber");
    const slow: number[] = [];
    for (let i = 0; i < 4; i++) {
      slow.push(await subscribed(slowKey.id, `${RECEIVER}/slow/1500/${tag}/s${i}`, c.slug));
    }
    const fast = await subscribed(fastKey.id, `${RECEIVER}/${tag}/fast`, c.slug);
    await newVersions(c.id, 1);
    await fanOutChanges(db, undefined, { verdicts: false });
    // The slow key's deliveries first in the batch, as a flood of them would be.
    const slowIds = (await deliveriesOf(slow)).map((d) => d.id);
    const fastIds = (await deliveriesOf([fast])).map((d) => d.id);
    expect(slowIds).toHaveLength(4);
    const started = Date.now();
    await consume([...slowIds, ...fastIds]);
    const took = Date.now() - started;
    const [fastPost] = await received(`/${tag}/fast`);
    // One after another, the fast one waited 6 s behind the slow ones.
    expect((fastPost?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(1500);
    expect(took).toBeLessThan(4 * 1500);
    expect((await deliveriesOf([...slow, fast])).map((d) => d.status)).toEqual(
      Array(5).fill("delivered"),
    );
  });

  it("gives a receiver 5 seconds by default, and tells the subscriber only the class of a failure", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const late = await subscribed(key.id, `${RECEIVER}/slow/7000/${tag}/late`, c.slug);
    // Nothing listens on port 9 (discard) of the loopback: the connection is refused.
    const closed = await subscribed(key.id, "http://127.0.0.1:9/closed", c.slug);
    await newVersions(c.id, 1);
    await fanOutChanges(db, undefined, { verdicts: false });
    await consume((await deliveriesOf([late, closed])).map((d) => d.id));
    const log = await call(`/v1/subscriptions/${closed}/deliveries`, { headers: key.auth });
    const [entry] = (await json<{ data: { last_error: string | null }[] }>(log)).data;
    expect(entry?.last_error).toBe("the receiver could not be reached");
    const [timedOut] = await deliveriesOf([late]);
    expect(timedOut?.lastError).toBe("the receiver did not answer in time");
  }, 30_000);
});

describe("the queue", () => {
  it("carries on a fan-out handed to it (a run that stopped at its budget queues one)", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const sub = await subscribed(key.id, `${RECEIVER}/${tag}/carried`, c.slug);
    await newVersions(c.id, 3);
    const batch = createMessageBatch(WEBHOOK_QUEUE, [
      { id: `fan-${tag}`, timestamp: new Date(), attempts: 1, body: { fanOut: true } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([`fan-${tag}`]);
    expect(await deliveriesOf([sub])).toHaveLength(3);
  });
});

describe("a revoked key's subscriptions", () => {
  it("are paused on revocation, a pending retry is held, and an admin can list, pause and delete them", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const one = await subscribed(key.id, `${RECEIVER}/${tag}/one`, c.slug);
    const two = await subscribed(key.id, `${RECEIVER}/${tag}/two`, c.slug);
    await newVersions(c.id, 1);
    await fanOutChanges(db, undefined, { verdicts: false });
    const pending = await deliveriesOf([one, two]);
    expect(pending.map((d) => d.status)).toEqual(["pending", "pending"]);

    const revoked = await call(`/v1/admin/keys/${key.id}`, {
      method: "DELETE",
      headers: admin.auth,
    });
    expect(revoked.status).toBe(200);
    await revoked.text();
    // The retries already in the queue come: nothing is sent.
    await consume(pending.map((d) => d.id));
    expect(await received(`/${tag}/one`)).toEqual([]);
    expect((await deliveriesOf([one, two])).map((d) => d.status)).toEqual(["held", "held"]);

    const listed = await call(`/v1/admin/keys/${key.id}/subscriptions`, { headers: admin.auth });
    expect(listed.status).toBe(200);
    const rows = (await json<{ data: Sub[] }>(listed)).data;
    expect(rows.map((r) => r.id).sort()).toEqual([one, two].sort());
    for (const r of rows) expect(r).toMatchObject({ paused_reason: "the key was revoked" });
    expect(JSON.stringify(rows)).not.toContain("whsec_");

    const removed = await call(`/v1/admin/subscriptions/${one}`, {
      method: "DELETE",
      headers: admin.auth,
    });
    expect(removed.status).toBe(200);
    await removed.text();
    expect(await deliveriesOf([one])).toEqual([]);
    // Only admins.
    const denied = await call(`/v1/admin/subscriptions/${two}`, {
      method: "DELETE",
      headers: editor.auth,
    });
    expect(denied.status).toBe(403);
    await denied.text();
  });

  it("are never sent to once the key is revoked, even before anything paused them", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const sub = await subscribed(key.id, `${RECEIVER}/${tag}/raw`, c.slug);
    await newVersions(c.id, 1);
    await fanOutChanges(db, undefined, { verdicts: false });
    // Revoked behind the API's back (a restore, a hand edit): the claim itself checks the key.
    await db.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, key.id));
    await consume((await deliveriesOf([sub])).map((d) => d.id));
    expect(await received(`/${tag}/raw`)).toEqual([]);
    expect((await deliveriesOf([sub])).map((d) => d.status)).toEqual(["held"]);
  });

  it("an admin pauses any subscription; what it had to send is held", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const sub = await subscribed(key.id, `${RECEIVER}/${tag}/paused`, c.slug);
    await newVersions(c.id, 1);
    await fanOutChanges(db, undefined, { verdicts: false });
    const res = await call(`/v1/admin/subscriptions/${sub}`, {
      method: "PATCH",
      headers: jsonWith(admin.auth),
      body: JSON.stringify({ paused: true, reason: "floods its receiver" }),
    });
    expect(res.status).toBe(200);
    expect((await json<{ data: Sub }>(res)).data).toMatchObject({
      paused_reason: "floods its receiver",
    });
    expect((await deliveriesOf([sub])).map((d) => d.status)).toEqual(["held"]);
  });
});

describe("webhook URLs, second pass", () => {
  it("refuses trailing-dot and encoded local names, special IPv6 ranges, other ports and line breaks", async () => {
    const key = await makeKey(db, "subscriber");
    for (const url of [
      "https://localhost./hook",
      "https://localhost%2e/hook",
      "https://printer.local./hook",
      "https://[2002:7f00:1::]/hook",
      "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
      "https://[fec0::1]/hook",
      "https://[100::1]/hook",
      "https://[64:ff9b::7f00:1]/hook",
      "https://[2001:db8::1]/hook",
      "https://example.org:22/hook",
      "https://example.org:6379/hook",
      "https://example.org/a\r\nX-Injected: 1",
      "https://example.org/a b",
    ]) {
      const { status, body } = await subscribe(key.auth, { url });
      expect(status, url).toBe(400);
      expect(body.errors?.map((e) => e.name)).toContain("url");
    }
    const c = await makeCommission(db);
    const ok = await subscribe(key.auth, {
      url: "https://[2606:4700:4700::1111]:443/hook",
      commission: c.slug,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data.url).toBe("https://[2606:4700:4700::1111]/hook");
  });
});

describe("filters", () => {
  it("must name a commission, agency and state that exist (400 naming the field)", async () => {
    const key = await makeKey(db, "subscriber");
    for (const [field, value] of [
      ["commission", "no-such-commission"],
      ["agency", "999"],
      ["state", "ZZ"],
    ] as const) {
      const { status, body } = await subscribe(key.auth, {
        url: `https://hooks.example.org/${field}`,
        [field]: value,
      });
      expect(status, field).toBe(400);
      expect(body.errors?.map((e) => e.name)).toEqual([field]);
    }
    const [{ code } = { code: "" }] = await db
      .execute<{ code: string }>(sql`select code from agencies order by code limit 1`)
      .then((r) => r.rows);
    const c = await makeCommission(db);
    const fine = await subscribe(key.auth, {
      url: "https://hooks.example.org/fine",
      commission: c.slug,
      agency: code,
      state: "VA",
    });
    expect(fine.status).toBe(201);
  });

  it("keep matching a commission after its rename, by the old slug or the new", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const byOld = await subscribed(key.id, `${RECEIVER}/${tag}/old`, c.slug);
    const to = `${c.slug}-renamed`;
    const renamed = await call(`/v1/commissions/${c.slug}/rename`, {
      method: "POST",
      headers: jsonWith(admin.auth),
      body: JSON.stringify({ slug: to, reason: "its new name" }),
    });
    expect(renamed.status).toBe(200);
    await renamed.text();
    // Made after the rename with the former slug: still the same commission.
    const alsoOld = await subscribe(key.auth, {
      url: `${RECEIVER}/${tag}/also-old`,
      commission: c.slug,
    });
    expect(alsoOld.status).toBe(201);
    const [claim] = await newVersions(c.id, 1);
    await drain(db, [byOld, alsoOld.body.data.id]);
    for (const path of ["old", "also-old"]) {
      const posts = await received(`/${tag}/${path}`);
      expect(posts, path).toHaveLength(1);
      expect(JSON.parse(posts[0]?.body ?? "{}").data).toMatchObject({
        proposal_id: claim,
        commission: to,
      });
    }
  });
});

describe("an editor's write", () => {
  it("answers before its change is fanned out, which happens after the response", async () => {
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const key = await makeKey(db, "subscriber");
    const subA = await subscribed(key.id, `${RECEIVER}/${tag}/a`, c.slug);
    const subB = await subscribed(key.id, `${RECEIVER}/${tag}/b`, c.slug);
    // A backlog the fan-out works through first (a bulk import's versions).
    await newVersions(c.id, 1000);
    const res = await call("/v1/proposals", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ commission: c.slug, kind: "contract", title: `Edited ${tag}` }),
    });
    expect(res.status).toBe(201);
    const { data } = await json<{ data: { id: number } }>(res);
    const ofWrite = async () => {
      const [row] = await db
        .select({ n: count() })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.changeKey, `version:${data.id}:1`));
      return row?.n ?? 0;
    };
    // Inside the request, 2,000 deliveries were recorded before the editor got an answer.
    expect(await ofWrite()).toBe(0);
    // After it, the fan-out records them without anyone asking again.
    for (let i = 0; i < 120 && (await ofWrite()) < 2; i++) {
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await ofWrite()).toBe(2);
    expect((await deliveriesOf([subA, subB])).length).toBeGreaterThanOrEqual(2);
    const [version] = await db
      .select({ actor: proposalVersions.actor })
      .from(proposalVersions)
      .where(eq(proposalVersions.proposalId, data.id));
    expect(version?.actor).toBe(`key:${editor.id}`);
  }, 120_000);
});

describe("/v1/changes", () => {
  it("names an editor as webhooks do, never by key", async () => {
    const c = await makeCommission(db);
    const res = await call("/v1/proposals", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ commission: c.slug, kind: "grant", title: "An edited claim" }),
    });
    expect(res.status).toBe(201);
    await res.text();
    const changes = await json<{ data: { actor: string }[] }>(
      await call(`/v1/changes?commission=${c.slug}`),
    );
    expect(changes.data.map((ch) => ch.actor)).toEqual(["editor"]);
    expect(JSON.stringify(changes)).not.toContain(`key:${editor.id}`);
  });
});
