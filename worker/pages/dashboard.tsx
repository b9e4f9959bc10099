import type { OverstatedRow } from "../../db/queries/savings.ts";
import type { Dashboard } from "../domain/dashboard.ts";
import { ChangeList } from "./changes.tsx";
import { agencyChartRows } from "./chart-rows.ts";
import { AgencyName } from "./claims.tsx";
import { compactMoney, fullMoney, utcTime } from "./format.ts";
import { EmbedSnippets, Page, ScrollBox, TableHead } from "./layout.tsx";
import { ListsAsOfNote, listsAsOf, removalsCaveat } from "./lists-freshness.tsx";
import { SecondOpinionsPanel } from "./reviews.tsx";
import { ChartWithTable, EMPTY_MEASURES, latestRefresh, StatusTable, Totals } from "./summary.tsx";

const CHART_AGENCIES = 12;

/** The savings record's claims by verdict as the status table's rows. */
const statusRows = (byStatus: Record<string, { claims: number; claimed: string }>) =>
  Object.entries(byStatus).map(([status, counts]) => ({ status, ...counts }));

export function DashboardPage({ data, origin }: { data: Dashboard; origin: string }) {
  const slug = data.commission.slug;
  const totals = data.savings ?? EMPTY_MEASURES;
  const chart = agencyChartRows(data.byAgency, CHART_AGENCIES);
  return (
    <Page
      title={`${data.commission.name}: claimed against verified savings`}
      description={`How much of the savings ${data.commission.name} claims the government's own budget records confirm.`}
      updated={latestRefresh(data.freshness)}
    >
      <h1>{data.commission.name}: claimed against verified savings</h1>
      <p class="lede">
        Every cut the commission claims, checked against the award records it names. A saving is
        verified only as far as the records show money taken back; what they merely do not rule out
        is shown apart and never called verified, and claims the records contradict count in
        neither. A claim not yet checked has no verdict. See the{" "}
        <a href="/v1/methodology">methodology</a> (version {data.methodologyVersion}).
      </p>
      <Totals totals={totals} />
      <ListsAsOfNote lists={data.commission.lists} />
      <StatusTable rows={statusRows(data.savings?.by_status ?? {})} />

      <h2 id="by-agency">Claimed against verified, by agency</h2>
      <ChartWithTable
        id="agencies"
        rowsAre="Agency"
        title={`Claimed savings against the records for the ${chart.length} agencies with the largest claims`}
        rows={chart}
      />
      <p>
        <a href={`/agencies?commission=${slug}`}>Every agency</a>, with how much of it was checked.
      </p>

      <h2 id="overstated">Largest claims beyond the record</h2>
      <OverstatedTable rows={data.overstated} />
      <p>
        <a href={`/proposals?commission=${slug}`}>Search every claim</a> by words, agency, kind or
        verdict.
      </p>

      <SecondOpinionsPanel data={data.secondOpinions} slug={slug} />

      <h2 id="changes">Latest changes</h2>
      <ChangeList rows={data.changes} />
      <p>
        <a href={`/changes?commission=${slug}`}>Every change</a> · Subscribe:{" "}
        <a href={`/feeds/changes.atom?commission=${slug}`}>Atom</a> ·{" "}
        <a href={`/feeds/changes.json?commission=${slug}`}>JSON Feed</a> · all changes as{" "}
        <a href={`/v1/changes?commission=${slug}`}>JSON</a> or{" "}
        <a href={`/v1/changes?commission=${slug}&format=csv`}>CSV</a>.
      </p>

      <h2 id="freshness">Data freshness</h2>
      <p id="lists-changed">
        The commission's newest lists:{" "}
        {data.commission.lists.length > 0 ? listsAsOf(data.commission.lists) : "none read yet"}.
        {data.commission.lists
          .map((l) => removalsCaveat(l))
          .filter(Boolean)
          .join(" ")}
        {data.commission.listsLastChangedAt
          ? ` The last change the source showed: ${utcTime(data.commission.listsLastChangedAt)}.`
          : ""}
      </p>
      <Freshness fresh={data.freshness} />
      <p>
        Download everything: <a href="/v1/export/proposals.csv">proposals.csv</a> ·{" "}
        <a href="/v1/export/proposals.json">proposals.json</a>
      </p>

      <EmbedSnippets
        origin={origin}
        widget={`/embed/summary?commission=${slug}`}
        chartQuery={`commission=${slug}`}
        title={data.commission.name}
      />
    </Page>
  );
}

function OverstatedTable({ rows }: { rows: OverstatedRow[] }) {
  if (rows.length === 0) return <p class="muted">No checked claim exceeds its record.</p>;
  return (
    <ScrollBox label="Claims beyond their record">
      <table id="overstated-claims">
        <caption>
          Claims checked against an award record whose claimed saving most exceeds what the record
          allows
        </caption>
        <TableHead
          columns={[
            "Claim",
            "Agency",
            { num: "Claimed" },
            { num: "The record allows" },
            { num: "Beyond the record" },
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={`/proposals/${r.id}`}>{r.title}</a>
              </td>
              <td>
                <AgencyName code={r.agency_code} name={r.agency_name} />
              </td>
              <td class="num" title={fullMoney(r.claimed)}>
                {compactMoney(r.claimed)}
              </td>
              <td class="num" title={fullMoney(r.verified_high)}>
                {compactMoney(r.verified_high)}
              </td>
              <td class="num" title={fullMoney(r.gap)}>
                {compactMoney(r.gap)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

const STEPS: Record<string, string> = {
  "doge-receipts": "DOGE receipts",
  awards: "USAspending awards (lookups decided)",
  "award-lookups": "USAspending award lookups (queue)",
  "award-dead-letters": "Award lookups given up (dead letters)",
  outlays: "Treasury outlays",
  assess: "Assessments run",
  assessments: "Newest assessment",
};

function Freshness({ fresh }: { fresh: Record<string, string | null> }) {
  const entries = Object.entries(fresh);
  if (entries.length === 0) return <p class="muted">The job has not run yet.</p>;
  return (
    <dl class="facts">
      {entries.map(([step, at]) => (
        <>
          <dt>{STEPS[step] ?? step}</dt>
          <dd>{at ? <time datetime={at}>{utcTime(at)}</time> : "never"}</dd>
        </>
      ))}
    </dl>
  );
}
