import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";

/**
 * Assistance awards for the USAspending stand-in, from the grant list DOGE published on
 * 2025-03-30 as archived (data/archive/grants-2025-03-30.csv.gz): each receipt there carries the
 * USAspending award record its link names, flattened into columns (`recipient_recipient_name`,
 * `awarding_agency_toptier_agency_code`, `period_of_performance_start_date` …). They are put back
 * into the award endpoint's nesting (`GET /api/v2/awards/ASST_NON_…/`, as the API contract
 * awards/award_id.md documents it for assistance awards), values unchanged. The archive holds no
 * transactions of these awards: the stand-in lists none for them (see data/README.md).
 */
type Row = Record<string, string>;

export async function assistanceAwards(gzFile: string) {
  const rows = parse(gunzipSync(await readFile(gzFile)).toString("utf8"), {
    columns: (header: string[]) =>
      header.map((h, i) => (header.indexOf(h) === i ? h : `${h}_${i}`)),
    bom: true,
  }) as Row[];
  const newest = new Map<string, Row>();
  for (const row of rows) {
    const id = row.generated_unique_award_id;
    if (!id?.startsWith("ASST_")) continue;
    // The newest capture of an award wins (the file accumulates scrapes).
    const known = newest.get(id);
    if (!known || (known.dt_scrape ?? "") < (row.dt_scrape ?? "")) newest.set(id, row);
  }
  return new Map([...newest].map(([id, row]) => [id, awardOf(row)]));
}

const text = (value: string | undefined) => (value === undefined || value === "" ? null : value);

/** An amount as USAspending sends amounts: a JSON number; blank → null. */
function amount(value: string | undefined): number | null {
  const t = text(value);
  return t === null || Number.isNaN(Number(t)) ? null : Number(t);
}

function agency(row: Row, prefix: "awarding_agency" | "funding_agency") {
  const id = amount(row[`${prefix}_id`]);
  return {
    id,
    has_agency_page: row[`${prefix}_has_agency_page`] === "True",
    toptier_agency: {
      name: text(row[`${prefix}_toptier_agency_name`]),
      code: text(row[`${prefix}_toptier_agency_code`]),
      abbreviation: text(row[`${prefix}_toptier_agency_abbreviation`]),
      slug: text(row[`${prefix}_toptier_agency_slug`]),
    },
    subtier_agency: {
      name: text(row[`${prefix}_subtier_agency_name`]),
      code: text(row[`${prefix}_subtier_agency_code`]),
      abbreviation: text(row[`${prefix}_subtier_agency_abbreviation`]),
    },
    office_agency_name: text(row[`${prefix}_office_agency_name`]),
  };
}

function awardOf(row: Row): Record<string, unknown> {
  return {
    id: amount(row.id),
    generated_unique_award_id: row.generated_unique_award_id,
    fain: text(row.fain),
    uri: text(row.uri),
    piid: null,
    category: text(row.category),
    type: text(row.type),
    type_description: text(row.type_description),
    // The second `description` column is USAspending's (the first is DOGE's).
    description: text(row[Object.keys(row).find((k) => /^description_\d+$/.test(k)) ?? ""]),
    subaward_count: amount(row.subaward_count),
    total_subaward_amount: amount(row.total_subaward_amount),
    total_obligation: amount(row.total_obligation),
    base_and_all_options: amount(row.base_and_all_options),
    base_exercised_options: amount(row.base_exercised_options),
    non_federal_funding: amount(row.non_federal_funding),
    total_funding: amount(row.total_funding),
    total_outlay: amount(row.total_outlay),
    total_account_outlay: amount(row.total_account_outlay),
    total_account_obligation: amount(row.total_account_obligation),
    date_signed: text(row.date_signed),
    record_type: amount(row.record_type),
    funding_agency: agency(row, "funding_agency"),
    awarding_agency: agency(row, "awarding_agency"),
    period_of_performance: {
      start_date: text(row.period_of_performance_start_date),
      end_date: text(row.period_of_performance_end_date),
      last_modified_date: text(row.period_of_performance_last_modified_date),
    },
    recipient: {
      recipient_hash: text(row.recipient_recipient_hash),
      recipient_name: text(row.recipient_recipient_name),
      recipient_uei: text(row.recipient_recipient_uei),
      parent_recipient_name: text(row.recipient_parent_recipient_name),
      location: {
        location_country_code: text(row.recipient_location_location_country_code),
        state_code: text(row.recipient_location_state_code),
        city_name: text(row.recipient_location_city_name),
        congressional_code: text(row.recipient_location_congressional_code),
      },
    },
    place_of_performance: {
      location_country_code: text(row.place_of_performance_location_country_code),
      state_code: text(row.place_of_performance_state_code),
      city_name: text(row.place_of_performance_city_name),
      congressional_code: text(row.place_of_performance_congressional_code),
    },
    funding_opportunity: { number: text(row.funding_opportunity_number) },
  };
}
