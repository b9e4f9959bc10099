/**
 * History as the commission wrote it (issue 23): real receipts from the archived lists whose
 * identifiers the lists wrote in several ways, loaded in time order through the importer. Each
 * must stay one claim, its change told for what it is, never a removal plus a new claim.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import contracts0218Gz from "../../data/archive/contracts-2025-02-18.csv.gz?url&inline";
import contracts0331Gz from "../../data/archive/contracts-2025-03-31.csv.gz?url&inline";
import contracts0404Gz from "../../data/archive/contracts-2025-04-04.csv.gz?url&inline";
import contracts0412Text from "../../data/doge/contracts-2025-04-12.json?raw";
import contracts0416Text from "../../data/doge/contracts-2025-04-16.json?raw";
import contracts0305Text from "../../data/fpds/doge-contracts-2025-03-05.csv?raw";
import { proposals, proposalVersions } from "../../db/schema/index.ts";
import { importList, prepareImport } from "../../dev/import/load.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { gunzip } from "../helpers/files.ts";
import { call, json } from "../helpers/http.ts";

const { db, close } = testDb();
afterAll(() => close());

let csv0218: string[][] = [];
const csv0305 = parse(contracts0305Text, { relax_column_count: true }) as string[][];
let csv0331: string[][] = [];
let csv0404: string[][] = [];
const json0412 = JSON.parse(contracts0412Text) as { piid: string }[];
const json0416 = JSON.parse(contracts0416Text) as { piid: string }[];
beforeAll(async () => {
  const table = async (gz: string): Promise<string[][]> =>
    parse(await gunzip(gz), { relax_column_count: true });
  csv0218 = await table(contracts0218Gz);
  csv0331 = await table(contracts0331Gz);
  csv0404 = await table(contracts0404Gz);
});

/** A list of only the receipts of these PIIDs, as the file wrote them (header kept). */
function only(file: string, piids: string[]): string {
  const wanted = new Set(piids);
  if (file.endsWith(".json")) {
    const rows = file.includes("04-12") ? json0412 : json0416;
    return JSON.stringify(rows.filter((r) => wanted.has(r.piid)));
  }
  const tables: Record<string, string[][]> = {
    "02-18": csv0218,
    "03-05": csv0305,
    "03-31": csv0331,
    "04-04": csv0404,
  };
  const table = tables[file.match(/\d\d-\d\d(?=\.csv)/)?.[0] ?? ""] ?? [];
  // The PIID's own cell, or the FPDS link naming it (the 03-05 list has no PIID column).
  const column = (table[0] ?? []).indexOf("piid");
  const holds = (row: string[]) =>
    column >= 0
      ? wanted.has(row[column] ?? "")
      : row.some((cell) => piids.some((p) => cell.includes(`&PIID=${p}&`)));
  return stringify([table[0] as string[], ...table.slice(1).filter(holds)]);
}

/** Load the receipts of these PIIDs from each list in turn, into a commission of the test's own. */
async function loadLists(files: string[], piids: string[]) {
  return (await loadCommission(files, piids)).id;
}

async function loadCommission(files: string[], piids: string[]) {
  const c = await makeCommission(db);
  for (const file of files) {
    await importList(db, prepareImport(only(file, piids), file), c.id);
  }
  return c;
}

/** The kinds of change /v1/changes tells for a commission, oldest first. */
async function changeKinds(slug: string, filter = "") {
  const { data } = await json<{ data: { change: string; reason: string }[] }>(
    await call(`/v1/changes?commission=${slug}${filter}`),
  );
  return data.map((d) => d.change).reverse();
}

