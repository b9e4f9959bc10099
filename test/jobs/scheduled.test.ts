import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { parse } from "csv-parse/sync";
import { and, desc, eq, gt, inArray, isNotNull, isNull, like, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import firstContracts from "../../data/doge/contracts-2025-04-12.json?raw";
import laterContracts from "../../data/doge/contracts-2025-04-16.json?raw";
import firstLeases from "../../data/doge/leases-2025-04-12.json?raw";
import laterLeases from "../../data/doge/leases-2025-05-12.json?raw";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import {
  agencyOutlays,
  assessments,
  awardLookups,
  awards,
  awardTransactions,
  jobRuns,
  jobStaging,
  proposals,
} from "../../db/schema/index.ts";
import { normalizeName, type ProposalDraft } from "../../worker/domain/draft.ts";
import type { Env } from "../../worker/env.ts";
import worker from "../../worker/index.ts";
import { CRON_STEPS } from "../../worker/jobs/crons.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { priorFiscalYearStart } from "../../worker/jobs/outlays/step.ts";
import { decimalsEqual } from "../../worker/lib/money.ts";
import { COMPUTED_VERSIONS, METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import wranglerToml from "../../wrangler.toml?raw";
import { cachedGet, queries } from "../helpers/cached.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { makeKey } from "../helpers/keys.ts";

// Every test that runs the job is in this one file: runs take the pipeline lock, and runs from
// files running in parallel would find it taken.
const { db, close } = testDb();
afterAll(() => close());

const CRON = Object.keys(CRON_STEPS)[0] as string;

/**
 * Fire a schedule. The awards step fetches inline here (no queue binding): a queue's consumer
 * would run in the background and race the next test; test/jobs/award-queue.test.ts drives it.
 */
async function fire(cron: string, overrides: Partial<Env> = {}) {
  const controller = createScheduledController({ cron, scheduledTime: Date.now() });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, AWARD_LOOKUPS: undefined, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

/** The DOGE commission's proposals and their history (other test files add rows elsewhere). */
async function proposalFingerprint() {
  const r = await db.execute<{ fp: string; versions: string }>(sql`
    select md5(string_agg(p.id || ':' || p.version || ':' || coalesce(p.claimed_savings::text, '') ||
      ':' || coalesce(p.removed_from_source_at::text, ''), ',' order by p.id)) as fp,
      (select count(*) from proposal_versions v join proposals q on q.id = v.proposal_id
        join commissions d on d.id = q.commission_id where d.slug = 'doge')::text as versions
    from proposals p join commissions c on c.id = p.commission_id where c.slug = 'doge'`);
  return `${r.rows[0]?.fp}/${r.rows[0]?.versions}`;
}

async function lastRun() {
  const [run] = await db.select().from(jobRuns).orderBy(desc(jobRuns.id)).limit(1);
  return run;
}

describe("the scheduled job", () => {
  it("runs only the schedules wrangler.toml declares, and declares only those it runs", () => {
    const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(wranglerToml)?.[1] ?? "";
    const declared = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual(Object.keys(CRON_STEPS).sort());
  });

  it("pulls every DOGE list and, with the source unchanged since the seed, changes nothing", async () => {
    const before = await proposalFingerprint();
    await fire(CRON);
    const run = await lastRun();
    expect(run).toMatchObject({
      step: "doge-receipts",
      trigger: `cron:${CRON}`,
      status: "succeeded",
    });
    expect(run?.counts).toEqual({ fetched: 8219 + 563, inserted: 0, changed: 0, removed: 0 });
    expect(run?.finishedAt).toBeTruthy();
    expect(await proposalFingerprint()).toBe(before);

    const res = await call("/v1/jobs/runs?limit=1");
    const body = await json<{ data: { id: number; status: string }[] }>(res);
    expect(body.data[0]).toMatchObject({ id: run?.id, status: "succeeded" });
  });

  it("records a failed run and changes no data when the upstream fails mid-list", async () => {
    const before = await proposalFingerprint();
    await fire(CRON, { DOGE_API_URL: `${env.DOGE_API_URL}/fault/error` });
    const run = await lastRun();
    expect(run?.status).toBe("failed");
    expect(run?.error).toContain("HTTP 500");
    expect(await proposalFingerprint()).toBe(before);
  });

  it("runs nothing for a schedule it does not know", async () => {
    const before = await lastRun();
    await fire("0 0 31 2 *");
    const after = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.id, (before?.id ?? 0) + 1));
    expect(after).toHaveLength(0);
  });
});

async function runsAfter(id: number) {
  return db.select().from(jobRuns).where(gt(jobRuns.id, id)).orderBy(jobRuns.id);
}

async function lastRunId() {
  const [run] = await db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .orderBy(desc(jobRuns.id))
    .limit(1);
  return run?.id ?? 0;
}

/** What the stand-ins can do wrong (dev/upstreams/faults.ts), and how the failed run says so. */
const FAULTS: [mode: string, reason: RegExp][] = [
  ["error", /HTTP 500/],
  ["rate-limited", /HTTP 429/],
  ["malformed", /not JSON/],
  ["hang-up", /./],
  ["slow", /no answer within 300 ms/],
];

type Upstream = "DOGE_API_URL" | "USASPENDING_API_URL" | "FISCALDATA_API_URL";

/** Fire a schedule with one upstream at fault, and expect its run to fail for that reason. */
async function expectFailedRun(cron: string, upstream: Upstream, mode: string, reason: RegExp) {
  const mark = await lastRunId();
  await fire(cron, { [upstream]: `${env[upstream]}/fault/${mode}`, JOB_FETCH_TIMEOUT_MS: "300" });
  const [run] = await runsAfter(mark);
  expect(run?.status).toBe("failed");
  expect(run?.error).toMatch(reason);
}

function drafts(contracts: string, leases: string) {
  return [
    ...receiptsToDrafts("contracts", JSON.parse(contracts) as unknown[]),
    ...receiptsToDrafts("leases", JSON.parse(leases) as unknown[]),
  ];
}

/** What moving from one pair of lists to the next must do, worked out from the files alone. */
const CASELESS = new Set(["agencyName", "title", "description", "recipient"]);

function expectedChanges(before: ProposalDraft[], after: ProposalDraft[]) {
  const old = new Map(before.map((d) => [d.naturalKey, d]));
  const next = new Map(after.map((d) => [d.naturalKey, d]));
  const added = [...next.keys()].filter((k) => !old.has(k));
  const removed = [...old.keys()].filter((k) => !next.has(k));
  const changed = [...next.keys()].filter((k) => {
    const a = old.get(k) as Record<string, unknown> | undefined;
    const b = next.get(k) as Record<string, unknown>;
    if (!a) return false;
    return Object.keys(b).some((f) =>
      f === "claimedSavings" || f === "claimedValue"
        ? !decimalsEqual(a[f] as string | null, b[f] as string | null)
        : typeof b[f] === "object" && b[f] !== null
          ? // A pool's receipts by date: compared by content.
            JSON.stringify(a[f]) !== JSON.stringify(b[f])
          : CASELESS.has(f) && typeof a[f] === "string" && typeof b[f] === "string"
            ? // Letter case and spacing alone are no change at the source.
              normalizeName(a[f] as string) !== normalizeName(b[f] as string)
            : (a[f] ?? null) !== (b[f] ?? null),
    );
  });
  return { added, removed, changed };
}

describe("the job, from an empty commission", () => {
  it("loads the first lists across bounded runs, then finds exactly what changed", async () => {
    const commission = await makeCommission(db);
    const own = { DOGE_COMMISSION: commission.slug };
    const start = await lastRunId();

    // 15 contract pages, 1 (empty) grants page and 2 lease pages: 18 fetches, 5 a run.
    for (let i = 0; i < 10; i++) {
      await fire(CRON, { ...own, DOGE_API_URL: env.DOGE_FIRST_API_URL, JOB_MAX_SUBREQUESTS: "5" });
      const [run] = (await runsAfter(start)).slice(-1);
      if (run?.complete) break;
    }
    const loading = await runsAfter(start);
    expect(loading.map((r) => r.status)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    expect(loading.map((r) => r.complete)).toEqual([false, false, false, true]);
    const first = drafts(firstContracts, firstLeases);
    const loaded = await db
      .select({ key: proposals.naturalKey })
      .from(proposals)
      .where(eq(proposals.commissionId, commission.id));
    expect(new Set(loaded.map((r) => r.key))).toEqual(new Set(first.map((d) => d.naturalKey)));
    const staged = await db
      .select({ list: jobStaging.list })
      .from(jobStaging)
      .where(like(jobStaging.list, `doge-receipts:${commission.id}:%`));
    expect(staged).toEqual([]);

    // The later lists, in one run with the default budget.
    const mark = await lastRunId();
    await fire(CRON, { ...own, DOGE_API_URL: env.DOGE_API_URL });
    const [run] = await runsAfter(mark);
    const want = expectedChanges(first, drafts(laterContracts, laterLeases));
    expect(run).toMatchObject({ status: "succeeded", complete: true });
    expect(run?.counts).toMatchObject({
      inserted: want.added.length,
      changed: want.changed.length,
      removed: want.removed.length,
    });
    expect(want.added.length).toBeGreaterThan(0);
    expect(want.removed.length).toBeGreaterThan(0);
    const removed = await db
      .select({ key: proposals.naturalKey })
      .from(proposals)
      .where(
        and(eq(proposals.commissionId, commission.id), isNotNull(proposals.removedFromSourceAt)),
      );
    expect(new Set(removed.map((r) => r.key))).toEqual(new Set(want.removed));
    const present = await db
      .select({ key: proposals.naturalKey })
      .from(proposals)
      .where(and(eq(proposals.commissionId, commission.id), isNull(proposals.removedFromSourceAt)));
    expect(present).toHaveLength(drafts(laterContracts, laterLeases).length);
    // The job matches the source's agency names, as the seed does.
    const matched = await db
      .select({ key: proposals.naturalKey })
      .from(proposals)
      .where(and(eq(proposals.commissionId, commission.id), isNotNull(proposals.agencyCode)));
    expect(matched.length).toBeGreaterThan(present.length / 2);
  });
});

describe("the job under faults", () => {
  it.each([...FAULTS, ["truncated", /holds \d+ receipts, 500 expected/]])(
    "fails the run and changes nothing when the upstream is %s mid-list",
    async (mode, reason) => {
      const before = await proposalFingerprint();
      await expectFailedRun(CRON, "DOGE_API_URL", mode, reason);
      expect(await proposalFingerprint()).toBe(before);
    },
  );

  it("rides out a 429 that clears on retry", async () => {
    const before = await proposalFingerprint();
    const mark = await lastRunId();
    await fire(CRON, { DOGE_API_URL: `${env.DOGE_API_URL}/fault/rate-limited-once` });
    const [run] = await runsAfter(mark);
    expect(run).toMatchObject({ status: "succeeded", complete: true });
    expect(await proposalFingerprint()).toBe(before);
  });

  it("refuses a list that shrank more than JOB_MAX_SHRINK at once", async () => {
    const before = await proposalFingerprint();
    const mark = await lastRunId();
    // The 2025-04-12 contract list is 11% shorter than the 2025-04-16 one on record.
    await fire(CRON, { DOGE_API_URL: env.DOGE_FIRST_API_URL, JOB_MAX_SHRINK: "0.05" });
    const [run] = await runsAfter(mark);
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatch(/contracts: the list shrank from \d+ to \d+ entries/);
    expect(await proposalFingerprint()).toBe(before);
  });

  it("never lets two runs work at once: the second is recorded as skipped", async () => {
    const before = await proposalFingerprint();
    const mark = await lastRunId();
    await Promise.all([fire(CRON), fire(CRON)]);
    const runs = await runsAfter(mark);
    expect(runs.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
    expect(runs.find((r) => r.status === "skipped")?.error).toMatch(/lock/);
    expect(await proposalFingerprint()).toBe(before);
  });
});

describe("POST /v1/admin/jobs/{step}/run", () => {
  it("runs a step now for an admin and answers with the recorded run", async () => {
    const admin = await makeKey(db, "admin");
    const res = await call("/v1/admin/jobs/doge-receipts/run", {
      method: "POST",
      headers: admin.auth,
    });
    expect(res.status).toBe(200);
    const { data } = await json<{ data: { step: string; status: string; trigger: string } }>(res);
    expect(data).toMatchObject({
      step: "doge-receipts",
      status: "succeeded",
      trigger: `manual:key:${admin.id}`,
    });
  });

  it("is refused to editors and names an unknown step", async () => {
    const editor = await makeKey(db, "editor");
    const forbidden = await call("/v1/admin/jobs/doge-receipts/run", {
      method: "POST",
      headers: editor.auth,
    });
    expect(forbidden.status).toBe(403);
    await forbidden.text();
    const admin = await makeKey(db, "admin");
    const unknown = await call("/v1/admin/jobs/everything/run", {
      method: "POST",
      headers: admin.auth,
    });
    expect(unknown.status).toBe(400);
    expect((await json<Problem>(unknown)).errors?.[0]?.name).toBe("step");
  });
});

describe("the awards step", () => {
  const AWARDS_CRON = "15,45 * * * *";
  // The first FPDS record behind DOGE's 2025-03-05 list, which the USAspending stand-in serves.
  const [record] = parse(fpdsCsv, { columns: true, bom: true, to: 1 }) as Record<string, string>[];
  const link = new URL(record?.LINK ?? "").searchParams;
  const awardId = `CONT_AWD_${link.get("PIID")}_${link.get("agencyID")}_${link.get("idvPIID") || "-NONE-"}_${link.get("idvAgencyID") || "-NONE-"}`;

  async function claimFor(
    piid: string | null,
    agency: string | null,
    parentPiid: string | null,
    more: Partial<typeof proposals.$inferInsert> = {},
  ) {
    const commission = await makeCommission(db);
    const [row] = await db
      .insert(proposals)
      .values({
        commissionId: commission.id,
        kind: "contract",
        naturalKey: `test:${crypto.randomUUID()}`,
        title: "A claim with an FPDS record",
        source: "editor",
        piid,
        contractingAgencyId: agency,
        parentPiid,
        // A claim of nothing is no_saving_claimed whatever its record: these claim a saving.
        claimedSavings: "1000",
        ...more,
      })
      .returning({ id: proposals.id });
    return row?.id ?? 0;
  }

  it("stores the award behind the newest claim, with its transactions, as USAspending gives them", async () => {
    const id = await claimFor(link.get("PIID"), link.get("agencyID"), link.get("idvPIID") || null);
    const mark = await lastRunId();
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "10" });
    const [run] = await runsAfter(mark);
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

  it("assesses the later claim of the same award as a duplicate, never the earlier", async () => {
    const parts = [link.get("PIID"), link.get("agencyID"), link.get("idvPIID") || null] as const;
    // Dated after every seeded claim, and the second later than the first.
    const first = await claimFor(...parts, { claimDate: "2030-01-01" });
    const second = await claimFor(...parts, { claimDate: "2030-01-02" });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    type One = { data: { assessment: { status: string; duplicate_of: number | null } | null } };
    const a = await json<One>(await call(`/v1/proposals/${first}`));
    const b = await json<One>(await call(`/v1/proposals/${second}`));
    expect(b.data.assessment).toMatchObject({ status: "duplicate" });
    expect(b.data.assessment?.duplicate_of).not.toBe(second);
    // The earlier claim counts the award, or a seeded claim earlier still does: never the later.
    expect(a.data.assessment?.duplicate_of).not.toBe(second);
  });

  it("counts a task order under its agency's own claimed vehicle only when that covers it", async () => {
    const own = `V${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    const vehicle = await claimFor(own, "9700", null, { claimedSavings: "1000" });
    const order = await claimFor(`O${own}`, "9700", own, {
      parentAgencyId: "9700",
      claimedSavings: "400",
    });
    // Another agency's order under the same vehicle (a government-wide schedule) stays apart.
    const other = await claimFor(`P${own}`, "2000", own, {
      parentAgencyId: "9700",
      claimedSavings: "100",
    });
    // A vehicle whose orders claim more than it does: each order stays a claim of its own.
    const small = `S${own.slice(1)}`;
    await claimFor(small, "9700", null, { claimedSavings: "10" });
    const big = await claimFor(`O${small}`, "9700", small, {
      parentAgencyId: "9700",
      claimedSavings: "5000",
    });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "4" });
    type One = { data: { assessment: { status: string; duplicate_of: number | null } | null } };
    const statusOf = async (id: number) =>
      (await json<One>(await call(`/v1/proposals/${id}`))).data.assessment;
    expect(await statusOf(order)).toMatchObject({ status: "duplicate", duplicate_of: vehicle });
    expect((await statusOf(vehicle))?.status).not.toBe("duplicate");
    expect((await statusOf(other))?.duplicate_of ?? null).toBeNull();
    expect((await statusOf(big))?.duplicate_of ?? null).toBeNull();
  });

  it("computes a new methodology beside the old: earlier versions' assessments stay", async () => {
    const id = await claimFor(null, null, null);
    await db.insert(assessments).values({
      proposalId: id,
      methodologyVersion: "0-old",
      status: "supported",
      evidence: { from: "an earlier version" },
    });
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "1" });
    const rows = await db.select().from(assessments).where(eq(assessments.proposalId, id));
    expect(rows.map((r) => r.methodologyVersion).sort()).toEqual(
      ["0-old", ...COMPUTED_VERSIONS].sort(),
    );
    expect(rows.find((r) => r.methodologyVersion === METHODOLOGY_VERSION)?.status).toBe(
      "unverifiable",
    );
  });

  it("records an award USAspending does not know, so it is not asked again at once", async () => {
    const id = await claimFor("NOSUCHPIID0001", "9999", null);
    const mark = await lastRunId();
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "2" });
    const [run] = await runsAfter(mark);
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
      await claimFor(spare.get("PIID"), spare.get("agencyID"), spare.get("idvPIID") || null);
      const spareKey = `CONT_AWD_${spare.get("PIID")}_${spare.get("agencyID")}_${spare.get("idvPIID") || "-NONE-"}_${spare.get("idvAgencyID") || "-NONE-"}`;
      // An earlier mode's failure backs the award off: cleared, so this run picks it first.
      await db.delete(awardLookups).where(eq(awardLookups.awardId, spareKey));
      const mark = await lastRunId();
      // The award's record comes back; the request for its transactions fails, every retry. The
      // budget covers this award's record and its four tries (a fault that is not retried leaves
      // room for the next award, which fails the same way).
      await fire(AWARDS_CRON, {
        USASPENDING_API_URL: `${env.USASPENDING_API_URL}/fault/${mode}`,
        JOB_FETCH_TIMEOUT_MS: "300",
        JOB_MAX_SUBREQUESTS: "5",
      });
      const [run] = await runsAfter(mark);
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
    for (const p of [...good, dup, failing, malformed]) ids[p] = await claimFor(p, "9700", null);
    const mark = await lastRunId();
    await fire(AWARDS_CRON, {
      USASPENDING_API_URL: `${env.USASPENDING_API_URL}${prefix}`,
      JOB_MAX_SUBREQUESTS: "40",
    });
    await (
      await fetch(`${env.USASPENDING_API_URL}/__scenarios/${prefix.split("/").at(-1)}`, {
        method: "DELETE",
      })
    ).text();
    const [run, assess] = await runsAfter(mark);
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
    const again = await lastRunId();
    // (Were they asked, the plain stand-in would answer "no such award", and clear their rows.)
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "4" });
    const [next] = await runsAfter(again);
    expect(next?.status).toBe("succeeded");
    const lookups = await db
      .select({ attempts: awardLookups.attempts })
      .from(awardLookups)
      .where(like(awardLookups.awardId, `%${tag}%`));
    expect(lookups.map((l) => l.attempts)).toEqual([1, 1]);
  });
});

describe("the awards step with the queue of award lookups bound", () => {
  const AWARDS_CRON = "15,45 * * * *";

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
    const mark = await lastRunId();
    // One subrequest: one sendBatch of at most 100 messages.
    await fire(AWARDS_CRON, { AWARD_LOOKUPS: queue as never, JOB_MAX_SUBREQUESTS: "1" });
    const [run] = await runsAfter(mark);
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

function lastDayOfMonth(isoDate: string): string {
  const [y, m] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, m ?? 1, 0)).toISOString().slice(0, 10);
}

describe("the outlays step", () => {
  const OUTLAYS_CRON = "0 6 * * *";

  /** Set a stored outlay to a value the upstream would overwrite, so any write of it shows. */
  async function skewAnOutlay() {
    const [row] = await db.select().from(agencyOutlays).limit(1);
    if (!row) throw new Error("the outlays test above stored none");
    await db
      .update(agencyOutlays)
      .set({ currentFytdNetOutlays: "1.23" })
      .where(eq(agencyOutlays.id, row.id));
  }

  it("stores every month of MTS table 5 since the prior fiscal year, agencies matched", async () => {
    const mark = await lastRunId();
    // One agency line per month: up to 25 months × 53 agencies, pages of 1,000, one a run.
    for (let i = 0; i < 5; i++) {
      await fire(OUTLAYS_CRON, { JOB_MAX_SUBREQUESTS: "1" });
      const [last] = (await runsAfter(mark)).slice(-1);
      if (last?.complete) break;
    }
    const runs = await runsAfter(mark);
    expect(runs.every((r) => r.step === "outlays" && r.status === "succeeded")).toBe(true);
    expect(runs.at(-1)?.complete).toBe(true);
    const rows = await db.select().from(agencyOutlays);
    const fetched = runs.reduce((sum, r) => sum + r.counts.fetched, 0);
    expect(rows).toHaveLength(fetched);
    const usda = rows.filter((r) => r.classificationDesc === "Department of Agriculture");
    expect(usda.every((r) => r.agencyCode === "012")).toBe(true);
    expect(usda[0]?.currentFytdNetOutlays).toMatch(/^\d+\.\d{2}$/);
    const months = new Set(rows.map((r) => r.recordDate));
    expect(rows).toHaveLength(months.size * 53);
    expect([...months].sort()[0]).toBe(lastDayOfMonth(priorFiscalYearStart(new Date())));
    const fiscalMonths = new Set(rows.map((r) => r.fiscalMonth));
    expect([...fiscalMonths].every((m) => m !== null && m >= 1 && m <= 12)).toBe(true);
  });

  it.each(FAULTS)(
    "fails the run and changes no outlay when Treasury is %s on its last page",
    async (mode, reason) => {
      await skewAnOutlay();
      const before = await db.select().from(agencyOutlays).orderBy(agencyOutlays.id);
      await expectFailedRun(OUTLAYS_CRON, "FISCALDATA_API_URL", mode, reason);
      expect(await db.select().from(agencyOutlays).orderBy(agencyOutlays.id)).toEqual(before);
    },
  );

  it("purges the read cache of PUBLIC_URL after a run that changed data, so readers see it", async () => {
    const path = "/v1/savings/by-agency";
    // An origin of this test's own: cache.test.ts purges the shared one as it writes.
    const origin = "http://job-purge.test";
    const read = () => cachedGet(path, {}, "GET", origin);
    // Without PUBLIC_URL the job's change waits for the cached copy to age out.
    await read();
    const cachedBefore = await read();
    expect(queries(cachedBefore.timing)).toBe(0);
    await skewAnOutlay();
    await fire(OUTLAYS_CRON);
    const stale = await read();
    expect(queries(stale.timing)).toBe(0);
    expect(stale.body).toBe(cachedBefore.body);

    // With it, the run that changed outlays starts a new generation: the next read is fresh.
    await skewAnOutlay();
    await fire(OUTLAYS_CRON, { PUBLIC_URL: `${origin}/` });
    const fresh = await read();
    expect(queries(fresh.timing)).toBeGreaterThan(0);
    expect(JSON.parse(fresh.body)).toEqual(await json(await call(path)));
  });
});
