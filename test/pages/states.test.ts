import Big from "big.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposalSourceValues } from "../../db/schema/index.ts";
import { refreshPlaces } from "../../worker/domain/places.ts";
import { StatePage } from "../../worker/pages/states.tsx";
import { testDb } from "../helpers/db.ts";
import { attributes, decode, texts } from "../helpers/html.ts";
import { call, json } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

const HTML = { Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" };
const page = (path: string) => call(path, { headers: HTML });

let slug = "";
let ids: number[] = [];
beforeAll(async () => {
  // American Samoa and the Northern Mariana Islands: places no seeded claim has.
  ({ slug, ids } = await makeProposals(db, [
    {
      title: "A contract performed in American Samoa",
      claimedSavings: "5000000.00",
      assessment: { status: "exceeds_record", low: "250000", high: "1000000" },
    },
    { title: "A second one there", claimedSavings: "20.00", assessment: "supported" },
    { title: "A lease in Saipan", kind: "lease", claimedSavings: "7.50" },
    { title: "Nowhere known", claimedSavings: "3.00" },
  ]));
  const extra = (id: number | undefined, e: Record<string, string>) =>
    db.insert(proposalSourceValues).values({ proposalId: id as number, values: { extra: e } });
  await extra(ids[0], {
    performance_state: "AS",
    entity_congressional_district: "AMERICAN SAMOA 98",
  });
  await extra(ids[1], { place_of_performance_state_code: "AS" });
  await extra(ids[2], { state: "MP", city: "SAIPAN" });
  await refreshPlaces(db);
});

describe("/states: the tile-grid map", () => {
  it("draws one square per state and DC, its numbers in a table beside it", async () => {
    const res = await page(`/states?commission=${slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Two maps (claimed, verified), each with 51 squares.
    expect(await attributes(html, "svg.tilemap", "role")).toEqual(["img", "img"]);
    const squares = await attributes(html, "svg.tilemap g.tile", "data-state");
    expect(squares).toHaveLength(102);
    expect(new Set(squares).size).toBe(51);
    // No state of this commission's claims has a square (territories): every square is blank.
    expect(new Set(await attributes(html, "svg.tilemap g.tile", "data-step"))).toEqual(
      new Set(["-1"]),
    );
    const rows = await attributes(html, "#states-table tbody tr", "data-state");
    expect(rows).toEqual(["AS", "MP", "unknown"]);
    const cells = (await texts(html, "#states-table tbody tr")).map(decode);
    expect(cells[0]).toContain("American Samoa");
    expect(cells[2]).toContain("Place unknown");
    // The unknown place stated: 1 of 4 claims, $3.00 claimed.
    expect(await attributes(html, "#unknown-place", "data-claims")).toEqual(["1"]);
    expect(decode((await texts(html, "#unknown-place"))[0] ?? "")).toContain("25% of them");
  });

  it("shades a state by its amount among the states with claims", async () => {
    const html = await (await page("/states")).text();
    const api = await json<{ data: { state: string | null; claimed: string }[] }>(
      await call("/v1/savings/by-state"),
    );
    const steps = await attributes(html, "svg.tilemap g.tile", "data-step");
    const states = await attributes(html, "svg.tilemap g.tile", "data-state");
    const claimedMap = new Map(states.slice(0, 51).map((s, i) => [s, Number(steps[i])]));
    const withClaims = api.data.filter(
      (r) => r.state && claimedMap.has(r.state) && new Big(r.claimed).gt(0),
    );
    // Every state with a claimed amount is shaded, the largest in the darkest step.
    for (const r of withClaims)
      expect(claimedMap.get(r.state as string), r.state as string).toBeGreaterThanOrEqual(0);
    const largest = withClaims.sort((a, b) => new Big(b.claimed).cmp(a.claimed))[0];
    if (largest) expect(claimedMap.get(largest.state as string)).toBe(4);
  });

  it("is an embed any site may frame", async () => {
    const res = await page(`/embed/states?commission=${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const html = await res.text();
    // Drawn on the server: the widget runs no script.
    expect(html).not.toContain("<script");
    expect(await attributes(html, "svg.tilemap", "role")).toEqual(["img", "img"]);
    expect(await attributes(html, "#embed-states-table tbody tr", "data-state")).toEqual([
      "AS",
      "MP",
      "unknown",
    ]);
  });
});

describe("the claims search", () => {
  it("filters by state and district, and keeps the choices in its form", async () => {
    const links = async (query: string) =>
      attributes(
        await (await page(`/proposals?commission=${slug}&${query}`)).text(),
        "#claims tbody a[href^='/proposals/']",
        "href",
      );
    expect((await links("state=AS")).sort()).toEqual(
      [`/proposals/${ids[0]}`, `/proposals/${ids[1]}`].sort(),
    );
    expect(await links("district=AS-98")).toEqual([`/proposals/${ids[0]}`]);
    const html = await (await page(`/proposals?commission=${slug}&state=MP&district=`)).text();
    expect(await attributes(html, 'select[name="state"] option[selected]', "value")).toEqual([
      "MP",
    ]);
    expect(await texts(html, 'select[name="state"] option[value="AS"]')).toEqual([
      "American Samoa",
    ]);
    expect(await attributes(html, 'input[name="district"]', "value")).toEqual([""]);
  });
});

describe("/states/{code}", () => {
  it("shows the state's totals, districts and claims", async () => {
    const res = await page("/states/as");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(await texts(html, "h1")).toEqual(["American Samoa"]);
    expect(await attributes(html, '[data-total="claimed"]', "data-amount")).toEqual(["5000020.00"]);
    expect(await texts(html, "#districts tbody td:first-child")).toEqual(["AS-98"]);
    const claims = (await texts(html, "#largest-claims tbody tr")).map(decode);
    expect(claims).toHaveLength(2);
    expect(claims[0]).toContain("A contract performed in American Samoa");
  });

  it("says so when no claim is placed there, and refuses a code that is no state", async () => {
    // The shared test database may hold claims in every state by now: the page's empty case is
    // rendered from what loadState gives for a state with none.
    const empty = String(
      await StatePage({
        data: {
          code: "VT",
          name: "Vermont",
          byCommission: [],
          claimCount: 0,
          placed: undefined,
          districts: [],
          claims: [],
        },
      }),
    );
    expect(empty).toContain("No live claim");
    expect((await page("/states/ZZ")).status).toBe(400);
  });
});
