import { env } from "cloudflare:test";
import { and, eq, isNotNull, isNull, like, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import firstContracts from "../../data/doge/contracts-2025-04-12.json?raw";
import laterContracts from "../../data/doge/contracts-2025-04-16.json?raw";
import firstLeases from "../../data/doge/leases-2025-04-12.json?raw";
import laterLeases from "../../data/doge/leases-2025-05-12.json?raw";
import { jobStaging, proposals } from "../../db/schema/index.ts";
import { normalizeName, type ProposalDraft } from "../../worker/domain/draft.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { decimalsEqual } from "../../worker/lib/money.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import {
  CRON,
  expectFailedRun,
  FAULTS,
  fire,
  lastRun,
  lastRunId,
  proposalFingerprint,
  runsAfter,
} from "../helpers/jobs.ts";

// The DOGE receipts step: pulling the lists, syncing them, failing whole.
const { db, close } = testDb();
afterAll(() => close());

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
describe("the DOGE receipts step", () => {
  it("pulls every DOGE list and, with the source unchanged since the seed, changes nothing", async () => {
    const before = await proposalFingerprint(db);
    await fire(CRON);
    const run = await lastRun(db);
    expect(run).toMatchObject({
      step: "doge-receipts",
      trigger: `cron:${CRON}`,
      status: "succeeded",
    });
    expect(run?.counts).toEqual({ fetched: 8219 + 563, inserted: 0, changed: 0, removed: 0 });
    expect(run?.finishedAt).toBeTruthy();
    expect(await proposalFingerprint(db)).toBe(before);

    const res = await call("/v1/jobs/runs?limit=1");
    const body = await json<{ data: { id: number; status: string }[] }>(res);
    expect(body.data[0]).toMatchObject({ id: run?.id, status: "succeeded" });
  });

  it("records a failed run and changes no data when the upstream fails mid-list", async () => {
    const before = await proposalFingerprint(db);
    await fire(CRON, { DOGE_API_URL: `${env.DOGE_API_URL}/fault/error` });
    const run = await lastRun(db);
    expect(run?.status).toBe("failed");
    expect(run?.error).toContain("HTTP 500");
    expect(await proposalFingerprint(db)).toBe(before);
  });
});

describe("the job, from an empty commission", () => {
  it("loads the first lists across bounded runs, then finds exactly what changed", async () => {
    const commission = await makeCommission(db);
    const own = { DOGE_COMMISSION: commission.slug };
    const start = await lastRunId(db);

    // 15 contract pages, 1 (empty) grants page and 2 lease pages: 18 fetches, 5 a run.
    for (let i = 0; i < 10; i++) {
      await fire(CRON, { ...own, DOGE_API_URL: env.DOGE_FIRST_API_URL, JOB_MAX_SUBREQUESTS: "5" });
      const [run] = (await runsAfter(db, start)).slice(-1);
      if (run?.complete) break;
    }
    const loading = await runsAfter(db, start);
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
    const mark = await lastRunId(db);
    await fire(CRON, { ...own, DOGE_API_URL: env.DOGE_API_URL });
    const [run] = await runsAfter(db, mark);
    const want = expectedChanges(first, drafts(laterContracts, laterLeases));
    expect(run).toMatchObject({ status: "succeeded", complete: true });
    // One identity per receipt: a receipt whose link wrote its identifiers otherwise (a parent
    // flipped, a blank part filled) or a copy renumbered is the claim it was, under its new key
    // with the old one kept; it is neither removed nor new, whatever a naive key diff says.
    const rekeyed = await db
      .select({ key: proposals.naturalKey, former: proposals.formerKeys })
      .from(proposals)
      .where(
        and(
          eq(proposals.commissionId, commission.id),
          sql`cardinality(${proposals.formerKeys}) > 0`,
        ),
      );
    const piidOf = (key: string) => key.replace(/#\d+$/, "").split(":")[3];
    for (const r of rekeyed) {
      // The same award: the former key names the PIID the new one does.
      expect(r.former.map(piidOf), r.key).toContain(piidOf(r.key));
    }
    const newKeys = new Set(rekeyed.map((r) => r.key));
    const formerKeys = new Set(rekeyed.flatMap((r) => r.former));
    const stillNew = want.added.filter((k) => !newKeys.has(k));
    // What the job removed: only keys the naive diff removes; and every key the naive diff
    // removes but the job kept is explained, as a re-keyed claim's former key or as one of a
    // group of copies (`#2`) paired with its claims by content, never by number.
    const removedRows = await db
      .select({ key: proposals.naturalKey })
      .from(proposals)
      .where(
        and(eq(proposals.commissionId, commission.id), isNotNull(proposals.removedFromSourceAt)),
      );
    const removedKeys = new Set(removedRows.map((r) => r.key));
    const naiveRemoved = new Set(want.removed);
    const baseOf = (k: string) => k.replace(/#\d+$/, "");
    // Within a group of copies (one key listed several times), which copy left is told by
    // content, not by number: any key of a group the earlier list held twice or more is explained
    // while the group is still listed.
    const groupSize = new Map<string, number>();
    for (const d of first)
      groupSize.set(baseOf(d.naturalKey), (groupSize.get(baseOf(d.naturalKey)) ?? 0) + 1);
    const inCopyGroup = (k: string) => (groupSize.get(baseOf(k)) ?? 0) > 1;
    expect([...removedKeys].filter((k) => !naiveRemoved.has(k) && !inCopyGroup(k))).toEqual([]);
    const laterBases = new Set(
      drafts(laterContracts, laterLeases).map((d) => baseOf(d.naturalKey)),
    );
    const unexplained = want.removed.filter(
      (k) =>
        !removedKeys.has(k) && !formerKeys.has(k) && !(inCopyGroup(k) && laterBases.has(baseOf(k))),
    );
    expect(unexplained).toEqual([]);
    expect(want.added.length - stillNew.length).toBeGreaterThan(0);
    expect(run?.counts).toMatchObject({ inserted: stillNew.length, removed: removedKeys.size });
    // Every re-keyed claim is a change (its identifiers), on top of the fields the source edited.
    const changed = Number(run?.counts?.changed);
    expect(changed).toBeGreaterThanOrEqual(want.changed.length);
    expect(changed).toBeLessThanOrEqual(want.changed.length + rekeyed.length);
    expect(stillNew.length).toBeGreaterThan(0);
    expect(removedKeys.size).toBeGreaterThan(0);
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
      const before = await proposalFingerprint(db);
      await expectFailedRun(db, CRON, "DOGE_API_URL", mode, reason);
      expect(await proposalFingerprint(db)).toBe(before);
    },
  );

  it("rides out a 429 that clears on retry", async () => {
    const before = await proposalFingerprint(db);
    const mark = await lastRunId(db);
    await fire(CRON, { DOGE_API_URL: `${env.DOGE_API_URL}/fault/rate-limited-once` });
    const [run] = await runsAfter(db, mark);
    expect(run).toMatchObject({ status: "succeeded", complete: true });
    expect(await proposalFingerprint(db)).toBe(before);
  });

  it("refuses a list that shrank more than JOB_MAX_SHRINK at once", async () => {
    const before = await proposalFingerprint(db);
    const mark = await lastRunId(db);
    // The 2025-04-12 contract list is 11% shorter than the 2025-04-16 one on record.
    await fire(CRON, { DOGE_API_URL: env.DOGE_FIRST_API_URL, JOB_MAX_SHRINK: "0.05" });
    const [run] = await runsAfter(db, mark);
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatch(/contracts: the list shrank from \d+ to \d+ entries/);
    expect(await proposalFingerprint(db)).toBe(before);
  });
});
