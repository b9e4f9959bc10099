import type { Db } from "../../../db/client.ts";
import { countListed } from "../../../db/queries/proposal-sync.ts";
import type { ProposalDraft } from "../../domain/draft.ts";
import { UpstreamError } from "../sources/http.ts";

/** A complete list refused for being far shorter than the one on record. */
export class ShrinkError extends UpstreamError {}

/**
 * A complete list far shorter than what is on record is more likely an upstream fault (or a
 * truncated file) than mass deletion: refuse it rather than mark thousands of receipts removed.
 * The job and the importer both sync through this; `override` tells the reader how to accept
 * a shrink that is real.
 */
export async function refuseSuddenShrink(
  db: Db,
  list: { commissionId: number; kind: ProposalDraft["kind"]; incoming: number },
  maxShrink: number,
  override: string,
) {
  const { commissionId, kind, incoming } = list;
  const present = await countListed(db, { commissionId, kind });
  if (present > 0 && incoming < present * (1 - maxShrink)) {
    throw new ShrinkError(
      `${kind}s: the list shrank from ${present} to ${incoming} entries at once (more than ${Math.round(maxShrink * 100)}%); refusing it. ${override}`,
    );
  }
}
