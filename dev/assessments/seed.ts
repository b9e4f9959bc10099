import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  commissions,
  costEstimates,
  outsideAssessments,
  outsideAssessmentVersions,
} from "../../db/schema/index.ts";

const DATA = new URL("../../data/assessments/", import.meta.url);
const FILE_URL = "data/assessments/assessments.csv";
const REASON = "loaded from data/assessments/assessments.csv (compiled from public reporting)";

type CommissionReference = { slug: string; name: string; kind: string; jurisdiction: string };
type Row = Record<string, string>;

/** The file's words for an assessor's kind, as the API's values. */
const ASSESSOR_KIND = {
  press: "press",
  auditor: "auditor",
  "think tank": "think_tank",
  analyst: "analyst",
  "self-reported": "self_reported",
  "audited party": "audited_party",
} as const;

const blank = (text: string | undefined) => (text?.trim() ? text.trim() : null);

async function readCsv(file: string): Promise<Row[]> {
  return parse(await readFile(new URL(file, DATA), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];
}

/**
 * What others found when they checked a commission's claims, and what its actions were
 * estimated to cost, from data/assessments/: the earlier commissions the file names become
 * commissions (its slug, kind and jurisdiction, a name, and the file's sources: no dates or
 * charter beyond what it says), each assessment a record with its first version. Amounts are
 * loaded exactly as written, in the row's currency.
 */
export async function seedOutsideAssessments(
  db: Db,
): Promise<{ assessments: number; costs: number }> {
  const references = JSON.parse(
    await readFile(new URL("commissions.json", DATA), "utf8"),
  ) as CommissionReference[];
  const assessments = await readCsv("assessments.csv");
  const ids = new Map<string, number>();
  for (const ref of references) {
    ids.set(ref.slug, await ensureCommission(db, ref, assessments));
  }
  for (const row of assessments) {
    const commissionId =
      ids.get(row.commission ?? "") ?? (await commissionIdOf(db, row.commission));
    const kind = ASSESSOR_KIND[row.assessor_kind as keyof typeof ASSESSOR_KIND];
    if (!kind) throw new Error(`assessments.csv: unknown assessor kind "${row.assessor_kind}"`);
    const [inserted] = await db
      .insert(outsideAssessments)
      .values({
        commissionId,
        assessor: required(row, "assessor"),
        assessorKind: kind,
        publishedOn: blank(row.published_on),
        scope: required(row, "scope"),
        claimed: blank(row.claimed),
        claimedBasis: blank(row.claimed_basis),
        assessedLow: blank(row.assessed_low),
        assessedHigh: blank(row.assessed_high),
        currency: required(row, "currency"),
        finding: required(row, "finding"),
        sourceUrl: required(row, "url"),
        sourceKind: blank(row.source_kind),
      })
      .returning();
    if (!inserted) throw new Error(`could not insert the assessment by ${row.assessor}`);
    await db.insert(outsideAssessmentVersions).values({
      assessmentId: inserted.id,
      version: inserted.version,
      snapshot: inserted,
      actor: "seed",
      reason: REASON,
    });
  }
  const costs = await readCsv("costs.csv");
  for (const row of costs) {
    await db.insert(costEstimates).values({
      commissionId: await commissionIdOf(db, row.commission),
      estimator: required(row, "estimator"),
      estimatorKind: required(row, "estimator_kind"),
      publishedOn: blank(row.published_on),
      cost: required(row, "cost"),
      low: blank(row.low),
      high: blank(row.high),
      currency: required(row, "currency"),
      period: blank(row.period),
      what: blank(row.what),
      sourceUrl: required(row, "url"),
      sourceKind: blank(row.source_kind),
    });
  }
  return { assessments: assessments.length, costs: costs.length };
}

function required(row: Row, column: string): string {
  const value = blank(row[column]);
  if (value === null) throw new Error(`assessments/: a row has no ${column}`);
  return value;
}

async function commissionIdOf(db: Db, slug: string | undefined): Promise<number> {
  const [row] = await db
    .select({ id: commissions.id })
    .from(commissions)
    .where(eq(commissions.slug, slug ?? ""));
  if (!row) throw new Error(`assessments/: no commission "${slug}"`);
  return row.id;
}

/** A commission of the file, added once; its sources are the file's rows about it. */
async function ensureCommission(db: Db, ref: CommissionReference, rows: Row[]): Promise<number> {
  const [existing] = await db
    .select({ id: commissions.id })
    .from(commissions)
    .where(eq(commissions.slug, ref.slug));
  if (existing) return existing.id;
  const sources = rows
    .filter((r) => r.commission === ref.slug)
    .map((r) => ({ url: r.url ?? "", title: r.assessor ?? "", note: `cited in ${FILE_URL}` }));
  const [row] = await db
    .insert(commissions)
    .values({
      slug: ref.slug,
      name: ref.name,
      jurisdiction: `${ref.jurisdiction} (${ref.kind})`,
      sources,
    })
    .returning({ id: commissions.id });
  if (!row) throw new Error(`could not insert commission ${ref.slug}`);
  return row.id;
}
