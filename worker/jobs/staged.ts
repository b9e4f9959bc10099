import type { Db } from "../../db/client.ts";
import { clearStaging, stagedPages, stagePage } from "../../db/queries/staging.ts";
import { isoTimestamp } from "../lib/serialize.ts";
import { BudgetExhausted, type FetchPolicy, UpstreamError } from "./sources/http.ts";

/** Staged pages older than this are refetched: a list is not stitched across a day. */
const STAGING_MAX_AGE_MS = 6 * 60 * 60 * 1000;

export type UpstreamPage = { items: unknown[]; total: number; pages: number };

/**
 * Fetch the pages of a paged upstream list that are not staged yet, within the run's budget,
 * staging each validated page in Postgres. `complete` is false when the budget ran out first;
 * the next run resumes after the last staged page. A list whose announced total changes while
 * it is being fetched is dropped and started over.
 */
export async function fetchStaged(
  db: Db,
  list: string,
  opts: {
    label: string;
    pageSize: number;
    policy: FetchPolicy;
    fetchPage: (page: number) => Promise<UpstreamPage>;
  },
): Promise<{ complete: boolean; count: number }> {
  let staged = await stagedPages(db, list);
  const cutoff = Date.now() - STAGING_MAX_AGE_MS;
  if (staged.some((p) => Date.parse(isoTimestamp(p.fetchedAt)) < cutoff)) {
    await clearStaging(db, list);
    staged = [];
  }
  let total = staged[0]?.total;
  let page = (staged.at(-1)?.page ?? 0) + 1;
  let pages = total === undefined ? 1 : Math.max(1, Math.ceil(total / opts.pageSize));
  let count = 0;
  while (page <= pages) {
    if (opts.policy.budget.left === 0) return { complete: false, count };
    let fetched: UpstreamPage;
    try {
      fetched = await opts.fetchPage(page);
    } catch (err) {
      if (err instanceof BudgetExhausted) return { complete: false, count };
      throw err;
    }
    if (total !== undefined && fetched.total !== total) {
      await clearStaging(db, list);
      throw new UpstreamError(
        `${opts.label}: the list changed while it was being fetched (${total} → ${fetched.total} rows); starting over next run`,
      );
    }
    total = fetched.total;
    pages = Math.max(1, fetched.pages);
    await stagePage(db, { list, page, total, items: fetched.items });
    count += fetched.items.length;
    page += 1;
  }
  return { complete: true, count };
}
