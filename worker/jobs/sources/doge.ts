import * as v from "valibot";
import { parseJsonKeepingNumbers } from "../../lib/json.ts";
import type { ReceiptKind } from "../doge/receipts.ts";

/** The DOGE API's page size limit. */
const PER_PAGE = 500;
const TIMEOUT_MS = 20_000;

const Count = v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number));

const pageSchema = (kind: ReceiptKind) =>
  v.object({
    success: v.literal(true),
    result: v.object({ [kind]: v.array(v.unknown()) }),
    meta: v.object({ total_results: Count, pages: Count }),
  });

export class UpstreamError extends Error {}

/**
 * Every receipt of one kind, all pages, or an UpstreamError: a failed, malformed or truncated
 * fetch never yields a partial list (a partial list would mark the rest as removed).
 */
export async function fetchAllReceipts(baseUrl: string, kind: ReceiptKind): Promise<unknown[]> {
  const all: unknown[] = [];
  let expected = 0;
  for (let page = 1, pages = 1; page <= pages; page++) {
    const url = new URL(`savings/${kind}`, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
    url.search = new URLSearchParams({
      page: String(page),
      per_page: String(PER_PAGE),
      sort_by: "date",
      sort_order: "asc",
    }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((err) => {
      throw new UpstreamError(`GET ${url}: ${(err as Error).message}`);
    });
    const text = await res.text();
    if (!res.ok) throw new UpstreamError(`GET ${url}: HTTP ${res.status}`);
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
    const { result, meta } = parsed.output;
    all.push(...(result[kind] ?? []));
    pages = meta.pages;
    expected = meta.total_results;
  }
  if (all.length !== expected) {
    throw new UpstreamError(`${kind}: got ${all.length} receipts, the API announced ${expected}`);
  }
  return all;
}
