import Big from "big.js";
import type { Measures } from "../../db/queries/savings.ts";
import { STATUSES_V3 } from "../savings/assess-v3.ts";
import { NOT_ASSESSED_MEANING, STATUS_MEANING } from "../savings/statuses.ts";
import { type ChartRow, SavingsCharts, SavingsTable } from "./charts.tsx";
import { compactMoney, fullMoney, share } from "./format.ts";
import { ScrollBox, TableHead } from "./layout.tsx";

/**
 * The headline figures, each with its exact amount underneath (methodology 3). First how much of
 * the claim was checked at all; then the one verified figure, money taken back on the record;
 * apart from it, what the records do not rule out (never called verified), and the claims the
 * records contradict, which add to neither.
 */
export function Totals({ totals }: { totals: Measures }) {
  // data-amount carries the exact decimals for scripts and tests.
  const checkedShare = share(totals.claimed_checkable, totals.claimed);
  const takenBackShare = share(totals.taken_back, totals.claimed);
  const unknownPayments = share(totals.not_ruled_out_payments_unknown, totals.not_ruled_out);
  return (
    <ul class="totals" aria-label="Totals">
      <li class="claimed-mark" data-total="claimed" data-amount={totals.claimed}>
        <span class="label">Claimed savings</span>
        <span class="value">{compactMoney(totals.claimed)}</span>
        <span class="note">
          {fullMoney(totals.claimed)} over {totals.claims.toLocaleString("en-US")} live claims
          {totals.claimed !== totals.claimed_as_published
            ? `; ${fullMoney(totals.claimed_as_published)} as published, counting claims of the same award twice`
            : ""}
        </span>
      </li>
      <li data-total="checkable" data-amount={totals.claimed_checkable}>
        <span class="label">Checked against an award record</span>
        <span class="value">{compactMoney(totals.claimed_checkable)}</span>
        <span class="note">
          {fullMoney(totals.claimed_checkable)}
          {checkedShare ? `, ${checkedShare} of what is claimed` : ""};{" "}
          {fullMoney(totals.claimed_not_yet_checked)} names a PIID, FAIN or recipient not yet
          searched; {fullMoney(totals.claimed_unverifiable)} names nothing to search by
        </span>
      </li>
      <li class="verified-mark" data-total="taken-back" data-amount={totals.taken_back}>
        <span class="label">Taken back on the record (verified)</span>
        <span class="value">{compactMoney(totals.taken_back)}</span>
        <span class="note">
          {fullMoney(totals.taken_back)}
          {takenBackShare ? `, ${takenBackShare} of what is claimed` : ""}: the only verified figure
        </span>
      </li>
      <li
        data-total="not-ruled-out"
        data-amount={totals.not_ruled_out}
        data-payments-unknown={totals.not_ruled_out_payments_unknown}
      >
        <span class="label">Not ruled out by the records</span>
        <span class="value">{compactMoney(totals.not_ruled_out)}</span>
        <span class="note">
          not verified: what the records of the claims they do not contradict still allow
          {unknownPayments
            ? `; the records give no payments for ${unknownPayments} of it, which may be paid already`
            : ""}
        </span>
      </li>
      <li
        data-total="contradicted"
        data-amount={totals.claimed_contradicted}
        data-claims={totals.contradicted}
      >
        <span class="label">Contradicted by the records</span>
        <span class="value">{compactMoney(totals.claimed_contradicted)}</span>
        <span class="note">
          claimed by {totals.contradicted.toLocaleString("en-US")} claims above what their records
          allow ({fullMoney(totals.contradicted_record_allows)}): counted in neither figure
        </span>
      </li>
      <li
        data-total="record-predates-claim"
        data-amount={totals.claimed_record_predates_claim}
        data-claims={totals.record_predates_claim}
      >
        <span class="label">Judged on a record older than the claim</span>
        <span class="value">{totals.record_predates_claim.toLocaleString("en-US")}</span>
        <span class="note">
          claims ({fullMoney(totals.claimed_record_predates_claim)} claimed) whose newest record
          predates the claim, so it cannot show the claimed cut
        </span>
      </li>
      <li>
        <span class="label">Not yet checked</span>
        <span class="value">{totals.not_assessed.toLocaleString("en-US")}</span>
        <span class="note">
          claims ({fullMoney(totals.claimed_not_assessed)} claimed) whose award record has not been
          fetched: no verdict
        </span>
      </li>
      <li>
        <span class="label">Ceiling cuts on record</span>
        <span class="value">{compactMoney(totals.ceiling_cut)}</span>
        <span class="note">the commission's own measure, never counted as verified</span>
      </li>
      <li>
        <span class="label">Unexercised options</span>
        <span class="value">{compactMoney(totals.potential_avoided)}</span>
        <span class="note">reported apart: never counted as savings</span>
      </li>
    </ul>
  );
}

