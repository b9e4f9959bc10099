import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { asc, eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { addAffiliation, recipientSearchOf } from "../../db/queries/affiliations.ts";
import {
  jobRuns,
  members,
  recipientAwardSearches,
  recipientAwards,
} from "../../db/schema/index.ts";
import { type Env, readConfig } from "../../worker/env.ts";
import worker from "../../worker/index.ts";
import {
  recipientAwardsStep,
  refreshRecipientAwards,
} from "../../worker/jobs/awards/recipients.ts";
import { STALE_DAYS } from "../../worker/jobs/awards/step.ts";
import { CRON_STEPS } from "../../worker/jobs/crons.ts";
import { SubrequestBudget, UpstreamError } from "../../worker/jobs/sources/http.ts";
import { MemberSchema } from "../../worker/schemas/members.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { texts } from "../helpers/html.ts";
import { call, json } from "../helpers/http.ts";

// These tests run the step's work on affiliations of their own (`refreshRecipientAwards`), and
// the step itself only where every affiliation it may pick fails alike (a faulty upstream).
const { db, close } = testDb();
const USASPENDING = env.USASPENDING_API_URL ?? "";
afterAll(() => close());

const policy = (max = 12) => ({
  budget: new SubrequestBudget(max),
  timeoutMs: 2000,
  retries: 1,
  baseDelayMs: 1,
  maxDelayMs: 50,
});

// A real recipient of the FPDS records the USAspending stand-in serves: its UEI and name as
// FPDS gives them, and the PIIDs of its contracts there.
type Row = Record<string, string>;
const records = parse(fpdsCsv, { columns: true, bom: true }) as Row[];
const UEI = "CKV2L9GZKJK3";
const ofRecipient = records.filter((r) => r.UNIQUE_ENTITY_ID === UEI);
const NAME = ofRecipient[0]?.LEGAL_BUSINESS_NAME ?? "";
const piids = new Set(
  ofRecipient.map((r) => new URL(r.LINK ?? "").searchParams.get("PIID") ?? "").filter(Boolean),
);

type Awards = {
  source: string | null;
  source_note: string | null;
  fetched_at: string | null;
  searched_by: string | null;
  last_error: string | null;
  total: string;
  awards: {
    award_id: string;
    award_key: string;
    recipient_uei: string;
    recipient_name: string;
    amount: string | null;
    link: string;
  }[];
};
type Member = { affiliations: { id: number; federal_awards: Awards | null }[] };

let memberId = 0;
let affiliationId = 0;
beforeAll(async () => {
  const commission = await makeCommission(db);
  const [member] = await db
    .insert(members)
    .values({ commissionId: commission.id, name: "A. Consultant" })
    .returning({ id: members.id });
  memberId = member?.id ?? 0;
  const affiliation = await addAffiliation(db, memberId, {
    organization: "Deloitte Consulting",
    relation: "employer",
    recipientUei: UEI,
    sourceUrl: "https://www.example.org/reports/2025/staff",
  });
  affiliationId = affiliation?.id ?? 0;
});

async function storedAwards() {
  return db
    .select()
    .from(recipientAwards)
    .where(eq(recipientAwards.affiliationId, affiliationId))
    .orderBy(asc(recipientAwards.awardId));
}

describe("the recipient-awards step", () => {
  it("stores the named recipient's awards from the award search, marked as the stand-in's", async () => {
    expect(piids.size).toBeGreaterThan(1);
    const target = { affiliationId, recipientUei: UEI, recipientName: null };
    const { found } = await refreshRecipientAwards(db, USASPENDING, policy(), target);
    const stored = await storedAwards();
    expect(found).toBe(stored.length);
    // Exactly the recipient's contracts in the FPDS records, and nobody else's.
    expect(new Set(stored.map((a) => a.awardKey))).toEqual(piids);
    expect(stored.every((a) => a.recipientUei === UEI)).toBe(true);
    expect(stored.every((a) => a.amount === null || /^-?\d+(\.\d+)?$/.test(a.amount))).toBe(true);
    const search = await recipientSearchOf(db, affiliationId);
    expect(search).toMatchObject({
      searchedBy: "uei",
      searchedText: UEI,
      source: "stand-in",
      complete: true,
      lastError: null,
    });
    expect(search?.sourceUrl).toBe(`${USASPENDING}/api/v2/search/spending_by_award/`);
    expect(search?.sourceNote).toContain("not api.usaspending.gov");
    expect(search?.fetchedAt).toBeTruthy();

    // The API lists them with the fetch date, labelled as the stand-in's.
    const res = await call(`/v1/members/${memberId}`);
    expect(res.status).toBe(200);
    const body = await json<{ data: Member }>(res);
    // As documented (the OpenAPI document is built from this schema).
    expect(v.safeParse(v.object({ data: MemberSchema }), body).issues).toBeUndefined();
    const listed = body.data.affiliations[0]?.federal_awards;
    expect(listed).toMatchObject({ source: "stand-in", searched_by: "uei", last_error: null });
    expect(listed?.fetched_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(listed?.awards).toHaveLength(stored.length);
    for (const award of listed?.awards ?? []) {
      expect(award).toMatchObject({ recipient_uei: UEI, recipient_name: NAME });
      expect(award.link).toBe(`https://www.usaspending.gov/award/${award.award_id}`);
    }
    const sum = stored.reduce((s, a) => (a.amount ? s.plus(a.amount) : s), new Big(0));
    expect(new Big(listed?.total ?? "NaN").eq(sum)).toBe(true);

    // And so does the member's page.
    const page = await call(`/members/${memberId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const label = await texts(html, `#affiliation-${affiliationId}-awards .stand-in`);
    expect(label[0]).toContain("From a local stand-in, not USAspending");
    const keys = await texts(html, `#affiliation-${affiliationId}-award-list tbody td:first-child`);
    expect(new Set(keys)).toEqual(piids);
  });

  it("searches by name when no UEI is named, keeping what the search returns", async () => {
    const other = await addAffiliation(db, memberId, {
      organization: "Deloitte",
      relation: "employer",
      recipientName: NAME,
      sourceUrl: "https://www.example.org/reports/2025/staff",
    });
    const id = other?.id ?? 0;
    const target = { affiliationId: id, recipientUei: null, recipientName: NAME };
    await refreshRecipientAwards(db, USASPENDING, policy(), target);
    const stored = await db
      .select()
      .from(recipientAwards)
      .where(eq(recipientAwards.affiliationId, id));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((a) => a.recipientName?.includes(NAME))).toBe(true);
    expect(await recipientSearchOf(db, id)).toMatchObject({ searchedBy: "name" });
    // Retracted: the step leaves it alone from now on.
    await db.execute(
      sql`update member_affiliations set retracted_at = now(), retraction_reason = 'test over' where id = ${id}`,
    );
  });

  it("changes nothing already stored when the recipient search fails upstream", async () => {
    const before = await storedAwards();
    expect(before.length).toBeGreaterThan(0);
    const searchBefore = await recipientSearchOf(db, affiliationId);

    // Directly: the failure is thrown, nothing is written.
    const target = { affiliationId, recipientUei: UEI, recipientName: null };
    await expect(
      refreshRecipientAwards(db, `${USASPENDING}/fault/error`, policy(), target),
    ).rejects.toThrow(UpstreamError);
    expect(await storedAwards()).toEqual(before);
    expect(await recipientSearchOf(db, affiliationId)).toEqual(searchBefore);

    // Through the step, once the stored awards are due again: the failure is recorded beside
    // them (and backed off), the awards and their fetch time stay as they were.
    await db
      .update(recipientAwardSearches)
      .set({ fetchedAt: sql`now() - make_interval(days => ${STALE_DAYS + 1})` })
      .where(eq(recipientAwardSearches.affiliationId, affiliationId));
    const stale = await recipientSearchOf(db, affiliationId);
    const config = {
      ...readConfig(env as unknown as Env),
      USASPENDING_API_URL: `${USASPENDING}/fault/malformed`,
    };
    const counts = await recipientAwardsStep(db, { config, policy: policy(100) });
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(await storedAwards()).toEqual(before);
    const after = await recipientSearchOf(db, affiliationId);
    expect(after).toMatchObject({
      fetchedAt: stale?.fetchedAt,
      source: "stand-in",
      searchedText: UEI,
      attempts: 1,
    });
    expect(after?.lastError).toMatch(/not JSON|unexpected shape/);
    const [backoff] = await db
      .select({ later: sql<boolean>`${recipientAwardSearches.retryAt} > now()` })
      .from(recipientAwardSearches)
      .where(eq(recipientAwardSearches.affiliationId, affiliationId));
    expect(backoff?.later).toBe(true);

    // The API still lists the awards fetched before, with the failure said.
    const { data } = await json<{ data: Member }>(await call(`/v1/members/${memberId}`));
    const listed = data.affiliations.find((a) => a.id === affiliationId)?.federal_awards;
    expect(listed?.awards).toHaveLength(before.length);
    expect(listed?.last_error).toBe(after?.lastError);
  });

  it("lists no awards of the recipient an affiliation named before an editor corrected it", async () => {
    const OTHER = "QHBLBNKKV4U3"; // another recipient of the FPDS records
    await db.execute(
      sql`update member_affiliations set recipient_uei = ${OTHER} where id = ${affiliationId}`,
    );
    const read = async () =>
      (await json<{ data: Member }>(await call(`/v1/members/${memberId}`))).data.affiliations.find(
        (a) => a.id === affiliationId,
      )?.federal_awards;
    expect(await read()).toMatchObject({ awards: [], fetched_at: null, source: null, total: "0" });
    const target = { affiliationId, recipientUei: OTHER, recipientName: null };
    await refreshRecipientAwards(db, USASPENDING, policy(), target);
    const listed = await read();
    expect(listed?.awards.length).toBeGreaterThan(0);
    expect(listed?.awards.every((a) => a.recipient_uei === OTHER)).toBe(true);
    expect(listed?.last_error).toBeNull();
  });

  it("runs on its own schedule: the cron stores the awards of a recipient an affiliation names", async () => {
    const cron = Object.entries(CRON_STEPS).find(([, steps]) =>
      (steps as readonly string[]).includes("recipient-awards"),
    )?.[0];
    expect(cron).toBeDefined();
    const UEI_DAI = "JKMEF5QVJK24"; // DAI GLOBAL, LLC in the FPDS records
    const added = await addAffiliation(db, memberId, {
      organization: "DAI Global",
      relation: "owner",
      recipientUei: UEI_DAI,
      sourceUrl: "https://www.example.org/reports/2025/staff",
    });
    const id = added?.id ?? 0;
    // Runs take the pipeline lock: one that found it held by another file's run is recorded as
    // skipped and fired again.
    let run: typeof jobRuns.$inferSelect | undefined;
    for (let attempt = 0; attempt < 30 && run?.status !== "succeeded"; attempt++) {
      const [last] = await db
        .select({ id: jobRuns.id })
        .from(jobRuns)
        .orderBy(sql`${jobRuns.id} desc`)
        .limit(1);
      const controller = createScheduledController({ cron: cron ?? "", scheduledTime: Date.now() });
      const ctx = createExecutionContext();
      await worker.scheduled(controller, env as unknown as Env, ctx);
      await waitOnExecutionContext(ctx);
      [run] = await db
        .select()
        .from(jobRuns)
        .where(sql`${jobRuns.id} > ${last?.id ?? 0} and ${jobRuns.trigger} = ${`cron:${cron}`}`)
        .orderBy(asc(jobRuns.id))
        .limit(1);
      if (run?.status === "skipped") await new Promise((r) => setTimeout(r, 1000));
    }
    expect(run).toMatchObject({ step: "recipient-awards", status: "succeeded" });
    const stored = await db
      .select()
      .from(recipientAwards)
      .where(eq(recipientAwards.affiliationId, id));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((a) => a.recipientUei === UEI_DAI)).toBe(true);
    expect(await recipientSearchOf(db, id)).toMatchObject({
      source: "stand-in",
      searchedBy: "uei",
    });
  });
});
