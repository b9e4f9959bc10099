import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import { eq, inArray, like, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { awardLookups, awards, awardTransactions, proposals } from "../../db/schema/index.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { AWARDS_CRON, claimFor, FAULTS, fire, lastRunId, runsAfter } from "../helpers/jobs.ts";

// The awards step: looking the claims' awards up on USAspending, inline or through the queue.
const { db, close } = testDb();
afterAll(() => close());

describe("the awards step", () => {
  // The first FPDS record behind DOGE's 2025-03-05 list, which the USAspending stand-in serves.
  const [record] = parse(fpdsCsv, { columns: true, bom: true, to: 1 }) as Record<string, string>[];
  const link = new URL(record?.LINK ?? "").searchParams;
  const awardId = `CONT_AWD_${link.get("PIID")}_${link.get("agencyID")}_${link.get("idvPIID") || "-NONE-"}_${link.get("idvAgencyID") || "-NONE-"}`;

  it("stores the award behind the newest claim, with its transactions, as USAspending gives them", async () => {
    const id = await claimFor(
      db,
      link.get("PIID"),
      link.get("agencyID"),
      link.get("idvPIID") || null,
    );
    const mark = await lastRunId(db);
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "10" });
    const [run] = await runsAfter(db, mark);
    expect(run).toMatchObject({ step: "awards", status: "succeeded", complete: false });
    expect(run?.counts.fetched).toBe(5); // 10 requests, 2 an award
    const [award] = await db.select().from(awards).where(eq(awards.awardId, awardId));
    const upstream = (await (
      await fetch(`${env.USASPENDING_API_URL}/api/v2/awards/${awardId}/`)
    ).json()) as {
      base_and_all_options: number | null;
    };
    expect(award).toMatchObject({ status: "found", piid: link.get("PIID") });
    expect(award?.baseAndAllOptions === null ? null : Number(award?.baseAndAllOptions)).toBe(
      upstream.base_and_all_options,
    );
    const txs = await db
      .select()
      .from(awardTransactions)
      .where(eq(awardTransactions.awardPk, award?.id ?? 0));
    expect(txs.length).toBeGreaterThan(0);
    expect(txs[0]?.modificationNumber).toBe(record?.MODIFICATION_NO);

    // The same cron assesses the claim against it, and the API shows the assessment inline.
    const { data } = await json<{
      data: { assessment: { methodology_version: string; status: string } | null };
    }>(await call(`/v1/proposals/${id}`));
    expect(data.assessment?.methodology_version).toBe(METHODOLOGY_VERSION);
    expect(data.assessment?.status).toBeTruthy();
  });

  it("records an award USAspending does not know, so it is not asked again at once", async () => {
    const id = await claimFor(db, "NOSUCHPIID0001", "9999", null);
    const mark = await lastRunId(db);
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    const [run] = await runsAfter(db, mark);
    expect(run?.counts.fetched).toBe(1);
    const [award] = await db
      .select()
      .from(awards)
      .where(eq(awards.awardId, "CONT_AWD_NOSUCHPIID0001_9999_-NONE-_-NONE-"));
    expect(award?.status).toBe("not_found");
    const { data } = await json<{ data: { assessment: { status: string } | null } }>(
      await call(`/v1/proposals/${id}`),
    );
    expect(data.assessment?.status).toBe("not_found");
  });

  // Another FPDS record's award, never fetched by the tests above: a failed run must leave it so.
  const spare = (parse(fpdsCsv, { columns: true, bom: true }) as Record<string, string>[])
    .filter((r) => r.LINK?.startsWith("http"))
    .map((r) => new URL(r.LINK ?? "").searchParams)
    .find((l) => l.get("PIID") && l.get("PIID") !== link.get("PIID") && l.get("agencyID"));

  it.each(FAULTS)(
    "records the award as failed, stores no half award and goes on when USAspending is %s mid-award",
    async (mode, reason) => {
      if (!spare) throw new Error("the FPDS file has a single award");
      await claimFor(db, spare.get("PIID"), spare.get("agencyID"), spare.get("idvPIID") || null);
      const spareKey = `CONT_AWD_${spare.get("PIID")}_${spare.get("agencyID")}_${spare.get("idvPIID") || "-NONE-"}_${spare.get("idvAgencyID") || "-NONE-"}`;
      // An earlier mode's failure backs the award off: cleared, so this run picks it first.
      await db.delete(awardLookups).where(eq(awardLookups.awardId, spareKey));
      const mark = await lastRunId(db);
      // The award's record comes back; the request for its transactions fails, every retry. The
      // budget covers this award's record and its four tries (a fault that is not retried leaves
      // room for the next award, which fails the same way).
      await fire(AWARDS_CRON, {
        USASPENDING_API_URL: `${env.USASPENDING_API_URL}/fault/${mode}`,
        JOB_FETCH_TIMEOUT_MS: "300",
        JOB_MAX_SUBREQUESTS: "5",
      });
      const [run] = await runsAfter(db, mark);
      expect(run).toMatchObject({ step: "awards", status: "succeeded" });
      expect(run?.counts.failed).toBeGreaterThanOrEqual(1);
      // No half award: its record came back, but nothing of it is stored without its transactions.
      expect(await db.select().from(awards).where(eq(awards.awardId, spareKey))).toEqual([]);
      const [lookup] = await db
        .select()
        .from(awardLookups)
        .where(eq(awardLookups.awardId, spareKey));
      expect(lookup?.lastError).toMatch(reason);
      expect(lookup?.attempts).toBe(1);
      expect(lookup?.failedAt).toBeTruthy();
    },
  );

  it("goes on past poisoned awards: every other award fetched and assessed, the poisoned ones shown with their error", async () => {
    const tag = crypto.randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase();
    const piid = (name: string) => `${name}${tag}`;
    const award = (p: string, more: Record<string, unknown> = {}) => ({
      id: Math.floor(Math.random() * 2 ** 31),
      generated_unique_award_id: `CONT_AWD_${p}_9700_-NONE-_-NONE-`,
      piid: p,
      category: "contract",
      type: "D",
      total_obligation: 5000,
      total_outlay: 1000,
      base_exercised_options: 5000,
      base_and_all_options: 9000,
      ...more,
    });
    const tx = (p: string, mod: string, amount: number) => ({
      id: `CONT_TX_9700_${p}_${mod}_-NONE-`,
      action_date: "2025-03-01",
      action_type: null,
      action_type_description: "TERMINATE FOR CONVENIENCE",
      modification_number: mod,
      description: null,
      federal_action_obligation: amount,
    });
    const good = ["GOODA", "GOODB", "GOODC"].map(piid);
    const [dup, failing, malformed] = ["DUPTX", "FIVEHUNDRED", "MALFORMED"].map(piid);
    if (!dup || !failing || !malformed) throw new Error("no piids");
    const res = await fetch(`${env.USASPENDING_API_URL}/__scenarios`, {
      method: "POST",
      body: JSON.stringify({
        awards: [
          ...good.map((p) => ({ award: award(p), transactions: [tx(p, "P00001", -1500)] })),
          // Two DOGE receipts linking one FPDS record: the same transaction twice.
          {
            award: award(dup),
            transactions: [tx(dup, "0", 5700), tx(dup, "P00001", -1500), tx(dup, "P00001", -1500)],
          },
          { award: award(failing), fault: "error" },
          { award: award(malformed), fault: "malformed" },
        ],
      }),
    });
    const { prefix } = (await res.json()) as { prefix: string };
    const ids: Record<string, number> = {};
    for (const p of [...good, dup, failing, malformed])
      ids[p] = await claimFor(db, p, "9700", null);
    const mark = await lastRunId(db);
    await fire(AWARDS_CRON, {
      USASPENDING_API_URL: `${env.USASPENDING_API_URL}${prefix}`,
      JOB_MAX_SUBREQUESTS: "40",
    });
    await (
      await fetch(`${env.USASPENDING_API_URL}/__scenarios/${prefix.split("/").at(-1)}`, {
        method: "DELETE",
      })
    ).text();
    const [run, assess] = await runsAfter(db, mark);
    expect(run).toMatchObject({ step: "awards", status: "succeeded" });
    expect(run?.counts.failed).toBeGreaterThanOrEqual(2);
    expect(assess).toMatchObject({ step: "assess", status: "succeeded" });

    type One = { data: { assessment: { status: string; verified_low: string | null } | null } };
    for (const p of [...good, dup]) {
      const stored = await db
        .select()
        .from(awards)
        .where(eq(awards.awardId, `CONT_AWD_${p}_9700_-NONE-_-NONE-`));
      expect(stored[0]?.status).toBe("found");
      const { data } = await json<One>(await call(`/v1/proposals/${ids[p]}`));
      expect(data.assessment?.status).toBe("supported");
      // The claim of 1,000 against 1,500 taken back (the duplicated action counted once).
      expect(Number(data.assessment?.verified_low)).toBe(1000);
    }
    const dupTxs = await db
      .select({ key: awardTransactions.transactionKey })
      .from(awardTransactions)
      .innerJoin(awards, eq(awards.id, awardTransactions.awardPk))
      .where(eq(awards.awardId, `CONT_AWD_${dup}_9700_-NONE-_-NONE-`));
    expect(dupTxs.map((t) => t.key).sort()).toEqual([
      `CONT_TX_9700_${dup}_0_-NONE-`,
      `CONT_TX_9700_${dup}_P00001_-NONE-`,
    ]);

    for (const [p, reason] of [
      [failing, /HTTP 500/],
      [malformed, /not JSON/],
    ] as const) {
      const key = `CONT_AWD_${p}_9700_-NONE-_-NONE-`;
      expect(await db.select().from(awards).where(eq(awards.awardId, key))).toHaveLength(0);
      const [lookup] = await db.select().from(awardLookups).where(eq(awardLookups.awardId, key));
      expect(lookup?.lastError).toMatch(reason);
      expect(lookup?.attempts).toBe(1);
      expect(new Date(lookup?.retryAt ?? 0).getTime()).toBeGreaterThan(Date.now());
      // The claim's page says so, with the error.
      const page = await call(`/proposals/${ids[p]}`, { headers: { accept: "text/html" } });
      const html = await page.text();
      expect(html).toContain("lookup failed");
      expect(html).toMatch(reason);
      const { data } = await json<One>(await call(`/v1/proposals/${ids[p]}`));
      expect(data.assessment).toBeNull();
    }

    // /v1/jobs/runs counts the failures of the run.
    const runs = await json<{ data: { id: number; counts: { failed?: number } }[] }>(
      await call("/v1/jobs/runs?limit=20"),
    );
    expect(runs.data.find((r) => r.id === run?.id)?.counts.failed).toBe(run?.counts.failed);

    // The next run leaves them alone until their retry time: no second attempt, no failed run.
    const again = await lastRunId(db);
    // (Were they asked, the plain stand-in would answer "no such award", and clear their rows.)
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "4" });
    const [next] = await runsAfter(db, again);
    expect(next?.status).toBe("succeeded");
    const lookups = await db
      .select({ attempts: awardLookups.attempts })
      .from(awardLookups)
      .where(like(awardLookups.awardId, `%${tag}%`));
    expect(lookups.map((l) => l.attempts)).toEqual([1, 1]);
  });
});

