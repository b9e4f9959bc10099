import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import {
  assessments,
  proposalPlaces,
  webhookDeliveries,
  webhookSubscriptions,
} from "../../db/schema/index.ts";
import { fanOutChanges, matches } from "../../worker/domain/webhooks.ts";
import worker from "../../worker/index.ts";
import { webhookUrlProblem } from "../../worker/lib/webhook-url.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { addProposals } from "../helpers/proposals.ts";
import { consume, drain, received, WEBHOOK_QUEUE } from "../helpers/webhooks.ts";

// Subscriptions end to end: the API registers them, editors' writes fan out, the queue consumer
// (driven here with the pool's message batches) signs and posts to a local receiver
// (dev/upstreams/webhook-receiver.ts, started by the global setup), which the test reads back.
const { db, close } = testDb();
const subs: number[] = [];
afterAll(async () => {
  if (subs.length) {
    await db.delete(webhookSubscriptions).where(inArray(webhookSubscriptions.id, subs));
  }
  await close();
});

const RECEIVER = env.WEBHOOK_RECEIVER_URL;

type Sub = { id: number; secret: string; paused_at: string | null; paused_reason: string | null };

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

async function write(
  auth: Record<string, string>,
  method: string,
  path: string,
  body: unknown,
  extra: Record<string, string> = {},
) {
  const res = await call(path, {
    method,
    headers: jsonWith(auth, extra),
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return {
    etag: res.headers.get("etag") ?? "",
    data: (await json<{ data: { id: number } }>(res)).data,
  };
}

async function deliveriesOf(subId: number) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, subId))
    .orderBy(webhookDeliveries.id);
}

const admin = await makeKey(db, "admin");
const editor = await makeKey(db, "editor");

async function subscriberKey() {
  const res = await call("/v1/admin/keys", {
    method: "POST",
    headers: jsonWith(admin.auth),
    body: JSON.stringify({ name: "a dashboard", role: "subscriber" }),
  });
  expect(res.status).toBe(201);
  const { data } = await json<{ data: { secret: string; role: string } }>(res);
  expect(data.role).toBe("subscriber");
  return { Authorization: `Bearer ${data.secret}` };
}

describe("subscriber keys", () => {
  it("an admin creates one; it manages subscriptions and nothing else, and others cannot", async () => {
    const subscriber = await subscriberKey();
    const asSubscriber = await call("/v1/proposals", {
      method: "POST",
      headers: jsonWith(subscriber),
      body: JSON.stringify({ commission: "doge", kind: "contract", title: "no" }),
    });
    expect(asSubscriber.status).toBe(403);
    await asSubscriber.text();
    const asEditor = await subscribe(editor.auth, { url: "https://example.org/hook" });
    expect(asEditor.status).toBe(403);
    const list = await call("/v1/subscriptions", { headers: subscriber });
    expect(list.status).toBe(200);
    expect((await json<{ data: unknown[] }>(list)).data).toEqual([]);
  });
});

