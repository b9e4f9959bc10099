import { parse } from "csv-parse/sync";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import leases0603Gz from "../../data/archive/leases-2025-06-03.csv.gz?url&inline";
import leases1005Gz from "../../data/archive/leases-2025-10-05.csv.gz?url&inline";
import { proposalSourceValues, proposalVersions } from "../../db/schema/index.ts";
import { UnknownFormatError } from "../../dev/import/detect.ts";
import { importList, prepareImport } from "../../dev/import/load.ts";
import { OlderListError } from "../../worker/jobs/doge/sync.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { gunzip } from "../helpers/files.ts";
import { call } from "../helpers/http.ts";
import { proposalsOf } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

const load = (commissionId: number, text: string, file: string, observedAt?: string) =>
  importList(db, prepareImport(text, file, observedAt), commissionId);

const rowsOf = (commissionId: number) => proposalsOf(db, commissionId);

async function versionsOf(commissionId: number) {
  const ids = (await rowsOf(commissionId)).map((r) => r.id);
  return db
    .select()
    .from(proposalVersions)
    .where(inArray(proposalVersions.proposalId, ids))
    .orderBy(asc(proposalVersions.proposalId), asc(proposalVersions.version));
}

type Change = { what: string; changed_at: string; title: string; changed_fields: string };

