import Big from "big.js";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awards, proposalPlaces, proposalSourceValues, proposals } from "../../db/schema/index.ts";
import { refreshPlaces } from "../../worker/domain/places.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

type Measures = {
  claims: number;
  receipts: number;
  claimed_as_published: string;
  claimed: string;
  claimed_checkable: string;
  claimed_unverifiable: string;
  verified_low: string;
  verified_high: string;
  not_assessed: number;
};
type StateRow = Measures & {
  state: string | null;
  state_name: string | null;
  districts: number;
  share_of_claims: string;
  share_of_claimed: string;
};
type ByState = {
  data: StateRow[];
  unknown_place: {
    claims: number;
    claimed: string;
    share_of_claims: string;
    share_of_claimed: string;
  };
};
type Claim = {
  id: number;
  state: string | null;
  district: string | null;
  place_source: string | null;
  district_source: string | null;
};

let slug = "";
let ids: number[] = [];
const awardId = `CONT_AWD_TESTPLACE${crypto.randomUUID().slice(0, 8).toUpperCase()}_9700_-NONE-_-NONE-`;

/** The archived list's columns of a claim, as the sync keeps them. */
const extras = (proposalId: number, extra: Record<string, string> | null) =>
  db
    .insert(proposalSourceValues)
    .values({ proposalId, values: extra ? { extra } : {} })
    .onConflictDoUpdate({
      target: proposalSourceValues.proposalId,
      set: { values: extra ? { extra } : {} },
    });

beforeAll(async () => {
  ({ slug, ids } = await makeProposals(db, [
    // 0: performed in Virginia by a Virginia vendor: the vendor's district stands.
    {
      claimedSavings: "100.00",
      assessment: { status: "supported", low: "120", high: "150" },
    },
    // 1: the list says DC, the award record says Maryland: the award wins.
    {
      awardId,
      claimedSavings: "200.10",
      assessment: { status: "exceeds_record", low: "20", high: "50" },
    },
    // 2: a second claim of an award already claimed, in Virginia: counted once, i.e. not here.
    {
      claimedSavings: "300",
      assessment: { status: "duplicate", low: null, high: null },
    },
    // 3: a lease in Ohio, claiming nothing.
    {
      kind: "lease",
      claimedSavings: "0",
      assessment: { status: "unverifiable", low: null, high: null },
    },
    // 4: no record names a place; not checked yet.
    { claimedSavings: "70.00" },
    // 5: a blank state, no claim amount: unknown.
    { claimedSavings: null, assessment: { status: "unverifiable", low: null, high: null } },
    // 6: removed from the source: not a live claim, in no total.
    { claimedSavings: "999", removedFromSourceAt: "2025-05-01 00:00:00+00" },
    // 7: a lease the API listed without a state column: its location ends with one.
    { kind: "lease", leaseLocation: "SAN JUAN, PR", claimedSavings: "5" },
  ]));
  await extras(ids[0] as number, {
    performance_state: "VA",
    entity_state: "VA",
    entity_congressional_district: "VIRGINIA 08",
  });
  await extras(ids[1] as number, {
    performance_state: "DC",
    entity_congressional_district: "VIRGINIA 11",
  });
  await extras(ids[2] as number, { performance_state: "va" });
  await extras(ids[3] as number, { city: "DAYTON", state: "OH" });
  await extras(ids[5] as number, { performance_state: " " });
  await extras(ids[6] as number, { performance_state: "VA" });
  await db.insert(awards).values({
    awardId,
    fetchedAt: "2025-04-20 00:00:00+00",
    raw: {
      place_of_performance: { state_code: "MD", congressional_code: "04" },
      recipient: { location: { state_code: "VA", congressional_code: "11" } },
    },
  });
  await refreshPlaces(db);
});

const MONEY = /^(claimed|verified|potential|ceiling)/;
/** Money as its decimal value ("100.00" → "100"), for comparing amounts, not their scale. */
const plain = <T extends Record<string, unknown>>(row: T): T =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      MONEY.test(k) && typeof v === "string" && v !== "" ? new Big(v).toString() : v,
    ]),
  ) as T;

const claims = async (query: string) =>
  (await json<{ data: Claim[] }>(await call(`/v1/proposals?commission=${slug}&${query}`))).data;

