import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { agencyOutlays } from "../schema/index.ts";

export type OutlayValues = Omit<
  typeof agencyOutlays.$inferInsert,
  "id" | "fetchedAt" | "agencyCode"
>;

const BATCH = 500;

/**
 * Store a complete MTS table 5 fetch in one transaction: each (record date, line) upserted, its
 * agency matched through the alias table the way proposals are (upper-case, single spaces).
 */
export async function upsertOutlays(
  db: Db,
  rows: OutlayValues[],
): Promise<{ inserted: number; changed: number }> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    let changed = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const result = await tx.execute<{ inserted: boolean }>(sql`
        insert into ${agencyOutlays} (record_date, fiscal_year, fiscal_month, line_code,
          classification_id, parent_id, classification_desc, sequence_level, agency_code,
          current_month_net_outlays, current_fytd_net_outlays, prior_fytd_net_outlays, fetched_at, raw)
        select r.record_date, r.fiscal_year, r.fiscal_month, r.line_code, r.classification_id,
          r.parent_id, r.classification_desc, r.sequence_level,
          (select agency_code from agency_aliases
            where normalized = upper(btrim(regexp_replace(r.classification_desc, '\\s+', ' ', 'g')))),
          r.current_month_net_outlays, r.current_fytd_net_outlays, r.prior_fytd_net_outlays, now(), r.raw
        from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + BATCH).map(snakeCase))}::jsonb) as r(
          record_date date, fiscal_year int, fiscal_month int, line_code text, classification_id text,
          parent_id text, classification_desc text, sequence_level int,
          current_month_net_outlays numeric, current_fytd_net_outlays numeric,
          prior_fytd_net_outlays numeric, raw jsonb)
        on conflict (record_date, line_code) do update set
          classification_desc = excluded.classification_desc, agency_code = excluded.agency_code,
          current_month_net_outlays = excluded.current_month_net_outlays,
          current_fytd_net_outlays = excluded.current_fytd_net_outlays,
          prior_fytd_net_outlays = excluded.prior_fytd_net_outlays,
          fetched_at = excluded.fetched_at, raw = excluded.raw
        returning (xmax = 0) as inserted`);
      for (const r of result.rows) r.inserted ? inserted++ : changed++;
    }
    return { inserted, changed };
  });
}

function snakeCase(row: OutlayValues): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, val]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), val]),
  );
}
