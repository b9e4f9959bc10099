import type { EmbedData } from "../domain/embeds.ts";
import { chartRowOf } from "./chart-rows.ts";
import { SavingsCharts } from "./charts.tsx";
import { compactMoney, share, utcTime } from "./format.ts";
import { EmbedPage } from "./layout.tsx";
import { EMPTY_MEASURES, latestRefresh } from "./summary.tsx";

/** A small widget of claimed against the records, linking back to the full page. */
export function TotalsEmbed({ data, origin }: { data: EmbedData; origin: string }) {
  const t = data.totals ?? EMPTY_MEASURES;
  const chart = [chartRowOf("All live claims", t)];
  const checked = share(t.claimed_checkable, t.claimed);
  return (
    <EmbedPage title={`${data.title}: claimed against the records`}>
      <p>
        <strong>{data.title}</strong>
      </p>
      <p data-total="claimed" data-amount={t.claimed}>
        Claimed: <strong>{compactMoney(t.claimed)}</strong> in {t.claims.toLocaleString("en-US")}{" "}
        claims
      </p>
      <p data-total="checkable" data-amount={t.claimed_checkable}>
        Checked against an award record: <strong>{compactMoney(t.claimed_checkable)}</strong>
        {checked ? ` (${checked} of the claimed dollars)` : ""};{" "}
        {compactMoney(t.claimed_not_yet_checked)} not yet searched;{" "}
        {compactMoney(t.claimed_unverifiable)} names nothing to search by
      </p>
      <p data-total="taken-back" data-amount={t.taken_back}>
        Taken back on the record (verified): <strong>{compactMoney(t.taken_back)}</strong>
        {share(t.taken_back, t.claimed)
          ? ` (${share(t.taken_back, t.claimed)} of the claimed dollars)`
          : ""}
      </p>
      <p data-total="not-ruled-out" data-amount={t.not_ruled_out}>
        Not ruled out by the records, not verified: {compactMoney(t.not_ruled_out)}; contradicted by
        them: {compactMoney(t.claimed_contradicted)} claimed, counted in neither
      </p>
      <SavingsCharts
        id="embed"
        title={`${data.title}: claimed against the records`}
        rows={chart}
        width={400}
      />
      <p class="source">
        <a href={`${origin}${data.href}`} target="_blank" rel="noopener">
          Details and sources on cutwatch
        </a>{" "}
        · as of {utcTime(latestRefresh(data.freshness))} · {t.not_assessed.toLocaleString("en-US")}{" "}
        claims not yet checked
      </p>
    </EmbedPage>
  );
}
