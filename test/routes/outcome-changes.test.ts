import { env } from "cloudflare:test";
import { eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { recordOutcomeEvents } from "../../db/queries/outcomes.ts";
import { commissions, proposals, webhookSubscriptions } from "../../db/schema/index.ts";
import { createSubscription } from "../../worker/domain/subscriptions.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { claimFor } from "../helpers/jobs.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";
import { drain, received } from "../helpers/webhooks.ts";

// Outcome events are changes of their own: in /v1/changes, the feeds and webhooks.
const { db, close } = testDb();
const subs: number[] = [];
afterAll(async () => {
  if (subs.length) {
    await db.delete(webhookSubscriptions).where(inArray(webhookSubscriptions.id, subs));
  }
  await close();
});

type Change = {
  proposal_id: number;
  version: number | null;
  what: string;
  change: string;
  actor: string;
  reason: string | null;
  title: string;
  outcome?: {
    event_id: number;
    kind: string;
    occurred_on: string | null;
    recorded_by: string;
    source_name: string;
    source_url: string;
    retraction_reason: string | null;
  };
  links: { proposal: string; version: string | null; outcomes?: string };
};

/** The path of a list's next page, from its Link header. */
function nextOf(res: Response): string | null {
  const link = /<([^>]*)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
  if (!link) return null;
  const url = new URL(link, "http://cutwatch.test");
  return url.pathname + url.search;
}

async function commissionOf(claim: number) {
  const [row] = await db
    .select({ slug: commissions.slug })
    .from(proposals)
    .innerJoin(commissions, eq(commissions.id, proposals.commissionId))
    .where(eq(proposals.id, claim));
  return row?.slug ?? "";
}

/** An editor records an event on the claim, then retracts it; answers the event's id. */
async function recordThenRetract(claim: number, auth: Record<string, string>) {
  const res = await call(`/v1/proposals/${claim}/outcomes`, {
    method: "POST",
    headers: jsonWith(auth),
    body: JSON.stringify({
      kind: "reinstated",
      occurred_on: "2025-06-02",
      evidence: "court_docket",
      source_name: "U.S. District Court for the District of Columbia",
      source_url: "https://www.courtlistener.com/docket/69638651/new-mexico-state-of-v-musk/",
      docket: "1:25-cv-00429",
    }),
  });
  expect(res.status).toBe(201);
  const { data } = await json<{ data: { id: number } }>(res);
  const retract = await call(`/v1/proposals/${claim}/outcomes/${data.id}`, {
    method: "DELETE",
    headers: jsonWith(auth),
    body: JSON.stringify({ reason: "another claim's docket" }),
  });
  expect(retract.status).toBe(200);
  await retract.body?.cancel();
  return data.id;
}

describe("outcome events in the change log", () => {
  it("list the seeded Planetary Society ledger as an import of another tracker, filtered by ?change=outcome", async () => {
    // NASA (080), where the ledger's 79 claims are: the imported events, page after page.
    const found: Change[] = [];
    let next: string | null = "/v1/changes?commission=doge&agency=080&change=outcome&limit=100";
    while (next) {
      const res: Response = await call(next);
      expect(res.status).toBe(200);
      found.push(...(await json<{ data: Change[] }>(res)).data);
      next = nextOf(res);
    }
    const imported = found.filter((c) => c.outcome?.recorded_by === "import");
    // One change per ledger event: never twice across pages.
    expect(new Set(imported.map((c) => c.outcome?.event_id)).size).toBe(imported.length);
    // As many as the import wrote there, read from the table itself.
    const [written] = (
      await db.execute<{ n: number }>(sql`select count(*)::int as n from outcome_events e
        join proposals p on p.id = e.proposal_id join commissions c on c.id = p.commission_id
        where e.recorded_by = 'import' and c.slug = 'doge' and p.agency_code = '080'`)
    ).rows;
    expect(written?.n).toBeGreaterThan(50);
    expect(imported).toHaveLength(written?.n ?? 0);
    for (const c of found)
      expect(c).toMatchObject({ change: "outcome", what: "outcome", version: null });
    const one = imported.find((c) => c.outcome?.source_url.includes("80GSFC24CA024"));
    expect(one?.outcome).toMatchObject({ kind: "continued", occurred_on: "2026-06-18" });
    expect(one?.outcome?.source_name).toMatch(/The Planetary Society/);
    expect(one?.links.outcomes).toBe(`/v1/proposals/${one?.proposal_id}/outcomes`);
  });

  it("show an editor's event recorded and retracted, newest first, paged without repeats, in the feeds", async () => {
    const editor = await makeKey(db, "editor");
    const claim = await claimFor(db, null, null, null);
    const slug = await commissionOf(claim);
    const eventId = await recordThenRetract(claim, editor.auth);

    const all = await json<{ data: Change[] }>(await call(`/v1/changes?commission=${slug}`));
    expect(all.data.map((c) => c.change)).toEqual(["outcome_retracted", "outcome"]);
    expect(all.data[0]).toMatchObject({
      proposal_id: claim,
      actor: "editor",
      reason: "another claim's docket",
      outcome: { event_id: eventId, kind: "reinstated", recorded_by: "editor" },
    });
    expect(all.data[1]?.actor).toBe("editor");
    // A page of one, then the next: each once.
    const first = await call(`/v1/changes?commission=${slug}&limit=1`);
    const link = nextOf(first);
    expect(link).toBeTruthy();
    const second = await json<{ data: Change[] }>(await call(link ?? ""));
    expect((await json<{ data: Change[] }>(first)).data[0]?.change).toBe("outcome_retracted");
    expect(second.data.map((c) => c.change)).toEqual(["outcome"]);
    // Filters: only the recorded one; a version kind gives none of them.
    const recorded = await json<{ data: Change[] }>(
      await call(`/v1/changes?commission=${slug}&change=outcome`),
    );
    expect(recorded.data.map((c) => c.change)).toEqual(["outcome"]);
    const edits = await json<{ data: Change[] }>(
      await call(`/v1/changes?commission=${slug}&change=edited`),
    );
    expect(edits.data).toEqual([]);

    const csv = await (await call(`/v1/changes?commission=${slug}&format=csv`)).text();
    expect(csv.split("\r\n")[0]).toMatch(/,claimed_savings,outcome$/);
    expect(csv).toContain('""source_name"":""U.S. District Court for the District of Columbia""');

    const feed = await json<{ items: { id: string; title: string; content_text: string }[] }>(
      await call(`/feeds/changes.json?commission=${slug}`),
    );
    expect(feed.items.map((i) => i.title)).toEqual([
      "outcome retracted: A claim with an FPDS record",
      "outcome recorded: A claim with an FPDS record",
    ]);
    expect(feed.items[1]?.content_text).toContain(
      "reinstated on 2025-06-02, recorded by an editor from U.S. District Court for the District of Columbia",
    );
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(2);
    // The changes page, for people: each with its badge and what it says.
    const page = await (await call(`/changes?commission=${slug}`)).text();
    expect(page).toContain("Outcome retracted");
    expect(page).toContain("Outcome recorded");
    expect(page).toContain("reinstated on 2025-06-02");
    const atom = await call(`/feeds/changes.atom?commission=${slug}`);
    expect(atom.status).toBe(200);
    expect(await atom.text()).toContain("outcome recorded: A claim with an FPDS record");
  });
});

describe("outcome events by webhook", () => {
  it("reach a subscriber asking for outcomes once each, signed, and no one asking for other kinds", async () => {
    const editor = await makeKey(db, "editor");
    const key = await makeKey(db, "subscriber");
    const claim = await claimFor(db, null, null, null);
    const slug = await commissionOf(claim);
    const tag = crypto.randomUUID().slice(0, 8);
    const subscribe = async (path: string, kinds: string[]) => {
      const made = await createSubscription(db, {
        apiKeyId: key.id,
        fields: { url: `${env.WEBHOOK_RECEIVER_URL}/${tag}/${path}`, commission: slug, kinds },
        who: { actor: "test", requestId: null },
      });
      subs.push(made.row.id);
      return made;
    };
    const outcomes = await subscribe("outcomes", ["outcome"]);
    const others = await subscribe("others", ["new", "changed", "verdict_changed"]);

    const eventId = await recordThenRetract(claim, editor.auth);
    // The job's derivation of the same claim, as the job writes it.
    await recordOutcomeEvents(db, [
      {
        proposalId: claim,
        kind: "terminated",
        occurredOn: "2025-03-01",
        asOf: "2026-08-01",
        evidence: "transaction",
        recordedBy: "job",
        actor: "job:outcomes",
        sourceName: "USAspending award transactions",
        sourceUrl: "https://www.usaspending.gov/award/X/",
        modificationNumber: "P00007",
        evidenceKey: `test:${crypto.randomUUID()}`,
      },
    ]);
    const ids = [outcomes.row.id, others.row.id];
    await drain(db, ids);
    // A second fan-out rereads the settling window: nothing goes twice.
    await drain(db, ids);

    const posts = await received(`/${tag}/outcomes`);
    expect(posts).toHaveLength(3);
    const payloads = posts.map(
      (p) =>
        new Webhook(outcomes.secret).verify(p.body, p.headers) as {
          type: string;
          data: Change;
        },
    );
    expect(new Set(payloads.map((p) => p.type))).toEqual(new Set(["change.outcome"]));
    expect(payloads.map((p) => [p.data.change, p.data.outcome?.kind]).sort()).toEqual([
      ["outcome", "reinstated"],
      ["outcome", "terminated"],
      ["outcome_retracted", "reinstated"],
    ]);
    const job = payloads.find((p) => p.data.outcome?.recorded_by === "job");
    expect(job?.data).toMatchObject({ proposal_id: claim, version: null, actor: "job:outcomes" });
    expect(job?.data.outcome?.source_name).toBe("USAspending award transactions");
    const retracted = payloads.find((p) => p.data.change === "outcome_retracted");
    expect(retracted?.data.outcome?.event_id).toBe(eventId);
    // No key id in a payload.
    for (const p of posts) expect(p.body).not.toContain(`key:${editor.id}`);
    expect(await received(`/${tag}/others`)).toEqual([]);
  });
});
