import type { Db } from "../../../db/client.ts";
import { assignAgencyCodes, SOURCE_MATCH } from "../../../db/queries/agencies.ts";
import { commissionIdBySlug } from "../../../db/queries/commissions.ts";
import { clearCursor } from "../../../db/queries/job-cursors.ts";
import { clearStaging, stagedItems } from "../../../db/queries/staging.ts";
import { noCounts, type StepContext, type StepResult } from "../run-step.ts";
import { fetchReceiptPage, PER_PAGE } from "../sources/doge.ts";
import { fetchStaged } from "../staged.ts";
import { type ReceiptKind, receiptsToDrafts } from "./receipts.ts";
import { refuseSuddenShrink } from "./shrink.ts";
import { syncProposals } from "./sync.ts";

const KINDS: ReceiptKind[] = ["contracts", "grants", "leases"];
const PROPOSAL_KIND = { contracts: "contract", grants: "grant", leases: "lease" } as const;

/**
 * Pull the DOGE receipt lists, page by page within the run's subrequest budget. Pages are
 * staged in Postgres and the next run resumes after the last one; once every list is fetched
 * whole, each with the same announced total on every page, they are validated and synced
 * together in one transaction.
 */
export async function dogeReceiptsStep(
  db: Db,
  { config, policy }: StepContext,
): Promise<StepResult> {
  const commissionId = await commissionIdBySlug(db, config.DOGE_COMMISSION);
  if (commissionId === undefined)
    throw new Error(`commission "${config.DOGE_COMMISSION}" is missing: run npm run db:seed`);

  const total = noCounts();
  const step = `doge-receipts:${commissionId}`;
  const listOf = (kind: ReceiptKind) => `${step}:${kind}`;
  // Every list is staged whole (across runs if the budget is short) before any is synced.
  for (const kind of KINDS) {
    const fetched = await fetchStaged(db, listOf(kind), {
      label: kind,
      pageSize: PER_PAGE,
      policy,
      fetchPage: (page) => fetchReceiptPage(config.DOGE_API_URL, kind, page, policy),
    });
    total.fetched += fetched.count;
    if (!fetched.complete) return { ...total, complete: false };
  }
  // Then all of them in one transaction: a run that fails on any list (a refused shrink, a
  // receipt that does not validate) leaves every list as it was, not the first ones synced.
  try {
    await db.transaction(async (tx) => {
      const seenAt = new Date().toISOString();
      for (const kind of KINDS) {
        const drafts = receiptsToDrafts(kind, await stagedItems(tx, listOf(kind)));
        await refuseSuddenShrink(
          tx,
          { commissionId, kind: PROPOSAL_KIND[kind], incoming: drafts.length },
          config.JOB_MAX_SHRINK,
          "Raise JOB_MAX_SHRINK if this is real.",
        );
        const counts = await syncProposals(tx, {
          commissionId: commissionId,
          kind: PROPOSAL_KIND[kind],
          drafts,
          complete: true,
          seenAt,
          sources: [
            {
              url: new URL(`savings/${kind}`, `${config.DOGE_API_URL}/`).href,
              retrieved_at: seenAt,
            },
          ],
        });
        total.inserted += counts.inserted;
        total.changed += counts.changed;
        total.removed += counts.removed;
      }
      // The sync matched its new and renamed claims to agencies. Any other claim still
      // unmatched that the rules now place (a rule added since) is matched here, a version each.
      await assignAgencyCodes(tx, { commissionId }, { ...SOURCE_MATCH, observedAt: seenAt });
    });
  } finally {
    // Synced or refused, the next run starts every list from its first page.
    for (const kind of KINDS) await clearStaging(db, listOf(kind));
  }
  // Runs of the version that synced list by list kept a cursor of the lists done.
  await clearCursor(db, step);
  return total;
}
