import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { proposalSourceValues } from "../../db/schema/index.ts";
import { districtOf } from "../../worker/lib/states.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { AWARDS_CRON, claimFor, fire } from "../helpers/jobs.ts";

// A claim's place from the award record the evidence path fetches (the stand-in serves FPDS's).
const { db, close } = testDb();
afterAll(() => close());

type Place = { state: string | null; district: string | null; place_source: string | null };
type Row = Record<string, string>;

/** FPDS records performed in one state by a vendor in another, with no parent vehicle. */
const candidates = (parse(fpdsCsv, { columns: true, bom: true }) as Row[]).filter((r) => {
  const pop = districtOf(null, r.PRINCIPAL_PLACE_OF_PERFORMANCE_CD);
  const vendor = districtOf(null, r.BUSINESS_CONGRESSIONAL_DISTRICT);
  const link = r.LINK?.startsWith("http") ? new URL(r.LINK).searchParams : null;
  return (
    pop &&
    vendor &&
    pop.slice(0, 2) !== vendor.slice(0, 2) &&
    link?.get("PIID") &&
    link.get("agencyID") &&
    !link.get("idvPIID")
  );
});
const linkOf = (r: Row) => new URL(r.LINK ?? "").searchParams;
const keyOf = (r: Row) =>
  `CONT_AWD_${linkOf(r).get("PIID")}_${linkOf(r).get("agencyID")}_-NONE-_-NONE-`;

describe("places from the award records the job fetches", () => {
  it("places the claim where the award record says the work is performed, over its list's columns", async () => {
    // One whose award the seed holds no archived record of: the job fetches it, never fetched.
    const held = await db.execute<{ award_id: string }>(
      sql`select award_id from awards where award_id in (${sql.join(
        candidates.map((r) => sql`${keyOf(r)}`),
        sql`, `,
      )})`,
    );
    const known = new Set(held.rows.map((r) => r.award_id));
    const record = candidates.find((r) => !known.has(keyOf(r)));
    if (!record) throw new Error("no FPDS record performed away from its vendor and not seeded");
    const link = linkOf(record);
    const performed = districtOf(null, record.PRINCIPAL_PLACE_OF_PERFORMANCE_CD) as string;
    const id = await claimFor(db, link.get("PIID"), link.get("agencyID"), null);
    // The list named only the vendor's district: the award's place of performance wins.
    await db.insert(proposalSourceValues).values({
      proposalId: id,
      values: {
        extra: { entity_congressional_district: record.BUSINESS_CONGRESSIONAL_DISTRICT ?? "" },
      },
    });
    const before = await json<{ data: Place }>(await call(`/v1/proposals/${id}`));
    expect(before.data.state).toBeNull();
    // The awards cron fetches the award, assesses the claim and derives its place.
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "10" });
    const { data } = await json<{ data: Place }>(await call(`/v1/proposals/${id}`));
    expect(data).toMatchObject({
      state: performed.slice(0, 2),
      district: performed,
      place_source: "place_of_performance",
    });
    const listed = await json<{ data: { id: number }[] }>(
      await call(`/v1/proposals?district=${performed}&limit=500`),
    );
    expect(listed.data.map((p) => p.id)).toContain(id);
  });
});
