import Big from "big.js";
import type { Db } from "../../db/client.ts";
import { commissionIdBySlug, getCommission } from "../../db/queries/commissions.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import {
  type CostEstimateRow,
  costEstimatesOf,
  countOutsideAssessments,
  getOutsideAssessment,
  listOutsideAssessments,
  listOutsideAssessmentVersions,
  liveOutsideAssessments,
  type OutsideAssessmentFilters,
  type OutsideAssessmentRow,
  type OutsideAssessmentSort,
} from "../../db/queries/reviews.ts";
import { type Measures, summaryByCommission } from "../../db/queries/savings.ts";
import {
  type OutsideAssessmentRowFull,
  outsideAssessmentTable,
} from "../../db/queries/versioned.ts";
import type { outsideAssessments } from "../../db/schema/index.ts";
import { fromApi, isoTimestamp } from "../lib/serialize.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { commissionIdOf, type VersionedResource } from "./versioned.ts";

/**
 * Assessments by others and published cost estimates: the read models the API and the pages
 * share, the editors' write service, and the comparison across commissions. Every figure here is
 * its author's, shown with its date, scope and source, and none is ever added to this project's
 * totals or to an amount of another currency.
 */

export const OUTSIDE_NOTE =
  "Its author's finding, as published (see its source); not this project's, and never added to its totals.";

export const COSTS_NOTE =
  "Each cost is its estimator's figure, for its own period and scope, beside the commission's claim and this project's verified figure (taken back on the record). They measure different things over different periods: no net saving is computed from them.";

export type OutsideAssessmentRecord = {
  id: number;
  commission: string;
  commission_name: string;
  assessor: string;
  assessor_kind: OutsideAssessmentRow["assessorKind"];
  published_on: string | null;
  scope: string;
  claimed: string | null;
  claimed_basis: string | null;
  assessed_low: string | null;
  assessed_high: string | null;
  currency: string;
  finding: string;
  source: { url: string; kind: string | null };
  note: string;
  version: number;
  retracted_at: string | null;
  retraction_reason: string | null;
  created_at: string;
  updated_at: string;
};

export function outsideAssessmentRecord(r: OutsideAssessmentRow): OutsideAssessmentRecord {
  return {
    id: r.id,
    commission: r.commission,
    commission_name: r.commissionName,
    assessor: r.assessor,
    assessor_kind: r.assessorKind,
    published_on: r.publishedOn,
    scope: r.scope,
    claimed: r.claimed,
    claimed_basis: r.claimedBasis,
    assessed_low: r.assessedLow,
    assessed_high: r.assessedHigh,
    currency: r.currency,
    finding: r.finding,
    source: { url: r.sourceUrl, kind: r.sourceKind },
    note: OUTSIDE_NOTE,
    version: r.version,
    retracted_at: r.retractedAt && isoTimestamp(r.retractedAt),
    retraction_reason: r.retractionReason,
    created_at: isoTimestamp(r.createdAt),
    updated_at: isoTimestamp(r.updatedAt),
  };
}

/** How assessments by others are read as a list. */
export function outsideAssessmentListSpec(
  db: Db,
  filters: OutsideAssessmentFilters,
  sort: { name: OutsideAssessmentSort; desc: boolean },
) {
  return {
    page: (after: KeysetPosition | undefined, limit: number) =>
      listOutsideAssessments(db, { filters, sort: sort.name, desc: sort.desc, after, limit }),
    position: (row: OutsideAssessmentRow) => ({ value: row.sortValue, key: row.id }),
    record: outsideAssessmentRecord,
    total: () => countOutsideAssessments(db, filters),
  };
}

/** A commission's live assessments by others, oldest publication first (a dashboard panel). */
export async function outsideAssessmentsOf(
  db: Db,
  commission: string,
): Promise<OutsideAssessmentRecord[]> {
  const rows = await listOutsideAssessments(db, {
    filters: { commission },
    sort: "published_on",
    desc: false,
    limit: 200,
  });
  return rows.filter((r) => r.retractedAt === null).map(outsideAssessmentRecord);
}

type Body = Record<string, unknown>;
type NewOutsideAssessment = typeof outsideAssessments.$inferInsert;

/** A create body's fields as the table's columns (`source` is the URL column). */
function columnsOf(body: Body): Partial<NewOutsideAssessment> {
  const { source, reason: _reason, commission: _commission, ...rest } = body;
  return { ...fromApi(rest), sourceUrl: source } as Partial<NewOutsideAssessment>;
}

/** Editors add and retract assessments by others; each change is a version. */
export const outsideAssessmentWrites: VersionedResource<
  OutsideAssessmentRowFull,
  NewOutsideAssessment,
  Body
> = {
  table: outsideAssessmentTable,
  toInsert: async (tx, body) => ({
    ...(columnsOf(body) as Omit<NewOutsideAssessment, "commissionId">),
    commissionId: await commissionIdOf(tx, body.commission as string, commissionIdBySlug),
  }),
  read: async (db, id) => {
    const row = await getOutsideAssessment(db, id);
    return row && outsideAssessmentRecord(row);
  },
  locate: (row) => `/v1/assessments/${row.id}`,
};

