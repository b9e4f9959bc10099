import Big from "big.js";
import {
  type ComparisonCheck,
  type ComparisonCommission,
  commissionComparison,
  type commissionCosts,
  type OutsideAssessmentRecord,
  type SecondOpinions,
} from "../domain/reviews.ts";
import { compactMoney, fullMoney } from "./format.ts";
import { EmbedPage, EmbedSnippet, Page, ScrollBox, SourceLink, TableHead } from "./layout.tsx";

/**
 * What others found, what the cuts cost, and the commissions before this one: panels of the
 * dashboard, the comparison page and its embed. Every figure here is someone else's, shown with
 * its author, date, scope and source; amounts keep their own currency.
 */

const SYMBOLS: Record<string, string> = { USD: "$", GBP: "£" };

/** "$2.00 B", "£3.50 B", or "1.20 B EUR" for a currency without a symbol here. */
export function inCurrency(amount: string | null, currency: string): string {
  if (amount === null) return "—";
  const text = compactMoney(amount);
  const symbol = SYMBOLS[currency];
  return symbol ? text.replace("$", symbol) : `${text.replace("$", "")} ${currency}`;
}

/** Another author's range (a check's finding, a cost estimate), in dollars: "$1.2B – $2B". */
function usdRange(low: string | null, high: string | null): string {
  if (low === null || low === high) return compactMoney(high);
  if (high === null || new Big(low).eq(high)) return compactMoney(low);
  return `${compactMoney(low)} – ${compactMoney(high)}`;
}

function foundText(a: {
  assessed_low: string | null;
  assessed_high: string | null;
  currency: string;
}) {
  if (a.assessed_low === null && a.assessed_high === null) return "no figure given";
  if (a.currency === "USD") return usdRange(a.assessed_low, a.assessed_high);
  const low = inCurrency(a.assessed_low, a.currency);
  const high = inCurrency(a.assessed_high, a.currency);
  return low === high ? low : `${low} – ${high}`;
}

const KIND_TEXT: Record<string, string> = {
  press: "press",
  auditor: "auditor",
  think_tank: "think tank",
  analyst: "analyst",
  self_reported: "the commission itself",
  audited_party: "the audited government",
};

export function SecondOpinionsPanel({ data, slug }: { data: SecondOpinions; slug: string }) {
  return (
    <section id="second-opinions" aria-labelledby="second-opinions-h">
      <h2 id="second-opinions-h">What others found when they checked</h2>
      <p>
        Published checks of the commission's claims, each its author's finding for the scope and
        date it names, with its source. They are not this project's figures above and are never
        added to them.
      </p>
      <ChecksTable rows={data.checks} />
      <p>
        As data: <a href={`/v1/assessments?commission=${slug}`}>JSON</a> ·{" "}
        <a href={`/v1/assessments?commission=${slug}&format=csv`}>CSV</a> · other commissions,{" "}
        <a href="/commissions/compare">compared</a>.
      </p>
      {data.costs && data.costs.estimates.length > 0 ? <CostsPanel costs={data.costs} /> : null}
    </section>
  );
}

