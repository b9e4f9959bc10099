import { and, asc, desc, eq, exists, sql } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { agencies, caseAgencies, cases, commissions } from "../schema/index.ts";
import { commissionNamed } from "./commissions.ts";

export type NewCase = Omit<typeof cases.$inferInsert, "id" | "createdAt"> & {
  agencies: { agencyId: string; agencyCode: string | null }[];
};

/** Store cases and the agencies they name; a docket already stored is left as it was. */
export async function saveCases(db: Db | Tx, list: NewCase[]): Promise<number> {
  let stored = 0;
  for (const { agencies: named, ...values } of list) {
    const [row] = await db.insert(cases).values(values).onConflictDoNothing().returning();
    if (!row) continue;
    stored++;
    if (named.length) {
      await db
        .insert(caseAgencies)
        .values(named.map((n) => ({ caseId: row.id, ...n })))
        .onConflictDoNothing();
    }
  }
  return stored;
}

export type CaseFilters = { commission?: string | undefined; agency?: string | undefined };

/** Cases, newest filing first, each with the agencies it names. */
export async function listCases(db: Db, filters: CaseFilters) {
  const rows = await db
    .select({
      id: cases.id,
      commission: commissions.slug,
      docket: cases.docket,
      name: cases.name,
      description: cases.description,
      filedOn: cases.filedOn,
      status: cases.status,
      url: cases.url,
      sources: cases.sources,
      agencies: sql<
        { agency_id: string; agency_code: string | null; agency_name: string | null }[]
      >`(
        select coalesce(jsonb_agg(jsonb_build_object('agency_id', ca.agency_id,
          'agency_code', ca.agency_code, 'agency_name', a.name) order by ca.agency_id), '[]')
        from ${caseAgencies} ca left join ${agencies} a on a.code = ca.agency_code
        where ca.case_id = ${cases.id})`,
    })
    .from(cases)
    .innerJoin(commissions, eq(commissions.id, cases.commissionId))
    .where(
      and(
        filters.commission ? commissionNamed(filters.commission) : undefined,
        filters.agency
          ? exists(
              db
                .select({ one: sql`1` })
                .from(caseAgencies)
                .where(
                  and(
                    eq(caseAgencies.caseId, cases.id),
                    eq(caseAgencies.agencyCode, filters.agency),
                  ),
                ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(cases.filedOn), asc(cases.docket));
  return rows;
}

export type CaseRow = Awaited<ReturnType<typeof listCases>>[number];
