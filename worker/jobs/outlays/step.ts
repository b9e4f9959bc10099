import type { Db } from "../../../db/client.ts";
import { type OutlayValues, upsertOutlays } from "../../../db/queries/outlays.ts";
import { clearStaging, stagedItems } from "../../../db/queries/staging.ts";
import { noCounts, type StepContext, type StepResult } from "../run-step.ts";
import { fetchMtsPage, MTS_PAGE_SIZE, type MtsRow, parseMtsRows } from "../sources/fiscaldata.ts";
import { fetchStaged } from "../staged.ts";

/**
 * Treasury's Monthly Treasury Statement table 5 (outlays by agency), every month of the current
 * and the prior fiscal year: fetched page by page within the budget, stored in one transaction
 * once complete. Agencies are matched to the proposals' agencies through the alias table.
 */
export async function outlaysStep(db: Db, { config, policy }: StepContext): Promise<StepResult> {
  const from = priorFiscalYearStart(new Date());
  const list = `outlays:${from}`;
  const fetched = await fetchStaged(db, list, {
    label: "MTS table 5",
    pageSize: MTS_PAGE_SIZE,
    policy,
    fetchPage: (page) => fetchMtsPage(config.FISCALDATA_API_URL, from, page, policy),
  });
  const counts = { ...noCounts(), fetched: fetched.count, complete: fetched.complete };
  if (!fetched.complete) return counts;
  try {
    const rows = parseMtsRows(await stagedItems(db, list)).map(outlayValues);
    Object.assign(counts, await upsertOutlays(db, rows));
  } finally {
    await clearStaging(db, list);
  }
  return counts;
}

/** The first day of the fiscal year before the current one (US fiscal years start October 1). */
export function priorFiscalYearStart(today: Date): string {
  const currentStart =
    today.getUTCMonth() >= 9 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return `${currentStart - 1}-10-01`;
}

function outlayValues(r: MtsRow): OutlayValues {
  const month = Number(r.record_date.slice(5, 7));
  return {
    recordDate: r.record_date,
    fiscalYear: Number(r.record_fiscal_year),
    fiscalMonth: ((month + 2) % 12) + 1,
    lineCode: r.line_code_nbr,
    classificationId: r.classification_id,
    parentId: r.parent_id,
    classificationDesc: r.classification_desc,
    sequenceLevel: r.sequence_level_nbr === null ? null : Number(r.sequence_level_nbr),
    currentMonthNetOutlays: r.current_month_net_outly_amt,
    currentFytdNetOutlays: r.current_fytd_net_outly_amt,
    priorFytdNetOutlays: r.prior_fytd_net_outly_amt,
    raw: r,
  };
}