describe("importing the archived lists", () => {
  it("loads the accumulating lease captures in order, each receipt dated by the scrape that first showed it", async () => {
    const c = await makeCommission(db);
    const [june, october] = await Promise.all([gunzip(leases0603Gz), gunzip(leases1005Gz)]);

    const first = await load(c.id, june, "leases-2025-06-03.csv.gz");
    // 916 rows, one per receipt first seen or edited at a scrape: the edits change a lease
    // already inserted by an earlier scrape.
    const keys = new Set(
      prepareImport(june, "leases-2025-06-03.csv.gz").mapped.batches?.flatMap((b) =>
        b.drafts.map((d) => d.naturalKey),
      ),
    );
    expect(first.counts).toMatchObject({ fetched: 916, inserted: keys.size, removed: 0 });
    expect(first.counts.changed).toBeGreaterThan(0);
    const second = await load(c.id, october, "leases-2025-10-05.csv.gz");
    // Only the scrapes after June's: 178 rows first seen since, none removed (the file cannot
    // say what left the list).
    expect(second.counts).toMatchObject({ fetched: 178, removed: 0 });
    expect(second.counts.inserted).toBeGreaterThan(0);
    console.log(
      `import timings (embedded database): leases-2025-06-03 ${first.syncMs} ms, leases-2025-10-05 ${second.syncMs} ms`,
    );

    // Every version is dated by a scrape of the archive, none by today.
    const observed = new Set(
      (await versionsOf(c.id)).map((v) => new Date(v.observedAt).toISOString().slice(0, 16)),
    );
    expect(observed.has("2025-04-04T00:17")).toBe(true);
    expect(observed.has("2025-10-04T23:33")).toBe(true);
    expect([...observed].every((t) => t.startsWith("2025-"))).toBe(true);
    const rows = await rowsOf(c.id);
    const idaho = rows.find((r) => r.naturalKey === "lease:IDAHO FALLS, ID:1920");
    expect(new Date(idaho?.firstSeenAt ?? 0).toISOString()).toBe("2025-04-04T00:17:00.000Z");

    // The change list, newest first by when the source showed each change.
    const csv = await (await call(`/v1/changes?commission=${c.slug}&format=csv`)).text();
    const changes = parse(csv, { columns: true }) as Change[];
    const dates = changes.map((d) => d.changed_at);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(changes[0]?.changed_at).toMatch(/^2025-10-04T23:33/);
    expect(changes.at(-1)?.changed_at).toMatch(/^2025-04-04T00:17/);
    expect(changes.some((d) => d.what === "removed" || d.what === "back")).toBe(false);
  });

  it("refuses the older capture after the newer one, and changes nothing", async () => {
    const c = await makeCommission(db);
    const [june, october] = await Promise.all([gunzip(leases0603Gz), gunzip(leases1005Gz)]);
    await load(c.id, october, "leases-2025-10-05.csv.gz");
    const before = await rowsOf(c.id);
    const versions = (await versionsOf(c.id)).length;
    await expect(load(c.id, june, "leases-2025-06-03.csv.gz")).rejects.toThrow(OlderListError);
    await expect(load(c.id, june, "leases-2025-06-03.csv.gz")).rejects.toThrow(
      /before the newest lease list already synced/,
    );
    expect(await rowsOf(c.id)).toEqual(before);
    expect(await versionsOf(c.id)).toHaveLength(versions);
  });

  it("records no change to a field the later list's format does not carry", async () => {
    const c = await makeCommission(db);
    // Two real receipts of the 2025-03-31 capture (header trimmed to the receipt's columns).
    const march = `piid,agency,vendor,value,description,fpds_status,fpds_link,deleted_date,savings
70CMSD22A00000008,Department of Homeland Security,"D&G SUPPORT SERVICES, LLC",8000000,PROGRAM AND TECHNICAL SUPPORT SERVICES FOR OFFICE OF DIVERSITY AND CIVIL RIGHTS (ODCR),TERMINATED,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7012&PIID=70CMSD22A00000008&modNumber=P00003&idvAgencyID=&idvPIID=GS00F131DA&contractType=IDV,1/28/2025,0
140D0424F0913,Department of the Interior,"CFI GROUP U S A, L.L.C.",246185,PERFORMANCE SATISFACTION SURVEY (PSS) 073 - U.S. DEPARTMENT OF THE TREASURY INTERNAL REVENUE SERVICE (IRS),TERMINATED,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=1406&PIID=140D0424F0913&modNumber=P00002&idvAgencyID=&idvPIID=140D0422A0002&contractType=AWARD,3/24/2025,0`;
    expect((await load(c.id, march, "contracts-2025-03-31.csv")).counts.inserted).toBe(2);

    // The same receipts in the 2025-03-05 list's format (no savings, no vendor, no status),
    // observed later: the ICE receipt as before, the other's value edited, and a new one.
    const list = `AGENCY,DESCRIPTION,UPLOADED ON,LINK,VALUE
Department of Homeland Security,PROGRAM AND TECHNICAL SUPPORT SERVICES FOR OFFICE OF DIVERSITY AND CIVIL RIGHTS (ODCR),1/28/25,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7012&PIID=70CMSD22A00000008&modNumber=P00003&idvAgencyID=&idvPIID=GS00F131DA&contractType=IDV,"$8,000,000 "
Department of the Interior,PERFORMANCE SATISFACTION SURVEY (PSS) 073 - U.S. DEPARTMENT OF THE TREASURY INTERNAL REVENUE SERVICE (IRS),3/24/25,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=1406&PIID=140D0424F0913&modNumber=P00002&idvAgencyID=&idvPIID=140D0422A0002&contractType=AWARD,"$250,000 "
BUREAU OF LAND MANAGEMENT,EEO DEIA SUPPORT,2/13/25,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=9300&PIID=93310023P0021&modNumber=A00002&idvAgencyID=&idvPIID=&contractType=AWARD,"$440,000 "`;
    const counts = (await load(c.id, list, "doge-contracts.csv", "2025-04-01T00:00:00Z")).counts;
    expect(counts).toMatchObject({ inserted: 1, changed: 1, removed: 0 });

    const rows = await rowsOf(c.id);
    const byPiid = (piid: string) => rows.find((r) => r.piid === piid);
    // The edited receipt: its value changed; its claim, vendor and status kept, not NULLed.
    const edited = byPiid("140D0424F0913");
    expect(edited).toMatchObject({
      claimedValue: "250000",
      claimedSavings: "0",
      recipient: "CFI GROUP U S A, L.L.C.",
      sourceStatus: "TERMINATED",
    });
    const history = (await versionsOf(c.id)).filter((v) => v.proposalId === edited?.id);
    expect(history.at(-1)?.changedFields).toEqual({
      claimedValue: { old: "246185", new: "250000" },
    });
    expect(new Date(history.at(-1)?.observedAt ?? 0).toISOString()).toBe(
      "2025-04-01T00:00:00.000Z",
    );
    // The source values keep what the source said last for the fields this list lacks.
    const [source] = await db
      .select()
      .from(proposalSourceValues)
      .where(eq(proposalSourceValues.proposalId, edited?.id ?? 0));
    expect(source?.values).toMatchObject({
      claimedValue: "250000",
      claimedSavings: "0",
      recipient: "CFI GROUP U S A, L.L.C.",
      sourceStatus: "TERMINATED",
    });
    // The unchanged ICE receipt has no new version; the new receipt's claim is unknown.
    expect(byPiid("70CMSD22A00000008")?.version).toBe(1);
    expect(byPiid("93310023P0021")).toMatchObject({
      claimedSavings: null,
      claimedValue: "440000",
      recipient: null,
    });
  });

  it("reads the $8 billion ICE claim of February becoming $8 million in March as exactly that", async () => {
    const c = await makeCommission(db);
    // The receipt as captured on 2025-02-18 and 2025-03-31 (headers trimmed to its columns).
    const link =
      "https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7012&PIID=70CMSD22A00000008&modNumber=P00003&idvAgencyID=&idvPIID=GS00F131DA&contractType=IDV";
    const february = `date,piid,agency,ceiling_value,value,update_date,fpds_status,fpds_link,vendor,description
1/28/2025,70CMSD22A00000008,Department of Homeland Security,8000000000.0,8000000000.0,1/28/2025,TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL),${link},D&G SUPPORT SERVICES LLC,PROGRAM AND TECHNICAL SUPPORT SERVICES FOR OFFICE OF DIVERSITY AND CIVIL RIGHTS (ODCR)`;
    const march = `piid,agency,vendor,value,description,fpds_status,fpds_link,deleted_date,savings
70CMSD22A00000008,Department of Homeland Security,"D&G SUPPORT SERVICES, LLC",8000000,PROGRAM AND TECHNICAL SUPPORT SERVICES FOR OFFICE OF DIVERSITY AND CIVIL RIGHTS (ODCR),TERMINATED,${link},1/28/2025,0`;
    await load(c.id, february, "contracts-2025-02-18.csv");
    await load(c.id, march, "contracts-2025-03-31.csv");
    const [ice] = await rowsOf(c.id);
    const last = (await versionsOf(c.id)).at(-1);
    expect(last?.changedFields).toMatchObject({
      claimedSavings: { old: "8000000000", new: "0" },
      claimedValue: { old: "8000000000", new: "8000000" },
    });
    // The capture time of 2025-03-31 (data/README.md), not midnight and not today.
    expect(new Date(last?.observedAt ?? 0).toISOString()).toBe("2025-03-31T02:25:00.000Z");
    expect(new Date(ice?.firstSeenAt ?? 0).toISOString()).toBe("2025-02-18T23:25:00.000Z");
  });

  it("marks receipts gone from a later snapshot as removed", async () => {
    const c = await makeCommission(db);
    const header = "date,location,sq_ft,description,value,savings,agency";
    const a =
      '3/13/2025,"IDAHO FALLS, ID",1920,Terminating,34856,225272,AGRICULTURAL MARKETING SERVICE';
    const b =
      '3/12/2025,"LITTLETON, CO",1250,Soft Term,20859,19144,UNITED STATES FISH AND WILDLIFE SERVICE';
    await load(c.id, [header, a, b].join("\n"), "leases-2025-04-12.csv");
    const counts = (await load(c.id, [header, a].join("\n"), "leases-2025-04-16.csv")).counts;
    expect(counts).toMatchObject({ removed: 1, changed: 0 });
    const gone = (await rowsOf(c.id)).find((r) => r.leaseLocation === "LITTLETON, CO");
    expect(new Date(gone?.removedFromSourceAt ?? 0).toISOString()).toBe("2025-04-16T00:00:00.000Z");
  });

  it("refuses a list whose columns fit no known format, naming them, and writes nothing", async () => {
    const c = await makeCommission(db);
    expect(() =>
      prepareImport("agency,amount,when\nDOE,5,3/1/2025", "contracts-2025-05-01.csv"),
    ).toThrow(UnknownFormatError);
    expect(() =>
      prepareImport("agency,amount,when\nDOE,5,3/1/2025", "contracts-2025-05-01.csv"),
    ).toThrow(/columns agency, amount, when/);
    expect(await rowsOf(c.id)).toEqual([]);
  });
});
