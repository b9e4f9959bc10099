import * as v from "valibot";
import type { ReceiptKind } from "../doge/receipts.ts";
import { type FetchPolicy, fetchText, parseUpstream, UpstreamError } from "./http.ts";

/** The DOGE API's page size limit. */
export const PER_PAGE = 500;

const Count = v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number));

const pageSchema = (kind: ReceiptKind) =>
  v.object({
    success: v.literal(true),
    result: v.object({ [kind]: v.array(v.unknown()) }),
    meta: v.object({ total_results: Count, pages: Count }),
  });

export type ReceiptPage = { items: unknown[]; total: number; pages: number };

/**
 * One page of a DOGE receipt list, validated: a body that is not JSON, not the API's envelope,
 * or a page shorter than the announced total implies is an UpstreamError.
 */
export async function fetchReceiptPage(
  baseUrl: string,
  kind: ReceiptKind,
  page: number,
  policy: FetchPolicy,
): Promise<ReceiptPage> {
  const url = new URL(`savings/${kind}`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  url.search = new URLSearchParams({
    page: String(page),
    per_page: String(PER_PAGE),
    sort_by: "date",
    sort_order: "asc",
  }).toString();
  const body = parseUpstream(pageSchema(kind), await fetchText(url, policy), `GET ${url}`);
  const items = body.result[kind] ?? [];
  const { total_results: total, pages } = body.meta;
  const expected = page < pages ? PER_PAGE : total - (pages - 1) * PER_PAGE;
  if (pages > 0 && items.length !== Math.max(0, expected)) {
    throw new UpstreamError(
      `GET ${url}: page ${page} of ${pages} holds ${items.length} receipts, ${expected} expected (of ${total})`,
    );
  }
  return { items, total, pages };
}
