import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { agencyAliases, proposals } from "../schema/index.ts";

/**
 * Set each proposal's agency from the alias table, matching names the way normalizeName does
 * (upper-case, single spaces). Names with no alias keep a null code and stay listed as unmatched.
 */
export async function assignAgencyCodes(db: Db, commissionId: number): Promise<number> {
  const normalized = sql`upper(btrim(regexp_replace(${proposals.agencyName}, '\\s+', ' ', 'g')))`;
  const result = await db
    .update(proposals)
    .set({ agencyCode: agencyAliases.agencyCode })
    .from(agencyAliases)
    .where(
      and(
        eq(proposals.commissionId, commissionId),
        eq(agencyAliases.normalized, normalized),
        sql`${proposals.agencyCode} is distinct from ${agencyAliases.agencyCode}`,
      ),
    );
  return result.rowCount ?? 0;
}