function ChecksTable({ rows }: { rows: OutsideAssessmentRecord[] }) {
  if (rows.length === 0) return <p class="muted">No published check is recorded yet.</p>;
  return (
    <ScrollBox label="Published checks of the claims">
      <table id="outside-assessments">
        <caption>Published checks of the commission's claims, oldest first</caption>
        <TableHead
          columns={[
            "Who",
            "Published",
            "What they checked",
            { num: "Claim checked" },
            { num: "Found" },
            "Finding",
            "Source",
          ]}
        />
        <tbody>
          {rows.map((a) => (
            <tr data-assessment={a.id}>
              <td>
                {a.assessor} <span class="muted">({KIND_TEXT[a.assessor_kind]})</span>
              </td>
              <td>{a.published_on ?? "—"}</td>
              <td>{a.scope}</td>
              <td class="num" title={a.claimed ? `${a.claimed} ${a.currency}` : undefined}>
                {inCurrency(a.claimed, a.currency)}
              </td>
              <td class="num">{foundText(a)}</td>
              <td>{a.finding}</td>
              <td>
                <SourceLink url={a.source.url} text={a.source.kind ?? "source"} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

type Costs = NonNullable<Awaited<ReturnType<typeof commissionCosts>>>;

/** Claimed, verified and estimated costs side by side, each with who says so; no net figure. */
export function CostsPanel({ costs }: { costs: Costs }) {
  return (
    <>
      <h3 id="costs">What the cuts cost, by others' estimates</h3>
      <p>{costs.note}</p>
      <ScrollBox label="Claimed savings, verified savings and estimated costs">
        <table id="costs-table">
          <caption>
            Claimed savings, verified savings and estimated costs, each by its author
          </caption>
          <TableHead columns={["Figure", "By", "Period", { num: "Amount" }, "Source"]} />
          <tbody>
            {costs.claimed ? (
              <tr data-figure="claimed">
                <td>Savings claimed</td>
                <td>{costs.claimed.by}</td>
                <td>—</td>
                <td class="num" title={fullMoney(costs.claimed.amount)}>
                  {compactMoney(costs.claimed.amount)}
                </td>
                <td>
                  <a href={`/v1/savings/summary?commission=${costs.commission}`}>its lists</a>
                </td>
              </tr>
            ) : null}
            {costs.verified ? (
              <tr data-figure="verified">
                <td>Savings taken back on the record (verified)</td>
                <td>{costs.verified.by}</td>
                <td>—</td>
                <td class="num">{fullMoney(costs.verified.amount)}</td>
                <td>
                  <a href="/v1/methodology">methodology</a>
                </td>
              </tr>
            ) : null}
            {costs.estimates.map((e) => (
              <tr data-figure="cost" data-estimate={e.id}>
                <td>Cost: {e.cost}</td>
                <td>
                  {e.estimator}{" "}
                  <span class="muted">
                    ({e.estimator_kind}, {e.published_on ?? "undated"})
                  </span>
                </td>
                <td>{e.period ?? "—"}</td>
                <td class="num" title={e.what ?? undefined}>
                  {e.currency === "USD"
                    ? usdRange(e.low, e.high)
                    : `${inCurrency(e.low, e.currency)} – ${inCurrency(e.high, e.currency)}`}
                </td>
                <td>
                  <SourceLink url={e.source.url} text={e.source.kind ?? "source"} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}

// --- The comparison across commissions -------------------------------------------------------

export const loadComparison = commissionComparison;

function shareText(c: ComparisonCheck): string {
  if (c.self_reported) return "its own claim; no independent check";
  if (c.share_low === null && c.share_high === null) return "no share: the check gives no figure";
  if (c.share_low === c.share_high || c.share_high === null) return `${c.share_low}`;
  if (c.share_low === null) return `up to ${c.share_high}`;
  return `${c.share_low} – ${c.share_high}`;
}

function ComparisonTable({ commissions }: { commissions: ComparisonCommission[] }) {
  return (
    <ScrollBox label="Commissions' claims beside what checks found">
      <table id="commission-comparison">
        <caption>
          Each commission's claim as a check scoped it, beside what the check found, as a share of
          that claim; amounts in the check's own currency
        </caption>
        <TableHead
          columns={[
            "Commission",
            "Checked by",
            "Published",
            { num: "Claim checked" },
            { num: "Found" },
            { num: "Share" },
            "Source",
          ]}
        />
        <tbody>
          {commissions.flatMap((commission) =>
            commission.checks.map((c, i) => (
              <tr
                data-commission={commission.slug}
                data-assessment={c.id}
                data-source={c.source.url}
              >
                <td>
                  {i === 0 ? (
                    <>
                      <strong>{commission.name}</strong>{" "}
                      <span class="muted">({commission.jurisdiction})</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {c.assessor} <span class="muted">({KIND_TEXT[c.assessor_kind]})</span>
                </td>
                <td>{c.published_on ?? "—"}</td>
                <td class="num" title={c.claimed_basis ?? undefined}>
                  {inCurrency(c.claimed, c.currency)}
                </td>
                <td class="num">{foundText(c)}</td>
                <td
                  class="num"
                  data-share-low={c.share_low ?? ""}
                  data-share-high={c.share_high ?? ""}
                >
                  {shareText(c)}
                </td>
                <td>
                  <SourceLink url={c.source.url} text={c.source.kind ?? "source"} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </ScrollBox>
  );
}

const COMPARISON_LEDE =
  "What each commission claimed, as an auditor or a newsroom scoped it, beside what that check later found. A share is the check's finding divided by the claim it checked, both from the same publication and in its currency: pounds and dollars are never added or compared. The scopes differ (one list, one set of recommendations, a programme's reported gains), so the shares are each its author's, not a ranking.";

export function ComparisonPage({
  commissions,
  origin,
}: {
  commissions: ComparisonCommission[];
  origin: string;
}) {
  return (
    <Page
      title="Spending-cut commissions compared"
      description="Each commission's claimed savings beside what auditors and checkers later found."
    >
      <h1>Spending-cut commissions: the claim and what checks found</h1>
      <p class="lede">{COMPARISON_LEDE}</p>
      <ComparisonTable commissions={commissions} />
      <p>
        As data: <a href="/v1/assessments/comparison">JSON</a> · every check with its finding:{" "}
        <a href="/v1/assessments">/v1/assessments</a>
      </p>
      <EmbedSnippet
        id="embed-comparison"
        title="Embed this comparison"
        code={`<iframe src="${origin}/embed/commissions" title="Spending-cut commissions: the claim and what checks found" width="640" height="480" style="border:0"></iframe>`}
      />
    </Page>
  );
}

export function ComparisonEmbed({
  commissions,
  origin,
}: {
  commissions: ComparisonCommission[];
  origin: string;
}) {
  return (
    <EmbedPage title="Spending-cut commissions: the claim and what checks found">
      <ComparisonTable commissions={commissions} />
      <p class="source">
        <a href={`${origin}/commissions/compare`} target="_blank" rel="noopener">
          Sources and how to read it, on cutwatch
        </a>
      </p>
    </EmbedPage>
  );
}
