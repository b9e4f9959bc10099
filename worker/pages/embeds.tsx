import type { Db } from "../../db/client.ts";
import { getAgency } from "../../db/queries/agencies.ts";
import { getCommission } from "../../db/queries/commissions.ts";
import type { Measures } from "../../db/queries/savings.ts";
import { freshness, summaryByAgency, summaryByCommission } from "../../db/queries/savings.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { type ChartRow, SavingsCharts } from "./charts.tsx";
import { compactMoney, moneyRange, share, utcTime } from "./format.ts";
import { EmbedPage } from "./layout.tsx";
import { EMPTY_MEASURES, latestRefresh } from "./summary.tsx";

async function asOf(db: Db) {
  return latestRefresh(await freshness(db, METHODOLOGY_VERSION));
}

export async function loadSummaryEmbed(db: Db, commission: string) {
  const found = await getCommission(db, commission);
  if (!found) return undefined;
  const { totals } = await summaryByCommission(db, METHODOLOGY_VERSION, { commission });
  return {
    title: found.name,
    href: `/?commission=${found.slug}`,
    totals: totals[0] ?? EMPTY_MEASURES,
    asOf: await asOf(db),
  };
}

export async function loadAgencyEmbed(db: Db, code: string) {
  const agency = await getAgency(db, code);
  if (!agency) return undefined;
  const [row] = await summaryByAgency(db, METHODOLOGY_VERSION, { agency: code });
  return {
    title: agency.name,
    href: `/agencies/${agency.code}`,
    totals: row ?? EMPTY_MEASURES,
    asOf: await asOf(db),
  };
}

type EmbedData = { title: string; href: string; totals: Measures; asOf: string | null };

/** A small widget of claimed against verified, linking back to the full page. */
export function TotalsEmbed({ data, origin }: { data: EmbedData; origin: string }) {
  const t = data.totals;
  const chart: ChartRow[] = [
    {
      label: "All live claims",
      claimed: t.claimed,
      verifiedLow: t.verified_low,
      verifiedHigh: t.verified_high,
    },
  ];
  return (
    <EmbedPage title={`${data.title}: claimed against verified`}>
      <p>
        <strong>{data.title}</strong>
      </p>
      <p data-total="claimed" data-amount={t.claimed}>
        Claimed: <strong>{compactMoney(t.claimed)}</strong> in {t.claims.toLocaleString("en-US")}{" "}
        claims
      </p>
      <p data-total="checkable" data-amount={t.claimed_checkable}>
        Checked against an award record: <strong>{compactMoney(t.claimed_checkable)}</strong>;{" "}
        {compactMoney(t.claimed_unverifiable)} names no award and cannot be checked
      </p>
      <p data-total="verified" data-low={t.verified_low} data-high={t.verified_high}>
        Verified by budget records: <strong>{moneyRange(t.verified_low, t.verified_high)}</strong>
        {share(t.verified_high, t.claimed)
          ? ` (the high end is ${share(t.verified_high, t.claimed)} of the claims)`
          : ""}
      </p>
      <SavingsCharts
        id="embed"
        title={`${data.title}: claimed against verified`}
        rows={chart}
        width={400}
      />
      <p class="source">
        <a href={`${origin}${data.href}`} target="_blank" rel="noopener">
          Details and sources on cutwatch
        </a>{" "}
        · as of {utcTime(data.asOf)} · {t.not_assessed.toLocaleString("en-US")} claims not yet
        checked
      </p>
    </EmbedPage>
  );
}
