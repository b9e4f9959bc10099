import * as v from "valibot";
import type { UpstreamPage } from "../staged.ts";
import { type FetchPolicy, fetchText, parseUpstream, UpstreamError } from "./http.ts";

export const MTS_PAGE_SIZE = 1000;

const Amount = v.nullable(v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/, "is not an amount")));
const NullText = v.pipe(
  v.nullish(v.string(), null),
  v.transform((s) => (s === "null" || s === "" ? null : s)),
);
/** Treasury writes "null" for a missing amount; anything else must be a decimal. */
const AmountText = v.pipe(
  v.nullish(v.string(), null),
  v.transform((s) => (s === "null" || s === "" ? null : s)),
  Amount,
);

export const MtsRowSchema = v.object({
  record_date: v.pipe(v.string(), v.isoDate()),
  classification_desc: v.string(),
  classification_id: NullText,
  parent_id: NullText,
  line_code_nbr: v.pipe(v.string(), v.regex(/^\d+$/)),
  sequence_level_nbr: NullText,
  current_month_net_outly_amt: AmountText,
  current_fytd_net_outly_amt: AmountText,
  prior_fytd_net_outly_amt: AmountText,
  record_fiscal_year: v.pipe(v.string(), v.regex(/^\d{4}$/)),
});
export type MtsRow = v.InferOutput<typeof MtsRowSchema>;

const PageSchema = v.object({
  data: v.array(v.unknown()),
  meta: v.object({
    "total-count": v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)),
    "total-pages": v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)),
  }),
});

/** One page of MTS table 5 from `from` on; rows are validated when the list is complete. */
export async function fetchMtsPage(
  base: string,
  from: string,
  page: number,
  policy: FetchPolicy,
): Promise<UpstreamPage> {
  const url = new URL("v1/accounting/mts/mts_table_5", base.endsWith("/") ? base : `${base}/`);
  url.search = new URLSearchParams({
    filter: `record_date:gte:${from}`,
    sort: "record_date,line_code_nbr",
    "page[size]": String(MTS_PAGE_SIZE),
    "page[number]": String(page),
  }).toString();
  const { data, meta } = parseUpstream(PageSchema, await fetchText(url, policy), `GET ${url}`);
  return { items: data, total: meta["total-count"], pages: meta["total-pages"] };
}

/** Validate staged rows: a bad row fails the whole list, so nothing half-checked is stored. */
export function parseMtsRows(items: unknown[]): MtsRow[] {
  return items.map((item, i) => {
    const parsed = v.safeParse(MtsRowSchema, item);
    if (!parsed.success) {
      throw new UpstreamError(`MTS table 5 row ${i + 1}: ${parsed.issues[0]?.message}`);
    }
    return parsed.output;
  });
}
