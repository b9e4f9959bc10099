import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";

/**
 * A value that changes whenever anything a public list shows could have changed: the validator
 * (ETag) for responses too large to hash, like a streamed CSV export. Every write bumps
 * `updated_at` (or adds a row), the job moves `last_seen_at`, assessments carry `computed_at`.
 * One statement, answered from the tables' own maxima.
 */
export async function datasetFingerprint(db: Db): Promise<string> {
  const result = await db.execute<{ fingerprint: string }>(sql`
    select concat_ws('|',
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(max(last_seen_at)::text, '') from proposals),
      (select count(*) || ':' || coalesce(max(computed_at)::text, '') from assessments),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from members),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from commissions),
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from agencies),
      (select count(*) || ':' || coalesce(max(created_at)::text, '') from agency_aliases)
    ) as fingerprint`);
  return result.rows[0]?.fingerprint ?? "";
}