async function historyOf(commissionId: number) {
  const rows = await db
    .select()
    .from(proposals)
    .where(eq(proposals.commissionId, commissionId))
    .orderBy(asc(proposals.id));
  const versions = await db
    .select()
    .from(proposalVersions)
    .where(
      inArray(
        proposalVersions.proposalId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(proposalVersions.proposalId), asc(proposalVersions.version));
  return { rows, versions };
}

const removals = (versions: { changedFields: Record<string, { new: unknown }> }[]) =>
  versions.filter((v) => v.changedFields.removedFromSourceAt?.new);

describe("one identity per receipt, whatever the list wrote", () => {
  it("keeps Treasury's 2032H524F00532 one claim when its blank parent agency is filled in (03-31 → 04-04)", async () => {
    const id = await loadLists(
      ["contracts-2025-03-31.csv.gz", "contracts-2025-04-04.csv.gz"],
      ["2032H524F00532"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.naturalKey).toBe("contract:fpds:2050:2032H524F00532:2050:TIRNO99D00005");
    expect(rows[0]?.formerKeys).toEqual(["contract:fpds:2050:2032H524F00532:-:TIRNO99D00005"]);
    expect(rows[0]?.removedFromSourceAt).toBeNull();
    expect(versions.map((v) => v.reason)).toEqual([
      "first seen at source",
      "identifiers changed at source: parent agency — → 2050",
    ]);
  });

  it("keeps HHS's Island Peer Review 75FCMC21F0003 one claim while its parent PIID flips on 04-04 and back on 04-16", async () => {
    const id = await loadLists(
      [
        "contracts-2025-03-31.csv.gz",
        "contracts-2025-04-04.csv.gz",
        "contracts-2025-04-12.json",
        "contracts-2025-04-16.json",
      ],
      ["75FCMC21F0003"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(1);
    expect(removals(versions)).toEqual([]);
    const reasons = versions.map((v) => v.reason);
    expect(reasons).toContain(
      "identifiers changed at source: parent PIID 75FCMC19D0029 → 75FCMC20A0013",
    );
    expect(reasons.at(-1)).toBe(
      "identifiers changed at source: parent PIID 75FCMC20A0013 → 75FCMC19D0029",
    );
    expect(rows[0]?.parentPiid).toBe("75FCMC19D0029");
    expect(rows[0]?.formerKeys).toEqual([
      "contract:fpds:7530:75FCMC21F0003:-:75FCMC19D0029",
      "contract:fpds:7530:75FCMC21F0003:-:75FCMC20A0013",
    ]);
  });

  it("keeps Golden Key Group's 75N93022F00001 one claim when its link is dropped (03-31 → 04-04)", async () => {
    const id = await loadLists(
      ["contracts-2025-03-31.csv.gz", "contracts-2025-04-04.csv.gz"],
      ["75N93022F00001"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(1);
    expect(removals(versions)).toEqual([]);
    expect(versions.at(-1)?.reason).toBe(
      "identifiers changed at source: agency 7529 → —, parent PIID HHSN272201700039I → —, FPDS link dropped",
    );
    expect(rows[0]?.naturalKey).toMatch(/^contract:piid:/);
    expect(rows[0]?.formerKeys).toEqual(["contract:fpds:7529:75N93022F00001:-:HHSN272201700039I"]);
  });

  it("keeps OCT Consulting's 75F40124F19011 one claim when its link is restored (04-12 → 04-16)", async () => {
    const id = await loadLists(
      ["contracts-2025-04-12.json", "contracts-2025-04-16.json"],
      ["75F40124F19011"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(1);
    expect(removals(versions)).toEqual([]);
    expect(versions.at(-1)?.reason).toBe(
      "identifiers changed at source: agency — → 7524, parent PIID — → 75F40120A00036, FPDS link restored",
    );
    expect(rows[0]?.naturalKey).toBe("contract:fpds:7524:75F40124F19011:-:75F40120A00036");
  });

  it("reads a PIID re-typed as an amount ('200,202,419,659.00' on 04-16) as the same PIID: no change at all", async () => {
    const id = await loadLists(
      ["contracts-2025-04-12.json", "contracts-2025-04-16.json"],
      ["200202419659", "200,202,419,659.00"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.piid).toBe("200202419659");
    expect(versions.map((v) => v.reason)).toEqual(["first seen at source"]);
  });
});

describe("copies of one award in one list", () => {
  it("pairs them by content, not by number: a receipt whose parent moves beside another (75N92024F00001, 03-31 → 04-04) stays its own claim", async () => {
    // On 03-31 Booz Allen's receipt ($2,800,000, 3/24/2025) links to parent 75N92023A00025 and
    // LMI's ($1,181,496, 2/7/2025) to 75N92023A00034; on 04-04 both link to …A00025, and LMI's,
    // dated earlier, sorts first. By number, Booz Allen's claim would read "edited to $1,181,496".
    const id = await loadLists(
      ["contracts-2025-03-31.csv.gz", "contracts-2025-04-04.csv.gz"],
      ["75N92024F00001"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(2);
    expect(removals(versions)).toEqual([]);
    const reasons = (savings: string) => {
      const row = rows.find((r) => r.claimedSavings === savings);
      return versions.filter((v) => v.proposalId === row?.id).map((v) => v.reason);
    };
    expect(reasons("2800000")).toEqual(["first seen at source"]);
    expect(reasons("1181496")).toEqual([
      "first seen at source",
      "identifiers changed at source: parent PIID 75N92023A00034 → 75N92023A00025",
    ]);
  });

  it("keeps three copies three claims when two of them move to other parent vehicles (75R60224F34001, 04-12 → 04-16)", async () => {
    // On 04-16 the $1,711,627 copy (3/5/2025) and the $1,669,823-value one (3/25/2025) link to
    // other parent IDVs; the third is as it was. By number, copies #2 and #3 read as removed.
    const id = await loadLists(
      ["contracts-2025-04-12.json", "contracts-2025-04-16.json"],
      ["75R60224F34001"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(3);
    expect(removals(versions)).toEqual([]);
    const last = (r: (typeof rows)[number]) =>
      versions.filter((v) => v.proposalId === r.id).at(-1)?.reason;
    const byValue = Object.fromEntries(rows.map((r) => [r.claimedValue, last(r)]));
    expect(byValue).toEqual({
      "770737": "first seen at source",
      "2077340": "identifiers changed at source: parent PIID 75R60224D00042 → 75R60223A00055",
      "1669823": "identifiers changed at source: parent PIID 75R60224D00042 → 75R60224D00032",
    });
  });
});

describe("completeness is a property of a list", () => {
  it("removes nothing on the partial 2025-03-05 list, and tells ICE's $8 B claim corrected to $8 M as an edit", async () => {
    // CFPB's 9531CB24C0024 is on the 02-18 and 03-31 lists but not on the 03-05 page scrape.
    const id = await loadLists(
      [
        "contracts-2025-02-18.csv.gz",
        "doge-contracts-2025-03-05.csv",
        "contracts-2025-03-31.csv.gz",
      ],
      ["9531CB24C0024", "70CMSD22A00000008"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(2);
    expect(removals(versions)).toEqual([]);
    const ice = rows.find((r) => r.piid === "70CMSD22A00000008");
    const iceVersions = versions.filter((v) => v.proposalId === ice?.id);
    // 02-18 lists $8,000,000,000 as the claim; 03-05 shows the contract's value as $8,000,000.
    expect(iceVersions[0]?.snapshot).toMatchObject({ claimedSavings: "8000000000" });
    expect(iceVersions.some((v) => v.changedFields.claimedValue?.new === "8000000")).toBe(true);
  });
});

describe("every change told for what it is", () => {
  it("tells a receipt's identifiers written otherwise as identifiers_changed, filterable", async () => {
    const c = await loadCommission(
      ["contracts-2025-03-31.csv.gz", "contracts-2025-04-04.csv.gz"],
      ["2032H524F00532"],
    );
    expect(await changeKinds(c.slug)).toEqual(["new", "identifiers_changed"]);
    expect(await changeKinds(c.slug, "&change=identifiers_changed")).toEqual([
      "identifiers_changed",
    ]);
    expect(await changeKinds(c.slug, "&change=removed")).toEqual([]);
  });

  it("tells the first list that carries a savings figure as first_reported, not an edit (95332A22F00023, 03-05 → 03-31)", async () => {
    // The 03-05 list carries no savings, vendor or status; the 03-31 list is the first to.
    const c = await loadCommission(
      ["doge-contracts-2025-03-05.csv", "contracts-2025-03-31.csv.gz"],
      ["95332A22F00023"],
    );
    expect(await changeKinds(c.slug)).toEqual(["new", "first_reported"]);
  });

  it("refuses a change kind it does not know, with a 400", async () => {
    const res = await call("/v1/changes?change=quietly");
    expect(res.status).toBe(400);
    await res.body?.cancel();
  });
});

describe("captures dated by their own clock", () => {
  it("reads the 04-04 capture's three scrapes of one day as one list, each receipt once, dated by its first scrape", async () => {
    // GSA's 47QFHA25K0003 is in each of the scrapes 00:17, 21:24 and 21:26 of 2025-04-04, and
    // once on the API list of 04-12: counted three times, two copies read as removed on 04-12.
    const id = await loadLists(
      ["contracts-2025-03-31.csv.gz", "contracts-2025-04-04.csv.gz", "contracts-2025-04-12.json"],
      ["47QFHA25K0003", "2032H524F00532"],
    );
    const { rows, versions } = await historyOf(id);
    expect(rows).toHaveLength(2);
    expect(removals(versions)).toEqual([]);
    const at = (v: { observedAt: string }) => new Date(v.observedAt).toISOString();
    const treasury = rows.find((r) => r.piid === "2032H524F00532");
    // First seen on the capture scraped 2025-03-30 19:13, changed on the scrape of 04-04 00:17.
    expect(versions.filter((v) => v.proposalId === treasury?.id).map(at)).toEqual([
      "2025-03-30T19:13:00.000Z",
      "2025-04-04T00:17:00.000Z",
    ]);
  });
});
