import * as v from "valibot";
import { parseJsonKeepingNumbers } from "../../lib/json.ts";
import type { ReceiptKind } from "../doge/receipts.ts";
import { type FetchPolicy, fetchText, UpstreamError } from "./http.ts";

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
  const text = await fetchText(url, policy);
  let body: unknown;
  try {
    body = parseJsonKeepingNumbers(text);
  } catch {
    throw new UpstreamError(`GET ${url}: body is not JSON`);
  }
  const parsed = v.safeParse(pageSchema(kind), body);
  if (!parsed.success) {
    throw new UpstreamError(`GET ${url}: unexpected shape (${parsed.issues[0]?.message})`);
  }
  const items = parsed.output.result[kind] ?? [];
  const { total_results: total, pages } = parsed.output.meta;
  const expected = page < pages ? PER_PAGE : total - (pages - 1) * PER_PAGE;
  if (pages > 0 && items.length !== Math.max(0, expected)) {
    throw new UpstreamError(
      `GET ${url}: page ${page} of ${pages} holds ${items.length} receipts, ${expected} expected (of ${total})`,
    );
  }
  return { items, total, pages };
}