/** The headings of `MeasureCells`, in its order. */
export const MEASURE_HEADINGS = [
  { num: "Claimed" },
  { num: "Checked" },
  { num: "Taken back (verified)" },
  { num: "Not ruled out (not verified)" },
  { num: "Contradicted" },
];

/**
 * A rollup row's figures as table cells, coverage first: a row with nothing checked reads "not
 * checked" in every figure the records would give, never "$0" or "0%" (which read as refuted).
 */
export function MeasureCells({ m }: { m: Measures }) {
  const unchecked = new Big(m.claimed_checkable).eq(0);
  const ofClaimed = (part: string) => {
    const s = share(part, m.claimed);
    return s ? ` (${s})` : "";
  };
  const orNotChecked = (text: string) => (unchecked ? "not checked" : text);
  return (
    <>
      <td class="num" title={fullMoney(m.claimed)}>
        {compactMoney(m.claimed)}
      </td>
      <td class="num" data-amount={m.claimed_checkable} title={fullMoney(m.claimed_checkable)}>
        {orNotChecked(`${compactMoney(m.claimed_checkable)}${ofClaimed(m.claimed_checkable)}`)}
      </td>
      <td class="num" data-amount={m.taken_back} title={fullMoney(m.taken_back)}>
        {orNotChecked(`${compactMoney(m.taken_back)}${ofClaimed(m.taken_back)}`)}
      </td>
      <td class="num" data-amount={m.not_ruled_out} title={fullMoney(m.not_ruled_out)}>
        {orNotChecked(compactMoney(m.not_ruled_out))}
      </td>
      <td
        class="num"
        data-amount={m.claimed_contradicted}
        title={fullMoney(m.claimed_contradicted)}
      >
        {orNotChecked(compactMoney(m.claimed_contradicted))}
      </td>
    </>
  );
}

/** Claims and dollars under each verdict, each verdict in its one sentence. */
export function StatusTable({
  rows,
}: {
  rows: { status: string; claims: number; claimed: string }[];
}) {
  if (rows.length === 0) return null;
  // In the order METHODOLOGY.md defines them, claims not checked yet last.
  const order = (status: string) => {
    const at = (STATUSES_V3 as readonly string[]).indexOf(status);
    return at === -1 ? STATUSES_V3.length : at;
  };
  const sorted = [...rows].sort((a, b) => order(a.status) - order(b.status));
  return (
    <ScrollBox label="Claims and claimed dollars by verdict">
      <table id="by-status" class="explained">
        <caption>Claims and claimed dollars by verdict</caption>
        <TableHead columns={["Verdict", { num: "Claims" }, { num: "Claimed" }, "What it means"]} />
        <tbody>
          {sorted.map((r) => (
            <tr data-status={r.status} data-claims={r.claims} data-amount={r.claimed}>
              <td>
                <span class="badge">{r.status}</span>
              </td>
              <td class="num">{r.claims.toLocaleString("en-US")}</td>
              <td class="num" title={fullMoney(r.claimed)}>
                {compactMoney(r.claimed)}
              </td>
              <td class="explain">{statusMeaning(r.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

const statusMeaning = (status: string) =>
  status === "not_assessed"
    ? NOT_ASSESSED_MEANING
    : (STATUS_MEANING[status as keyof typeof STATUS_MEANING] ?? "");

/** The chart (wide and narrow, CSS shows one) and, under it, the same numbers as a table. */
export function ChartWithTable(props: {
  id: string;
  title: string;
  /** What a row is: the first column's heading ("Agency", "Month of claim"). */
  rowsAre: string;
  rows: ChartRow[];
}) {
  if (props.rows.length === 0) return <p class="muted">No claims to chart yet.</p>;
  return (
    <figure>
      <SavingsCharts id={props.id} title={props.title} rows={props.rows} />
      <figcaption>
        <details>
          <summary>The chart's numbers as a table</summary>
          <SavingsTable caption={props.title} rowsAre={props.rowsAre} rows={props.rows} />
        </details>
      </figcaption>
    </figure>
  );
}

export const EMPTY_MEASURES: Measures = {
  claims: 0,
  receipts: 0,
  claimed_as_published: "0",
  claimed: "0",
  claimed_checkable: "0",
  claimed_unverifiable: "0",
  verified_low: "0",
  verified_high: "0",
  taken_back: "0",
  not_ruled_out: "0",
  not_ruled_out_payments_unknown: "0",
  contradicted: 0,
  claimed_contradicted: "0",
  contradicted_record_allows: "0",
  claimed_not_yet_checked: "0",
  record_predates_claim: 0,
  claimed_record_predates_claim: "0",
  potential_avoided: "0",
  ceiling_cut: "0",
  not_assessed: 0,
  claimed_not_assessed: "0",
};

/** The newest time any step of the job succeeded: when the data was last brought up to date. */
export const latestRefresh = (fresh: Record<string, string | null>) =>
  Object.values(fresh)
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1) ?? null;