describe("the awards step with the queue of award lookups bound", () => {
  it("only decides: sends one message per award to fetch, newest claims first, none in backoff, none twice", async () => {
    const tag = crypto.randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase();
    const commission = await makeCommission(db);
    const piids = ["OLDER", "NEWER", "BACKOFF"].map((p) => `${p}${tag}`);
    for (const piid of piids) {
      await db.insert(proposals).values({
        commissionId: commission.id,
        kind: "contract",
        naturalKey: `test:${crypto.randomUUID()}`,
        title: "A claim whose award is to be fetched",
        source: "editor",
        piid,
        contractingAgencyId: "9700",
        claimedSavings: "1000",
      });
    }
    const key = (piid: string | undefined) => `CONT_AWD_${piid}_9700_-NONE-_-NONE-`;
    // A failed lookup is left alone until its retry time.
    await db.insert(awardLookups).values({
      awardId: key(piids[2]),
      attempts: 1,
      lastError: "HTTP 500",
      failedAt: sql`now()`,
      retryAt: sql`now() + interval '1 hour'`,
    });
    const sent: { body: { awardId: string }; contentType?: string }[][] = [];
    const queue = {
      sendBatch: async (messages: Iterable<{ body: { awardId: string } }>) => {
        sent.push([...messages]);
      },
    };
    const mark = await lastRunId(db);
    // One subrequest: one sendBatch of at most 100 messages.
    await fire(AWARDS_CRON, { AWARD_LOOKUPS: queue as never, JOB_MAX_SUBREQUESTS: "1" });
    const [run] = await runsAfter(db, mark);
    const ids = sent.flat().map((m) => m.body.awardId);
    try {
      expect(run).toMatchObject({ step: "awards", status: "succeeded" });
      expect(sent).toHaveLength(1);
      expect(run?.counts.queued).toBe(ids.length);
      expect(run?.counts.fetched).toBe(0);
      expect(ids.length).toBeLessThanOrEqual(100);
      expect(sent[0]?.[0]?.contentType).toBe("json");
      // The newest claim's award first; the one in backoff not at all.
      expect(ids.indexOf(key(piids[1]))).toBeLessThan(ids.indexOf(key(piids[0])));
      expect(ids.indexOf(key(piids[0]))).toBeGreaterThanOrEqual(0);
      expect(ids).not.toContain(key(piids[2]));
      // Each sent award is leased: the next tick does not send it again.
      const again: string[] = [];
      const second = {
        sendBatch: async (messages: Iterable<{ body: { awardId: string } }>) => {
          for (const m of messages) again.push(m.body.awardId);
        },
      };
      await fire(AWARDS_CRON, { AWARD_LOOKUPS: second as never, JOB_MAX_SUBREQUESTS: "1" });
      expect(again.filter((id) => ids.includes(id))).toEqual([]);
      ids.push(...again);
    } finally {
      // Leases of the seeded awards would hold them back from the other tests' runs for an hour.
      await db.delete(awardLookups).where(inArray(awardLookups.awardId, [...ids, key(piids[2])]));
    }
  });
});
