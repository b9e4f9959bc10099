import { describe, expect, it } from "vitest";
import {
  contractAwardId,
  parseFpdsLink,
  parseUsaspendingLink,
  receiptsToDrafts,
  usDateToIso,
} from "../../worker/jobs/doge/receipts.ts";
import { parseJsonKeepingNumbers } from "../../worker/lib/json.ts";
import { sumDecimals } from "../../worker/lib/money.ts";

const link = (piid: string, idv: string) =>
  `https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7529&PIID=${piid}&modNumber=P00001&idvAgencyID=&idvPIID=${idv}&contractType=AWARD`;

const receipt = (over: Record<string, unknown>) => ({
  piid: "75N91023F00001",
  agency: "Department of Health and Human Services",
  vendor: "V",
  value: 10,
  description: "D",
  fpds_status: "TERMINATED",
  fpds_link: link("75N91023F00001", "IDV1"),
  deleted_date: "4/14/2025",
  savings: 5,
  ...over,
});

describe("contract natural keys", () => {
  it("tells apart one task-order PIID under different parent vehicles", () => {
    const drafts = receiptsToDrafts("contracts", [
      receipt({ fpds_link: link("75N91023F00001", "IDV1") }),
      receipt({ fpds_link: link("75N91023F00001", "IDV2") }),
    ]);
    expect(new Set(drafts.map((d) => d.naturalKey)).size).toBe(2);
    expect(drafts[0]?.naturalKey).toBe("contract:fpds:7529:75N91023F00001:-:IDV1");
  });

  it("keeps the same contract listed twice as two proposals, the second marked #2", () => {
    const drafts = receiptsToDrafts("contracts", [
      receipt({ deleted_date: "4/8/2025" }),
      receipt({ deleted_date: "3/31/2025", vendor: "V INC" }),
    ]);
    expect(drafts.map((d) => d.naturalKey).sort()).toEqual([
      "contract:fpds:7529:75N91023F00001:-:IDV1",
      "contract:fpds:7529:75N91023F00001:-:IDV1#2",
    ]);
    // The earlier claim date keeps the plain key.
    expect(drafts.find((d) => !d.naturalKey.includes("#"))?.claimDate).toBe("2025-03-31");
  });

  it("pools an agency's 'Unavailable' receipts: count, sums and their claim dates", () => {
    const unavailable = {
      piid: "Unavailable",
      agency: "USAID",
      vendor: "Unavailable",
      value: 1182524,
      description: "Unavailable for legal reasons",
      fpds_status: "Unavailable",
      fpds_link: "https://fpds.gov",
      deleted_date: "4/14/2025",
      savings: 971452.5,
    };
    const edited = { ...unavailable, value: 10, savings: 0.25, deleted_date: "3/1/2025" };
    const other = { ...unavailable, agency: "Department of State" };
    const card = { ...unavailable, piid: "Charge Card Purchase", fpds_link: null };
    const drafts = receiptsToDrafts("contracts", [unavailable, edited, unavailable, other, card]);
    expect(drafts.map((d) => d.naturalKey).sort()).toEqual([
      "contract:pool:CHARGE CARD PURCHASE:USAID",
      "contract:pool:UNAVAILABLE:DEPARTMENT OF STATE",
      "contract:pool:UNAVAILABLE:USAID",
    ]);
    const pool = drafts.find((d) => d.naturalKey === "contract:pool:UNAVAILABLE:USAID");
    expect(pool).toMatchObject({
      receiptCount: 3,
      claimedSavings: "1942905.25",
      claimedValue: "2365058",
      claimDate: null,
      piid: null,
      receiptDates: {
        "2025-03-01": { receipts: 1, savings: "0.25" },
        "2025-04-14": { receipts: 2, savings: "1942905" },
      },
    });
    expect(Object.keys(pool?.receiptDates ?? {})).toEqual(["2025-03-01", "2025-04-14"]);
  });

  it("names the USAspending award of a definitive contract, and of a task order only when fully known", () => {
    const definitive = parseFpdsLink(link("ABC", "").replace("idvPIID=&", "idvPIID=&"));
    expect(definitive && contractAwardId(definitive)).toBe("CONT_AWD_ABC_7529_-NONE-_-NONE-");
    const orphan = parseFpdsLink(link("ABC", "IDV1"));
    expect(orphan && contractAwardId(orphan)).toBeNull();
  });

  it("reads a grant's award id and FAIN from its USAspending link", () => {
    expect(
      parseUsaspendingLink("https://www.usaspending.gov/award/ASST_NON_S424A220017_091"),
    ).toEqual({
      awardId: "ASST_NON_S424A220017_091",
      fain: "S424A220017",
    });
  });
});

describe("receipt values", () => {
  it("reads M/D/YYYY dates and refuses impossible ones", () => {
    expect(usDateToIso("4/1/2025")).toBe("2025-04-01");
    expect(usDateToIso("2/30/2025")).toBeNull();
    expect(usDateToIso("2025-04-01")).toBeNull();
    expect(() => receiptsToDrafts("contracts", [receipt({ deleted_date: "13/1/2025" })])).toThrow(
      /M\/D\/YYYY/,
    );
  });

  it("keeps money exact from the upstream text, fractional cents included", () => {
    const body = parseJsonKeepingNumbers(
      '[{"savings": 31734918636.860065}, {"savings": 0.1}, {"savings": 0.2}]',
    );
    const values = (body as { savings: string }[]).map((r) => r.savings);
    expect(values[0]).toBe("31734918636.860065");
    expect(sumDecimals(values.slice(1))).toBe("0.3");
  });

  it("rejects a receipt whose savings are not a number", () => {
    expect(() => receiptsToDrafts("contracts", [receipt({ savings: "a lot" })])).toThrow();
  });
});
