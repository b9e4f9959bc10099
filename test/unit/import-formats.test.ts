import { describe, expect, it } from "vitest";
import leases0512 from "../../data/doge/leases-2025-05-12.json?raw";
import { scrapeTime } from "../../dev/import/accumulated.ts";
import { detectFormat, UnknownFormatError } from "../../dev/import/detect.ts";
import { observedAtOf, prepareImport } from "../../dev/import/load.ts";
import { BadRowError, mapTable } from "../../dev/import/map.ts";
import { parseTable } from "../../dev/import/table.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { parseJsonKeepingNumbers } from "../../worker/lib/json.ts";

// Small excerpts of the real archive files (data/README.md, ../shared/data/archive/): the header
// as captured and a few rows, unchanged.
const CONTRACTS_0218 = [
  "date,piid,agency,ceiling_value,value,update_date,fpds_status,fpds_link,vendor,description,date_signed,date_effective,date_complete,date_ult_complete_est,date_solicitation,amount_obligated,amount_obligated_total,amount_base_exercised_options,amount_base_exercised_options_total,amount_ultimate,amount_ultimate_total,entity_id,entity_name,entity_dba,cage_code,entity_street,entity_street_2,entity_city,entity_state,entity_zip,entity_county,entity_county_disp,entity_phone,entity_fax,entity_congressional_district,product_service_code,product_service_desc,principal_naics_code,principal_naics_desc,requirement_desc",
  '1/28/2025,70CMSD22A00000008,Department of Homeland Security,8000000000.0,8000000000.0,1/28/2025,TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL),https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7012&PIID=70CMSD22A00000008&modNumber=P00003&idvAgencyID=&idvPIID=GS00F131DA&contractType=IDV,D&G SUPPORT SERVICES LLC,PROGRAM AND TECHNICAL SUPPORT SERVICES FOR OFFICE OF DIVERSITY AND CIVIL RIGHTS (ODCR),2025-01-30,2022-09-30,,,,0.0,0.0,,,,8000000.0,C28JCZBFRRX5,"D&G SUPPORT SERVICES, LLC",,4LEM6,11635 CHANCEFORD DR,,WOODBRIDGE,VA,221925566,USA,UNITED STATES,(703) 927-8458,(571) 748-6613,VIRGINIA 07,R408,SUPPORT- PROFESSIONAL: PROGRAM MANAGEMENT/SUPPORT,541611.0,ADMINISTRATIVE MANAGEMENT AND GENERAL MANAGEMENT CONSULTING SERVICES,',
  '2/10/2025,9531CB25F0039,Consumer Financial Protection Bureau,,,2/11/2025,TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL),https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=955F&PIID=9531CB25F0039&modNumber=P00001&idvAgencyID=&idvPIID=03310323D0031&contractType=AWARD,,,2025-02-10,2025-01-30,2025-02-10,02/10/2025,01/28/2025,0.0,56300.0,0.0,56300.0,0.0,299250.0,FMHKL71EGBX7,"FISCALNOTE, INC.",,7GR71,1201 PENNSYLVANIA AVE NW STE 600,,WASHINGTON,DC,200042460,USA,UNITED STATES,(202) 650-6443,,DISTRICT OF COLUMBIA 98,7630,NEWSPAPERS AND PERIODICALS,519290.0,WEB SEARCH PORTALS AND ALL OTHER INFORMATION SERVICES,',
].join("\n");

