import type { Db } from "../../db/client.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { proposalListSpec } from "./proposals.ts";

/**
 * The whole dataset as a list read in id order, keyset-paged: every claim (removed and
 * retracted ones included, flagged) with its current-methodology assessment. The streamed full
 * export and the daily snapshot both read it, so their rows and columns are the same.
 */
export function proposalExportSpec(db: Db) {
  return proposalListSpec(
    db,
    { methodologyVersion: METHODOLOGY_VERSION, removed: "any" },
    { name: "id", desc: false },
  );
}