// --- Costs ---------------------------------------------------------------------------------

export type CostEstimateRecord = {
  id: number;
  estimator: string;
  estimator_kind: string;
  published_on: string | null;
  cost: string;
  low: string | null;
  high: string | null;
  currency: string;
  period: string | null;
  what: string | null;
  source: { url: string; kind: string | null };
};

function costRecord(r: CostEstimateRow): CostEstimateRecord {
  return {
    id: r.id,
    estimator: r.estimator,
    estimator_kind: r.estimatorKind,
    published_on: r.publishedOn,
    cost: r.cost,
    low: r.low,
    high: r.high,
    currency: r.currency,
    period: r.period,
    what: r.what,
    source: { url: r.sourceUrl, kind: r.sourceKind },
  };
}

/**
 * A commission's claimed savings (as it published them), this project's verified figure (taken
 * back on the record), and
 * the published cost estimates, side by side, each attributed; undefined when no such
 * commission. The costs are in their own currency and never netted against the savings.
 */
export async function commissionCosts(db: Db, slug: string) {
  const commission = await getCommission(db, slug);
  if (!commission) return undefined;
  const { totals } = await summaryByCommission(db, METHODOLOGY_VERSION, { commission: slug });
  return costsBeside(db, commission, totals[0]);
}

/** The same, for a commission whose totals the caller has already summed (the dashboard). */
export async function costsBeside(
  db: Db,
  commission: { id: number; slug: string; name: string },
  t: Pick<Measures, "claimed_as_published" | "taken_back"> | undefined,
) {
  const estimates = await costEstimatesOf(db, commission.id);
  // A commission with no claims in this project (one known only from others' checks) has no
  // claimed or verified figure here: null, never a "0" that reads as nothing claimed.
  return {
    commission: commission.slug,
    claimed: t
      ? {
          amount: t.claimed_as_published,
          currency: "USD",
          by: `${commission.name}, its live claims as published`,
        }
      : null,
    verified: t
      ? {
          amount: t.taken_back,
          currency: "USD",
          by: "cutwatch, against the award records",
          methodology: `/v1/methodology (version ${METHODOLOGY_VERSION})`,
        }
      : null,
    estimates: estimates.map(costRecord),
    note: COSTS_NOTE,
  };
}

// --- Comparison across commissions ---------------------------------------------------------

/** A share of a claim as a whole-number percent ("26%"); null when it cannot be computed. */
export function percentOf(part: string | null, whole: string | null): string | null {
  if (part === null || whole === null) return null;
  const w = new Big(whole);
  if (w.lte(0)) return null;
  return `${new Big(part).div(w).times(100).round(0, Big.roundHalfUp).toString()}%`;
}

/** One check of a commission's claim, and what it found as a share of the claim it checked. */
export type ComparisonCheck = OutsideAssessmentRecord & {
  /** assessed_low / claimed and assessed_high / claimed, both in the record's one currency. */
  share_low: string | null;
  share_high: string | null;
  /** A commission's own report: no check, only its claim. */
  self_reported: boolean;
};

export type ComparisonCommission = {
  slug: string;
  name: string;
  jurisdiction: string;
  checks: ComparisonCheck[];
};

/**
 * Every commission with assessments by others, each check with its claimed figure, what it
 * found and the share: computed within one record, so amounts of two currencies never meet.
 */
export async function commissionComparison(db: Db): Promise<ComparisonCommission[]> {
  const rows = await liveOutsideAssessments(db);
  const bySlug = new Map<string, ComparisonCommission>();
  for (const row of rows) {
    const entry = bySlug.get(row.commission) ?? {
      slug: row.commission,
      name: row.commissionName,
      jurisdiction: row.commissionJurisdiction,
      checks: [],
    };
    const record = outsideAssessmentRecord(row);
    entry.checks.push({
      ...record,
      share_low: percentOf(row.assessedLow, row.claimed),
      share_high: percentOf(row.assessedHigh, row.claimed),
      self_reported: row.assessorKind === "self_reported",
    });
    bySlug.set(row.commission, entry);
  }
  return [...bySlug.values()];
}

/** One assessment by others as stored, or undefined. */
export function outsideAssessment(db: Db, id: number) {
  return getOutsideAssessment(db, id);
}

/** An assessment's history, the versioned-history endpoint's reader. */
export const outsideAssessmentVersions = listOutsideAssessmentVersions;

/**
 * The dashboard's panels: others' checks of this commission, and its costs beside the totals
 * the dashboard has already summed (passed in, so the summary is not run twice).
 */
export async function loadSecondOpinions(
  db: Db,
  commission: { id: number; slug: string; name: string },
  totals: Parameters<typeof costsBeside>[2],
) {
  return {
    checks: await outsideAssessmentsOf(db, commission.slug),
    costs: await costsBeside(db, commission, totals),
  };
}

export type SecondOpinions = Awaited<ReturnType<typeof loadSecondOpinions>>;