const CONTRACTS_0331 = [
  "piid,agency,vendor,value,description,fpds_status,fpds_link,deleted_date,savings,award_agency,award_procurement_id,award_modification_num,ref_idv_agency,ref_idv_procurement_id,ref_idv_modification_num,date_signed,date_effective,date_complete,date_ult_complete_est,date_solicitation,amount_obligated,amount_obligated_total,amount_base_exercised_options,amount_base_exercised_options_total,amount_ultimate,amount_ultimate_total,entity_id,entity_name,entity_dba,cage_code,entity_street,entity_street_2,entity_city,entity_state,entity_zip,entity_county,entity_county_disp,entity_phone,entity_fax,entity_congressional_district,product_service_code,product_service_desc,principal_naics_code,principal_naics_desc,requirement_desc,dt_scrape",
  '70CMSD22A00000008,Department of Homeland Security,"D&G SUPPORT SERVICES, LLC",8000000,PROGRAM AND TECHNICAL SUPPORT SERVICES FOR OFFICE OF DIVERSITY AND CIVIL RIGHTS (ODCR),TERMINATED,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=7012&PIID=70CMSD22A00000008&modNumber=P00003&idvAgencyID=&idvPIID=GS00F131DA&contractType=IDV,1/28/2025,0,7012,70CMSD22A00000008,P00003,4732,GS00F131DA,PA0024,01/30/2025,09/30/2022,,,,0.0,0.0,,,,8000000.0,C28JCZBFRRX5,"D&G SUPPORT SERVICES, LLC",,4LEM6,11635 CHANCEFORD DR,,WOODBRIDGE,VA,221925566,USA,UNITED STATES,(703) 927-8458,(571) 748-6613,VIRGINIA 07,R408,SUPPORT- PROFESSIONAL: PROGRAM MANAGEMENT/SUPPORT,541611,ADMINISTRATIVE MANAGEMENT AND GENERAL MANAGEMENT CONSULTING SERVICES,,2025-03-30-1913',
  "Unavailable for legal reason,USAID,Unavailable,200100,Unavailable for legal reason,Unavailable for legal reason,https://fpds.gov/,3/24/2025,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,2025-03-30-1913",
  "Unavailable for legal reason,USAID,Unavailable,1222185,Unavailable for legal reason,Unavailable for legal reason,https://fpds.gov/,3/21/2025,927415,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,2025-03-30-1913",
].join("\n");

const LIST_0305 = `AGENCY,DESCRIPTION,UPLOADED ON,LINK,VALUE
BUREAU OF LAND MANAGEMENT,EEO DEIA SUPPORT,2/13/25,https://www.fpds.gov/ezsearch/jsp/viewLinkController.jsp?agencyID=9300&PIID=93310023P0021&modNumber=A00002&idvAgencyID=&idvPIID=&contractType=AWARD,"$440,000 "
DEPARTMENT OF HEALTH AND HUMAN SERVICES,Hiring Tiger Team (HiTT),2/23/25,https://www.fpds.gov/ezsearch/fpdsportal?indexName=awardfull&templateName=1.5.3&s=FPDS.GOV&q=75ACF124P00006&x=0&y=0,"$4,228,805 "`;

const GRANTS_0319 = `agency,uploaded_on,value,uploaded_dt,dt_scrape,description
DEPARTMENT OF EDUCATION,2/7/2025,9475685.0,2025-02-07,2025-03-05-1332,
DEPARTMENT OF EDUCATION,2/7/2025,6862220.0,2025-02-07,2025-03-05-1332,
DEPARTMENT OF EDUCATION,2/7/2025,9475685.0,2025-02-07,2025-03-18-2217,RTR TEACHER AND SCHOOL LEADER RESIDENCY (RTR-TR-SLR)`;

// The 2025-03-30 grants header names `description` twice (DOGE's, then USAspending's).
const GRANTS_0330 = `date,agency,recipient,value,savings,link,description,id,generated_unique_award_id,fain,description,dt_scrape
3/23/2025,Department of Defense,PURDUE UNIVERSITY,2788583.0,248010.0,https://usaspending.gov/award/ASST_NON_HQ00342110014_97F5,"NATIONAL DEFENSE EDUCATION PROGRAM - INNOVATION IN QUANTUM PEDAGOGY, APPLICATION AND ITS RELATION TO CULTURE (IQ-PARC)",140440045.0,ASST_NON_HQ00342110014_97F5,HQ00342110014,THE AWARD'S OWN DESCRIPTION,2025-03-30-1513`;

const LEASES_0218 = `sq_ft,date,location,description,ceiling_value,value,agency,city,state,sqft
"3,076",2025-01-22,"Miami, FL",Lease end date 2/28/25.,112278,7383.0,Department of State,Miami,FL,3076.0
"3,409",2025-02-07,"EL PASO, TX",True Termination- Move to Federal Space,75290,,GEOLOGICAL SURVEY,EL PASO,TX,3409.0
"3,409",2/7/2025,"EL PASO, TX",True Termination- Move to Federal Space,75290,,GEOLOGICAL SURVEY,EL PASO,TX,3409.0`;

const LEASES_0603 = `date,location,sq_ft,description_doge,value,savings,agency,city,state,dt_scrape
3/13/2025,"IDAHO FALLS, ID",1920,Terminating to align with the adminstrations reduction goals,34856,225272,AGRICULTURAL MARKETING SERVICE,IDAHO FALLS,ID,2025-04-04-0017
5/23/2025,"WASHINGTON, DC",200432,True Termination- Agency Closed Office,9535356,0,FEDERAL BUREAU OF INVESTIGATION,WASHINGTON,DC,2025-06-03-2033`;