describe("each claim's place", () => {
  it("is shown on the claim with the record it comes from", async () => {
    const res = await call(`/v1/proposals/${ids[1]}`);
    expect((await json<{ data: Claim }>(res)).data).toMatchObject({
      state: "MD",
      district: "MD-04",
      place_source: "place_of_performance",
      district_source: "place_of_performance",
    });
    const all = await claims("sort=id&limit=100");
    expect(all.map((c) => [c.state, c.district, c.place_source, c.district_source])).toEqual([
      ["VA", "VA-08", "place_of_performance", "recipient_location"],
      ["MD", "MD-04", "place_of_performance", "place_of_performance"],
      ["VA", null, "place_of_performance", null],
      ["OH", null, "lease_address", null],
      [null, null, null, null],
      [null, null, null, null],
      ["VA", null, "place_of_performance", null],
      ["PR", null, "lease_address", null],
    ]);
  });

  it("filters the list by state and district, any case, and in CSV", async () => {
    expect((await claims("state=va&sort=id")).map((c) => c.id)).toEqual([ids[0], ids[2], ids[6]]);
    expect((await claims("district=VA-8")).map((c) => c.id)).toEqual([ids[0]]);
    expect((await claims("district=md-04")).map((c) => c.id)).toEqual([ids[1]]);
    expect(await claims("state=CA")).toEqual([]);
    const res = await call(`/v1/proposals?commission=${slug}&state=OH&format=csv`);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.state, r.district, r.place_source])).toEqual([
      [String(ids[3]), "OH", "", "lease_address"],
    ]);
  });

  it("refuses a state or district that is none, as a problem", async () => {
    for (const q of [
      "state=ZZ",
      "state=Virginia",
      "district=VA",
      "district=ZZ-01",
      "district=VA-123",
    ]) {
      const res = await call(`/v1/proposals?${q}`);
      expect(res.status, q).toBe(400);
      expect((await json<Problem>(res)).type).toBeDefined();
    }
    expect((await call("/v1/savings/by-state?state=QQ")).status).toBe(400);
  });

  it("follows its records when they change: a new place, or none", async () => {
    await extras(ids[4] as number, { recipient_location_state_code: "CO" });
    await extras(ids[0] as number, null);
    await refreshPlaces(db);
    const [four] = await claims(`state=CO`);
    expect(four).toMatchObject({ id: ids[4], state: "CO", place_source: "recipient_location" });
    const gone = await db
      .select()
      .from(proposalPlaces)
      .where(eq(proposalPlaces.proposalId, ids[0] as number));
    expect(gone).toEqual([]);
    // Back as it was for the rollup below.
    await extras(ids[4] as number, null);
    await extras(ids[0] as number, {
      performance_state: "VA",
      entity_state: "VA",
      entity_congressional_district: "VIRGINIA 08",
    });
    await refreshPlaces(db);
    expect((await claims("state=CO")).length).toBe(0);
  });

  it("is derived, never a version of the claim", async () => {
    const [row] = await db
      .select()
      .from(proposals)
      .where(eq(proposals.id, ids[0] as number));
    expect(row?.version).toBe(1);
  });
});

describe("GET /v1/savings/by-state", () => {
  const MEASURES = [
    "claims",
    "receipts",
    "not_assessed",
    "claimed_as_published",
    "claimed",
    "claimed_checkable",
    "claimed_unverifiable",
    "verified_low",
    "verified_high",
  ] as const;

  it("rolls up like the agency rollup, the unknown place a row of its own", async () => {
    const body = await json<ByState>(await call(`/v1/savings/by-state?commission=${slug}`));
    const by = Object.fromEntries(body.data.map((r) => [r.state ?? "unknown", plain(r)]));
    expect(Object.keys(by)).toEqual(["MD", "VA", "PR", "OH", "unknown"]);
    expect(by.VA).toMatchObject({
      state_name: "Virginia",
      claims: 2,
      districts: 1,
      claimed_as_published: "400",
      // The duplicate counts once, under the claim it duplicates.
      claimed: "100",
      // A claim counts up to what it claims, never its bound.
      verified_low: "100",
      verified_high: "100",
    });
    expect(by.MD).toMatchObject({
      claims: 1,
      claimed: "200.1",
      verified_low: "20",
      verified_high: "50",
    });
    expect(by.OH).toMatchObject({ claims: 1, claimed: "0", verified_low: "0", verified_high: "0" });
    // Unknown places are stated, never dropped: a NULL claim and an unassessed one.
    expect(by.unknown).toMatchObject({
      state: null,
      claims: 2,
      claimed: "70",
      not_assessed: 1,
      verified_low: "0",
      verified_high: "0",
    });
    expect(plain(body.unknown_place)).toEqual({
      claims: 2,
      claimed: "70",
      share_of_claims: "0.2857",
      share_of_claimed: new Big(70).div("375.1").round(4, Big.roundHalfUp).toFixed(4),
    });
  });

  it("adds up to the summary, measure by measure", async () => {
    const body = await json<ByState>(await call(`/v1/savings/by-state?commission=${slug}`));
    const summary = await json<{ data: Measures[] }>(
      await call(`/v1/savings/summary?commission=${slug}`),
    );
    const total = summary.data[0] as Measures;
    for (const m of MEASURES) {
      const sum = body.data.reduce((s, r) => s.plus(r[m]), new Big(0));
      expect(sum.eq(total[m]), `${m}: ${sum} against ${total[m]}`).toBe(true);
    }
  });

  it("narrows the summary to one state", async () => {
    const summary = await json<{ data: Measures[] }>(
      await call(`/v1/savings/summary?commission=${slug}&state=va`),
    );
    expect(plain(summary.data[0] as Measures)).toMatchObject({ claims: 2, claimed: "100" });
  });

  it("answers CSV with the same rows", async () => {
    const res = await call(`/v1/savings/by-state?commission=${slug}&format=csv`);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map(plain).map((r) => [r.state, r.claims, r.claimed])).toEqual([
      ["MD", "1", "200.1"],
      ["VA", "2", "100"],
      ["PR", "1", "5"],
      ["OH", "1", "0"],
      ["", "2", "70"],
    ]);
  });
});
