import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { commissions, type JobCounts } from "../../../db/schema/index.ts";
import type { Config } from "../../env.ts";
import { fetchAllReceipts } from "../sources/doge.ts";
import { type ReceiptKind, receiptsToDrafts } from "./receipts.ts";
import { syncProposals } from "./sync.ts";

export const DOGE_SLUG = "doge";
const KINDS: ReceiptKind[] = ["contracts", "grants", "leases"];
const PROPOSAL_KIND = { contracts: "contract", grants: "grant", leases: "lease" } as const;

/**
 * Pull every DOGE receipt list and sync it into proposals. Each list is fetched whole and
 * validated before anything is written; each is synced in its own transaction.
 */
export async function dogeReceiptsStep(db: Db, config: Config): Promise<JobCounts> {
  const [commission] = await db
    .select({ id: commissions.id })
    .from(commissions)
    .where(eq(commissions.slug, DOGE_SLUG));
  if (!commission) throw new Error(`commission "${DOGE_SLUG}" is missing: run npm run db:seed`);

  const fetched = [];
  for (const kind of KINDS) {
    const raw = await fetchAllReceipts(config.DOGE_API_URL, kind);
    fetched.push({ kind, drafts: receiptsToDrafts(kind, raw) });
  }
  const total: JobCounts = { fetched: 0, inserted: 0, changed: 0, removed: 0 };
  const seenAt = new Date().toISOString();
  for (const { kind, drafts } of fetched) {
    const counts = await syncProposals(db, {
      commissionId: commission.id,
      kind: PROPOSAL_KIND[kind],
      drafts,
      complete: true,
      seenAt,
      sources: [
        { url: new URL(`savings/${kind}`, `${config.DOGE_API_URL}/`).href, retrieved_at: seenAt },
      ],
    });
    for (const k of Object.keys(total) as (keyof JobCounts)[]) total[k] += counts[k];
  }
  return total;
}