const map = (csv: string, file?: string) => mapTable(parseTable(csv), file);

describe("archived list formats", () => {
  it("are told apart by the columns that carry the claim", () => {
    const ids = [
      [CONTRACTS_0218, "contracts-2025-02"],
      [CONTRACTS_0331, "contracts-2025-03"],
      [CONTRACTS_0331.replace("description,", "description_doge,"), "contracts-2025-03"],
      [LIST_0305, "contracts-list-2025-03"],
      [GRANTS_0319, "grants-2025-03-19"],
      [GRANTS_0330, "grants-2025-03-30"],
      [LEASES_0218, "leases-2025-02"],
      [LEASES_0603, "leases-2025-04"],
    ];
    for (const [csv, id] of ids) {
      expect(detectFormat(parseTable(csv as string).columns).id).toBe(id);
    }
  });

  it("refuse a list whose columns fit none, naming its columns", () => {
    expect(() => map("agency,amount,when\nDOE,5,3/1/2025")).toThrow(UnknownFormatError);
    expect(() => map("agency,amount,when\nDOE,5,3/1/2025")).toThrow(/columns agency, amount, when/);
    // The FPDS records beside the 2025-03-05 list are not a list of claims.
    expect(() =>
      map("PROCUREMENT_ID,MODIFICATION_NO,LINK\nX1,P00001,https://www.fpds.gov/", "x.csv"),
    ).toThrow(/procurement_id, modification_no, link/);
    // A file named for one kind never loads as another.
    expect(() => map(LEASES_0603, "contracts-2025-06-03.csv")).toThrow(UnknownFormatError);
  });

  it("refuse a list with a row that makes no valid receipt, naming the row", () => {
    const bad = LEASES_0218.replace("2025-01-22", "2025-13-45");
    expect(() => map(bad, "leases-2025-02-18.csv")).toThrow(BadRowError);
    expect(() => map(bad, "leases-2025-02-18.csv")).toThrow(/^row 2 is not a valid leases-2025-02/);
  });

  it("make the same drafts as the DOGE API path for the same receipts", () => {
    const mapped = map(leases0512, "leases-2025-05-12.json");
    expect(mapped.format.id).toBe("leases-2025-04");
    expect(mapped.unobserved).toEqual([]);
    expect(mapped.drafts).toEqual(
      receiptsToDrafts("leases", parseJsonKeepingNumbers(leases0512) as unknown[]),
    );
  });

  it("read February's contract `value` as the savings claim and `ceiling_value` as the value", () => {
    const mapped = map(CONTRACTS_0218, "contracts-2025-02-18.csv.gz");
    const ice = mapped.drafts.find((d) => d.piid === "70CMSD22A00000008");
    expect(ice).toMatchObject({
      naturalKey: "contract:fpds:7012:70CMSD22A00000008:-:GS00F131DA",
      claimedSavings: "8000000000",
      claimedValue: "8000000000",
      claimDate: "2025-01-28",
      recipient: "D&G SUPPORT SERVICES LLC",
    });
    // A blank claim is unknown, never zero.
    const blank = mapped.drafts.find((d) => d.piid === "9531CB25F0039");
    expect(blank?.claimedSavings).toBeNull();
    expect(blank?.claimedValue).toBeNull();
    // The FPDS record's fields are extra columns, kept raw.
    expect(mapped.extraColumns).toContain("amount_ultimate_total");
    expect(mapped.extras[0]?.amount_ultimate_total).toBe("8000000.0");
  });

  it("key March's receipts as the API does, its withheld ones in the 'Unavailable' pool", () => {
    const mapped = map(CONTRACTS_0331, "contracts-2025-03-31.csv.gz");
    expect(mapped.drafts.find((d) => d.piid === "70CMSD22A00000008")).toMatchObject({
      naturalKey: "contract:fpds:7012:70CMSD22A00000008:-:GS00F131DA",
      claimedSavings: "0",
      claimedValue: "8000000",
    });
    expect(mapped.drafts.find((d) => d.naturalKey.includes(":pool:"))).toMatchObject({
      naturalKey: "contract:pool:UNAVAILABLE:USAID",
      receiptCount: 2,
      claimedSavings: "927415",
    });
  });

  it("take the 2025-03-05 list's VALUE as the contract value; savings and vendor are not observed", () => {
    const mapped = map(LIST_0305, "doge-contracts-2025-03-05.csv");
    expect(mapped.unobserved).toEqual([
      "recipient",
      "sourceStatus",
      "claimedSavings",
      "receiptDates",
    ]);
    expect(mapped.drafts[0]).toMatchObject({
      naturalKey: "contract:fpds:9300:93310023P0021:-:-",
      piid: "93310023P0021",
      claimedValue: "440000",
      claimDate: "2025-02-13",
      title: "EEO DEIA SUPPORT",
    });
    // An ezsearch query link names the PIID only.
    expect(mapped.drafts[1]).toMatchObject({
      naturalKey: "contract:piid:DEPARTMENT OF HEALTH AND HUMAN SERVICES:75ACF124P00006",
      claimedValue: "4228805",
    });
  });

  it("pool the 2025-03-19 grants by agency, counting a receipt seen at two scrapes once", () => {
    const mapped = map(GRANTS_0319, "grants-2025-03-19.csv.gz");
    expect(mapped.unobserved).toContain("claimedSavings");
    expect(mapped.unobserved).toContain("recipient");
    // The file accumulates scrapes: one batch per scrape, the pool as it stood at each.
    expect(mapped.batches?.map((b) => [b.seenAt, b.drafts[0]?.receiptCount])).toEqual([
      ["2025-03-05T13:32:00Z", 2],
      ["2025-03-18T22:17:00Z", 2],
    ]);
    expect(mapped.batches?.[1]?.drafts[0]).toMatchObject({
      naturalKey: "grant:pool:NONE:DEPARTMENT OF EDUCATION",
      claimedValue: "16337905",
    });
  });

  it("take DOGE's description of a grant, not the award's that repeats the column name", () => {
    const mapped = map(GRANTS_0330, "grants-2025-03-30.csv.gz");
    expect(mapped.drafts[0]).toMatchObject({
      naturalKey: "grant:award:ASST_NON_HQ00342110014_97F5",
      fain: "HQ00342110014",
      claimedSavings: "248010",
      description: expect.stringMatching(/^NATIONAL DEFENSE EDUCATION PROGRAM/),
    });
    expect(mapped.extras[0]?.description_2).toBe("THE AWARD'S OWN DESCRIPTION");
  });

  it("read February's leases with thousands separators and both date forms, repeats collapsed", () => {
    const mapped = map(LEASES_0218, "leases-2025-02-18.csv.gz");
    expect(mapped.receipts).toBe(2);
    expect(mapped.drafts.map((d) => [d.naturalKey, d.claimedSavings, d.claimedValue])).toEqual([
      ["lease:MIAMI, FL:3076", "7383", "112278"],
      ["lease:EL PASO, TX:3409", null, "75290"],
    ]);
  });

  it("load the accumulating lease captures scrape by scrape", () => {
    const mapped = map(LEASES_0603, "leases-2025-06-03.csv.gz");
    expect(mapped.format.id).toBe("leases-2025-04");
    expect(mapped.batches?.map((b) => [b.seenAt, b.drafts.map((d) => d.naturalKey)])).toEqual([
      ["2025-04-04T00:17:00Z", ["lease:IDAHO FALLS, ID:1920"]],
      ["2025-06-03T20:33:00Z", ["lease:WASHINGTON, DC:200432"]],
    ]);
  });

  it("date a file by its capture time, else by the date in its name", () => {
    expect(observedAtOf("data/archive/contracts-2025-03-31.csv.gz")).toBe("2025-03-31T02:25:00Z");
    expect(observedAtOf("leases-2025-04-12.json")).toBe("2025-04-12T00:00:00Z");
    expect(observedAtOf("doge-contracts-2025-03-05.csv")).toBe("2025-03-05T00:00:00Z");
    expect(observedAtOf("list.csv")).toBeNull();
    expect(scrapeTime("2025-04-04-0017")).toBe("2025-04-04T00:17:00Z");
    const list = prepareImport(LIST_0305, "doge-contracts-2025-03-05.csv");
    expect(list.source).toMatchObject({
      url: "https://github.com/richarddunks/doge_parser",
      retrieved_at: "2025-03-05T00:00:00Z",
    });
    expect(() => prepareImport(LIST_0305, "list.csv")).toThrow(/--observed-at/);
  });
});
