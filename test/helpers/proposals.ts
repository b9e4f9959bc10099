import { asc, eq } from "drizzle-orm";
import type { assessmentStatus } from "../../db/schema/enums.ts";
import { agencies, assessments, proposals } from "../../db/schema/index.ts";
import { METHODOLOGY_VERSION } from "../../worker/savings/methodology.ts";
import { makeCommission, type TestDb } from "./db.ts";

type Verdict = {
  status: (typeof assessmentStatus.enumValues)[number];
  low?: string | null;
  high?: string | null;
  potential?: string | null;
  ceilingCut?: string | null;
};
type Draft = Partial<typeof proposals.$inferInsert> & { assessment?: Verdict["status"] | Verdict };

/** A commission of the test's own holding these proposals; returns its slug and the row ids. */
export async function makeProposals(db: TestDb, drafts: Draft[]) {
  const commission = await makeCommission(db);
  const ids = await addProposals(db, commission.id, drafts);
  return { slug: commission.slug, commissionId: commission.id, ids };
}

/** Proposals added to a commission, in order, as the job or an editor would add them. */
export async function addProposals(db: TestDb, commissionId: number, drafts: Draft[]) {
  const ids: number[] = [];
  for (const { assessment, ...draft } of drafts) {
    const [row] = await db
      .insert(proposals)
      .values({
        commissionId,
        kind: "contract",
        naturalKey: `test:${crypto.randomUUID()}`,
        title: "A test proposal",
        source: "editor",
        ...draft,
      })
      .returning({ id: proposals.id });
    if (!row) throw new Error("could not insert a test proposal");
    ids.push(row.id);
    if (assessment) {
      const verdict = typeof assessment === "string" ? { status: assessment } : assessment;
      await db.insert(assessments).values({
        proposalId: row.id,
        methodologyVersion: METHODOLOGY_VERSION,
        status: verdict.status,
        claimed: draft.claimedSavings ?? null,
        verifiedLow: verdict.low === undefined ? "0" : verdict.low,
        verifiedHigh: verdict.high === undefined ? "10" : verdict.high,
        potentialAvoided: verdict.potential ?? null,
        ceilingCut: verdict.ceilingCut ?? null,
        evidence: { test: true },
      });
    }
  }
  return ids;
}

/** Two real agency codes from the seeded reference data. */
export async function twoAgencies(db: TestDb) {
  const rows = await db.select().from(agencies).orderBy(asc(agencies.code)).limit(2);
  const [first, second] = rows;
  if (!first || !second) throw new Error("the reference agencies are not seeded");
  return [first, second] as const;
}

/** A commission's proposals, by natural key: what a sync or an import left. */
export async function proposalsOf(db: TestDb, commissionId: number) {
  return db
    .select()
    .from(proposals)
    .where(eq(proposals.commissionId, commissionId))
    .orderBy(asc(proposals.naturalKey));
}