describe("webhook URLs", () => {
  it("refuses http, private and loopback hosts and credentials with a 400 naming the url", async () => {
    const subscriber = await subscriberKey();
    for (const url of [
      "http://example.org/hook",
      "https://10.1.2.3/hook",
      "https://192.168.0.5/hook",
      "https://127.0.0.1/hook",
      "https://[::1]/hook",
      "https://[::ffff:7f00:1]/hook",
      "https://localhost/hook",
      "https://printer.local/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://user:secret@example.org/hook",
      "ftp://example.org/hook",
    ]) {
      const { status, body } = await subscribe(subscriber, { url });
      expect(status, url).toBe(400);
      expect(body.type).toBe("/problems/bad-request");
      expect(body.errors?.map((e) => e.name)).toContain("url");
    }
    const quiet = await makeCommission(db);
    const ok = await subscribe(subscriber, {
      url: "https://hooks.example.org/cutwatch",
      commission: quiet.slug,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it("allows http only to 127.0.0.1 or localhost, and only with the local switch", () => {
    const off = { allowLocalHttp: false };
    const on = { allowLocalHttp: true };
    expect(webhookUrlProblem("http://127.0.0.1:8080/x", off)).toBe("must be https");
    expect(webhookUrlProblem("http://127.0.0.1:8080/x", on)).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.1/x", on)).toBe("must be https");
    expect(webhookUrlProblem("https://2130706433/x", off)).toMatch(/public host/);
    expect(webhookUrlProblem("https://example.org/x", off)).toBeNull();
  });

  it("refuses a patch to a private URL too", async () => {
    const subscriber = await subscriberKey();
    const quiet = await makeCommission(db);
    const { body } = await subscribe(subscriber, {
      url: "https://hooks.example.org/a",
      commission: quiet.slug,
    });
    const res = await call(`/v1/subscriptions/${body.data.id}`, {
      method: "PATCH",
      headers: jsonWith(subscriber),
      body: JSON.stringify({ url: "https://10.0.0.8/a" }),
    });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.[0]?.name).toBe("url");
  });
});

describe("deliveries", () => {
  it("send each subscription exactly the changes its filters match, signed, with public fields only", async () => {
    const subscriber = await subscriberKey();
    const a = await makeCommission(db);
    const b = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const path = (name: string) => `/${tag}/${name}`;
    const newAndChanged = await subscribe(subscriber, {
      url: `${RECEIVER}${path("a-new-changed")}`,
      commission: a.slug,
      kinds: ["new", "changed"],
    });
    const retracted = await subscribe(subscriber, {
      url: `${RECEIVER}${path("a-retracted")}`,
      commission: a.slug,
      kinds: ["retracted"],
    });
    const agency = await subscribe(subscriber, {
      url: `${RECEIVER}${path("a-agency")}`,
      commission: a.slug,
      agency: "097",
    });
    const other = await subscribe(subscriber, {
      url: `${RECEIVER}${path("b-all")}`,
      commission: b.slug,
    });
    // These claims have no place: a state filter is kept, and matches none of them.
    const state = await subscribe(subscriber, {
      url: `${RECEIVER}${path("state")}`,
      commission: a.slug,
      state: "VA",
    });
    for (const s of [newAndChanged, retracted, agency, other, state]) expect(s.status).toBe(201);
    expect(state.body.data).toMatchObject({ state: "VA" });

    const first = await write(editor.auth, "POST", "/v1/proposals", {
      commission: a.slug,
      kind: "contract",
      title: `Webhook claim ${tag}`,
      claimed_savings: "1250.50",
    });
    await write(
      editor.auth,
      "PATCH",
      `/v1/proposals/${first.data.id}`,
      { title: `Webhook claim ${tag} (corrected)`, reason: "typo" },
      { "If-Match": first.etag },
    );
    await write(editor.auth, "DELETE", `/v1/proposals/${first.data.id}`, {
      reason: "a duplicate",
    });
    const atAgency = await write(editor.auth, "POST", "/v1/proposals", {
      commission: a.slug,
      kind: "contract",
      title: `Webhook claim at DoD ${tag}`,
      agency_code: "097",
    });
    const inB = await write(editor.auth, "POST", "/v1/proposals", {
      commission: b.slug,
      kind: "grant",
      title: `Webhook claim in B ${tag}`,
    });

    const ids = [newAndChanged, retracted, agency, other, state].map((s) => s.body.data.id);
    await drain(db, ids);

    const got = async (name: string, secret: string) => {
      const posts = await received(path(name));
      return posts.map((p) => {
        // Signed per Standard Webhooks: the reference check accepts it (and throws otherwise).
        const payload = new Webhook(secret).verify(p.body, p.headers) as {
          type: string;
          data: Record<string, unknown>;
        };
        return { p, payload };
      });
    };
    const summary = (rows: Awaited<ReturnType<typeof got>>) =>
      rows.map(
        ({ payload }) => `${payload.data.proposal_id}:${payload.data.version}:${payload.type}`,
      );

    const one = await got("a-new-changed", newAndChanged.body.data.secret);
    expect(summary(one)).toEqual([
      `${first.data.id}:1:change.new`,
      `${first.data.id}:2:change.changed`,
      `${atAgency.data.id}:1:change.new`,
    ]);
    expect(summary(await got("a-retracted", retracted.body.data.secret))).toEqual([
      `${first.data.id}:3:change.retracted`,
    ]);
    expect(summary(await got("a-agency", agency.body.data.secret))).toEqual([
      `${atAgency.data.id}:1:change.new`,
    ]);
    expect(summary(await got("b-all", other.body.data.secret))).toEqual([
      `${inB.data.id}:1:change.new`,
    ]);
    expect(await received(path("state"))).toEqual([]);

    // A wrong secret fails the reference check.
    const [sample] = await received(path("a-new-changed"));
    if (!sample) throw new Error("no delivery");
    expect(() =>
      new Webhook(retracted.body.data.secret).verify(sample.body, sample.headers),
    ).toThrow();

    // The same fields as /v1/changes, and nothing private: no key id, key or secret.
    const changes = await json<{ data: Record<string, unknown>[] }>(
      await call(`/v1/changes?commission=${a.slug}`),
    );
    const listed = changes.data.find((c) => c.proposal_id === first.data.id && c.version === 2);
    const delivered = one[1]?.payload.data;
    expect(Object.keys(delivered ?? {}).sort()).toEqual(Object.keys(listed ?? {}).sort());
    expect(delivered).toMatchObject({
      title: `Webhook claim ${tag} (corrected)`,
      changed_fields: {
        title: { old: `Webhook claim ${tag}`, new: `Webhook claim ${tag} (corrected)` },
      },
      reason: "typo",
      actor: "editor",
      what: "changed",
    });
    const everything = (
      await Promise.all(
        ["a-new-changed", "a-retracted", "a-agency", "b-all"].map((n) => received(path(n))),
      )
    ).flat();
    expect(everything.length).toBe(6);
    for (const p of everything) {
      expect(p.body).not.toContain(`key:${editor.id}`);
      expect(p.body).not.toContain(editor.token);
      expect(p.body).not.toContain("whsec_");
      expect(p.body).not.toMatch(/cw_[0-9a-f]{8}/);
      expect(p.body).not.toContain("api_key");
    }
    // One webhook-id per delivery, so a receiver can drop a repeat.
    expect(new Set(everything.map((p) => p.headers["webhook-id"])).size).toBe(everything.length);

    // Fanning out again sends nothing twice: one delivery per (change, subscription).
    await fanOutChanges(db, env.WEBHOOK_DELIVERIES, { verdicts: false });
    await drain(db, ids);
    const again = (
      await Promise.all(
        ["a-new-changed", "a-retracted", "a-agency", "b-all"].map((n) => received(path(n))),
      )
    ).flat();
    expect(again.length).toBe(6);

    // The delivery log says each was delivered at the first attempt.
    const log = await call(`/v1/subscriptions/${newAndChanged.body.data.id}/deliveries`, {
      headers: subscriber,
    });
    const entries = (await json<{ data: Record<string, unknown>[] }>(log)).data;
    expect(entries).toHaveLength(3);
    for (const e of entries) {
      expect(e).toMatchObject({ status: "delivered", attempts: 1, response_code: 204 });
    }
  });

  it("match a state filter by the claim's place, once the claim has one", async () => {
    const subscriber = await subscriberKey();
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const va = await subscribe(subscriber, {
      url: `${RECEIVER}/${tag}/va`,
      commission: c.slug,
      state: "VA",
    });
    expect(va.status).toBe(201);
    const made = await write(editor.auth, "POST", "/v1/proposals", {
      commission: c.slug,
      kind: "contract",
      title: `Placed claim ${tag}`,
    });
    // Fanned out (after the response) while the claim has no place: no state matches it.
    await drain(db, [va.body.data.id]);
    // Its place is derived later (an assessment run); its next change is then a Virginia one.
    await db.insert(proposalPlaces).values({
      proposalId: made.data.id,
      state: "VA",
      placeSource: "place_of_performance",
    });
    await write(
      editor.auth,
      "PATCH",
      `/v1/proposals/${made.data.id}`,
      { title: `Placed claim ${tag} (corrected)` },
      { "If-Match": made.etag },
    );
    await drain(db, [va.body.data.id]);
    const posts = await received(`/${tag}/va`);
    const got = posts.map((p) => {
      const payload = new Webhook(va.body.data.secret).verify(p.body, p.headers) as {
        data: { proposal_id: number; version: number };
      };
      return `${payload.data.proposal_id}:${payload.data.version}`;
    });
    expect(got).toEqual([`${made.data.id}:2`]);
  });

  it("retries a failing receiver with backoff, then pauses the subscription and says why; its owner resumes it", async () => {
    const subscriber = await subscriberKey();
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const failing = await subscribe(subscriber, {
      url: `${RECEIVER}/fail/${tag}`,
      commission: c.slug,
    });
    expect(failing.status).toBe(201);
    const subId = failing.body.data.id;
    for (const n of [1, 2, 3]) {
      await write(editor.auth, "POST", "/v1/proposals", {
        commission: c.slug,
        kind: "contract",
        title: `Failing ${tag} ${n}`,
      });
    }
    // Editors' writes fan out after their response: make sure it has happened.
    await fanOutChanges(db, undefined, { verdicts: false });
    // Deliver until the subscription pauses: each round is one attempt of each open delivery.
    const delays: number[] = [];
    for (let round = 0; round < 10; round++) {
      const open = (await deliveriesOf(subId)).filter((d) => d.status === "pending");
      if (!open.length) break;
      const batch = createMessageBatch(
        WEBHOOK_QUEUE,
        open.map((d) => ({
          id: `f${d.id}-${round}`,
          timestamp: new Date(),
          attempts: d.attempts + 1,
          body: { deliveryId: d.id },
        })),
      );
      for (const msg of batch.messages) {
        const retry = msg.retry.bind(msg);
        msg.retry = (options) => {
          if (options?.delaySeconds !== undefined) delays.push(options.delaySeconds);
          retry(options);
        };
      }
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      await getQueueResult(batch, ctx);
    }
    const posts = await received(`/fail/${tag}`);
    expect(posts.length).toBeGreaterThanOrEqual(10);
    expect(posts.map((p) => p.status)).toEqual(posts.map(() => 500));
    // Retries repeat the same webhook-id; the backoff doubles from 30 s.
    const perId = new Map<string, number>();
    for (const p of posts)
      perId.set(p.headers["webhook-id"] ?? "", (perId.get(p.headers["webhook-id"] ?? "") ?? 0) + 1);
    expect(perId.size).toBe(3);
    expect(Math.max(...perId.values())).toBeGreaterThan(1);
    // (Miniflare's own consumer of the queue may take some attempts: the delays this loop sees
    // are then a subset of the doubling series, never anything else.)
    expect(delays).toContain(30);
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(60);
    for (const d of delays) expect([30, 60, 120, 240, 480, 960, 1920]).toContain(d);

    const read = await call(`/v1/subscriptions/${subId}`, { headers: subscriber });
    const { data } = await json<{ data: Sub & { consecutive_failures: number } }>(read);
    expect(data.paused_at).not.toBeNull();
    expect(data.paused_reason).toMatch(/10 deliveries failed in a row .*500/);

    const log = await json<{ data: Record<string, unknown>[] }>(
      await call(`/v1/subscriptions/${subId}/deliveries`, { headers: subscriber }),
    );
    expect(log.data).toHaveLength(3);
    for (const e of log.data) {
      expect(e).toMatchObject({ response_code: 500, last_error: "the receiver answered 500" });
      expect(Number(e.attempts)).toBeGreaterThan(1);
    }
    // Paused mid-retry: what it still had to send is held, not dropped.
    expect(log.data.map((e) => e.status)).toEqual(["held", "held", "held"]);

    // Nothing is sent while paused.
    const before = posts.length;
    await consume((await deliveriesOf(subId)).map((d) => d.id));
    expect((await received(`/fail/${tag}`)).length).toBe(before);

    // Another key cannot see or resume it; its owner can.
    const stranger = await subscriberKey();
    const denied = await call(`/v1/subscriptions/${subId}`, {
      method: "PATCH",
      headers: jsonWith(stranger),
      body: JSON.stringify({ paused: false }),
    });
    expect(denied.status).toBe(404);
    await denied.text();
    const resumed = await call(`/v1/subscriptions/${subId}`, {
      method: "PATCH",
      headers: jsonWith(subscriber),
      body: JSON.stringify({ paused: false }),
    });
    expect(resumed.status).toBe(200);
    expect(
      (await json<{ data: Sub & { consecutive_failures: number } }>(resumed)).data,
    ).toMatchObject({ paused_at: null, paused_reason: null, consecutive_failures: 0 });
    expect((await deliveriesOf(subId)).map((d) => d.status)).not.toContain("held");
  });

  it("sends a verdict change of an assessment to subscriptions asking for it", async () => {
    const subscriber = await subscriberKey();
    const c = await makeCommission(db);
    const tag = crypto.randomUUID().slice(0, 8);
    const [claim] = await addProposals(db, c.id, [
      { title: `Verdict ${tag}`, claimedSavings: "500", assessment: "unconfirmed" },
    ]);
    // The fan-out learns the verdicts as they stand (the first pass reports none).
    await fanOutChanges(db, undefined, { verdicts: true });
    const verdicts = await subscribe(subscriber, {
      url: `${RECEIVER}/${tag}/verdicts`,
      commission: c.slug,
      kinds: ["verdict_changed"],
    });
    const news = await subscribe(subscriber, {
      url: `${RECEIVER}/${tag}/news`,
      commission: c.slug,
      kinds: ["new"],
    });
    await db
      .update(assessments)
      .set({ status: "supported", computedAt: sql`now()` })
      .where(eq(assessments.proposalId, claim ?? 0));
    await fanOutChanges(db, env.WEBHOOK_DELIVERIES, { verdicts: true });
    await fanOutChanges(db, env.WEBHOOK_DELIVERIES, { verdicts: true });
    await drain(db, [verdicts.body.data.id, news.body.data.id]);
    const posts = await received(`/${tag}/verdicts`);
    expect(posts).toHaveLength(1);
    const payload = new Webhook(verdicts.body.data.secret).verify(
      posts[0]?.body ?? "",
      posts[0]?.headers ?? {},
    ) as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe("change.verdict_changed");
    expect(payload.data).toMatchObject({
      proposal_id: claim,
      what: "verdict_changed",
      commission: c.slug,
      changed_fields: { assessment_status: { old: "unconfirmed", new: "supported" } },
    });
    expect(await received(`/${tag}/news`)).toEqual([]);
  });
});

describe("matching", () => {
  it("needs every filter set to agree; a state filter needs the claim's state", () => {
    const change = { commission: "doge", agency_code: "097" };
    const any = { commission: null, agency: null, state: null, kinds: null };
    expect(matches(any, change, "new")).toBe(true);
    expect(matches({ ...any, commission: "other" }, change, "new")).toBe(false);
    expect(matches({ ...any, agency: "012" }, change, "new")).toBe(false);
    expect(matches({ ...any, kinds: ["removed"] }, change, "new")).toBe(false);
    expect(matches({ ...any, state: "VA" }, change, "new")).toBe(false);
    expect(matches({ ...any, state: "VA" }, { ...change, state: "VA" }, "new")).toBe(true);
  });
});
