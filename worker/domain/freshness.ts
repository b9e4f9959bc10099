import type { Db } from "../../db/client.ts";
import { type KindFreshness, listsFreshness } from "../../db/queries/source-lists.ts";

/** How fresh a commission's lists of one kind are (db/queries/source-lists.ts); null: none read. */
export async function kindFreshness(
  db: Db,
  commission: string,
  kind: string,
): Promise<KindFreshness | null> {
  return (await listsFreshness(db)).get(commission)?.find((l) => l.kind === kind) ?? null;
}
