import { and, asc, count, eq, getTableColumns, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import {
  commissions,
  costEstimates,
  outsideAssessments,
  outsideAssessmentVersions,
} from "../schema/index.ts";
import { commissionNamed } from "./commissions.ts";
import { type KeysetPosition, keyset, sortValueOf } from "./keyset.ts";

/**
 * Assessments by others (what newsrooms, auditors and analysts found when they checked a
 * commission's claims) and published cost estimates: read as they were published, each row
 * its author's, never summed with this project's figures.
 */

const { commissionId: _commissionId, ...columns } = getTableColumns(outsideAssessments);

export const OUTSIDE_ASSESSMENT_SORTS = {
  id: null,
  published_on: outsideAssessments.publishedOn,
} as const;
export type OutsideAssessmentSort = keyof typeof OUTSIDE_ASSESSMENT_SORTS;

const selection = (sortColumn: (typeof OUTSIDE_ASSESSMENT_SORTS)[OutsideAssessmentSort]) => ({
  ...columns,
  commission: commissions.slug,
  commissionName: commissions.name,
  commissionJurisdiction: commissions.jurisdiction,
  sortValue: sortValueOf(sortColumn),
});

export type OutsideAssessmentRow = Awaited<ReturnType<typeof listOutsideAssessments>>[number];
export type OutsideAssessmentFilters = {
  commission?: string | undefined;
  assessorKind?: (typeof outsideAssessments.$inferSelect)["assessorKind"] | undefined;
};

function filtered(filters: OutsideAssessmentFilters) {
  return and(
    filters.commission ? commissionNamed(filters.commission) : undefined,
    filters.assessorKind ? eq(outsideAssessments.assessorKind, filters.assessorKind) : undefined,
  );
}

export async function listOutsideAssessments(
  db: Db,
  opts: {
    filters: OutsideAssessmentFilters;
    sort: OutsideAssessmentSort;
    desc: boolean;
    after?: KeysetPosition | undefined;
    limit: number;
  },
) {
  const sortColumn = OUTSIDE_ASSESSMENT_SORTS[opts.sort];
  const page = keyset(
    { column: sortColumn, key: outsideAssessments.id, desc: opts.desc },
    opts.after,
  );
  return db
    .select(selection(sortColumn))
    .from(outsideAssessments)
    .innerJoin(commissions, eq(commissions.id, outsideAssessments.commissionId))
    .where(and(filtered(opts.filters), page.where))
    .orderBy(...page.orderBy)
    .limit(opts.limit);
}

export async function countOutsideAssessments(
  db: Db,
  filters: OutsideAssessmentFilters,
): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(outsideAssessments)
    .innerJoin(commissions, eq(commissions.id, outsideAssessments.commissionId))
    .where(filtered(filters));
  return row?.total ?? 0;
}

export async function getOutsideAssessment(
  db: Db | Tx,
  id: number,
): Promise<OutsideAssessmentRow | undefined> {
  const [row] = await db
    .select(selection(null))
    .from(outsideAssessments)
    .innerJoin(commissions, eq(commissions.id, outsideAssessments.commissionId))
    .where(eq(outsideAssessments.id, id));
  return row;
}

/**
 * Every live assessment by others with its commission, commissions in the order they were
 * added and each one's assessments oldest first: what the comparison page sets side by side.
 */
export async function liveOutsideAssessments(db: Db): Promise<OutsideAssessmentRow[]> {
  return db
    .select(selection(null))
    .from(outsideAssessments)
    .innerJoin(commissions, eq(commissions.id, outsideAssessments.commissionId))
    .where(and(isNull(outsideAssessments.retractedAt), isNull(commissions.retractedAt)))
    .orderBy(asc(commissions.id), asc(outsideAssessments.publishedOn), asc(outsideAssessments.id));
}

/** An assessment's versions, oldest first, after a version (keyset). */
export function listOutsideAssessmentVersions(
  db: Db,
  opts: { id: number; after?: number | undefined; limit: number },
) {
  const t = outsideAssessmentVersions;
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.assessmentId, opts.id),
        opts.after === undefined ? undefined : gt(t.version, opts.after),
      ),
    )
    .orderBy(asc(t.version))
    .limit(opts.limit);
}

export type CostEstimateRow = typeof costEstimates.$inferSelect;

/** The published cost estimates for a commission, oldest publication first. */
export async function costEstimatesOf(db: Db, commissionId: number): Promise<CostEstimateRow[]> {
  return db
    .select()
    .from(costEstimates)
    .where(eq(costEstimates.commissionId, commissionId))
    .orderBy(asc(costEstimates.publishedOn), asc(costEstimates.id));
}
