import type { AgenciesPageRows, AgencyPageData } from "../domain/agency-page.ts";
import { ASSOCIATION_NOTE } from "../domain/members.ts";
import { monthChartRows } from "./chart-rows.ts";
import { AgencyName, ClaimsTable } from "./claims.tsx";
import { compactMoney, fullMoney } from "./format.ts";
import { EmbedSnippets, Page, ScrollBox, TableHead } from "./layout.tsx";
import { AgencyAfterTheClaim } from "./outcomes.tsx";
import { PostingsTable } from "./postings.tsx";
import {
  ChartWithTable,
  EMPTY_MEASURES,
  MEASURE_HEADINGS,
  MeasureCells,
  Totals,
} from "./summary.tsx";
import { PostingTimeline } from "./timeline.tsx";

export function AgencyPage({ data, origin }: { data: AgencyPageData; origin: string }) {
  const a = data.agency;
  const totals = data.row ?? EMPTY_MEASURES;
  return (
    <Page
      title={a.name}
      description={`Savings claimed against ${a.name}, and how much of them its budget records confirm.`}
    >
      <p class="muted">Agency {a.code}</p>
      <h1>{a.name}</h1>
      {a.aliases.length ? <p class="lede">Also published as: {a.aliases.join("; ")}.</p> : null}
      <Totals totals={totals} />
      {data.row?.outlays_fytd ? (
        <p>
          For scale: Treasury reports net outlays of {compactMoney(data.row.outlays_fytd)} (
          {fullMoney(data.row.outlays_fytd)}) for this agency in the fiscal year to{" "}
          {data.row.outlays_record_date}
          {data.row.outlays_prior_fytd
            ? `, against ${compactMoney(data.row.outlays_prior_fytd)} a year earlier`
            : ""}
          .
        </p>
      ) : null}

      <h2>Claimed against the records, by month of claim</h2>
      <ChartWithTable
        id="months"
        rowsAre="Month of claim"
        title={`Claimed savings against the records at ${a.name}, by month of claim`}
        rows={monthChartRows(data.byMonth)}
      />

      <h2 id="members">Members posted here</h2>
      <p class="muted">{ASSOCIATION_NOTE}</p>
      {data.postings.some((p) => p.posting.start_on) ? (
        <PostingTimeline
          id="posting-timeline"
          title={`Members posted at ${a.name} beside the claims against it, by month`}
          months={data.months}
          postings={data.postings}
        />
      ) : null}
      {data.postings.length ? (
        <PostingsTable
          id="postings"
          caption={`The commission's members reported posted at ${a.name} or its sub-agencies, by start date`}
          rows={data.postings}
        />
      ) : (
        <p>No member of the commission was reported posted here.</p>
      )}
      <p>
        Also as <a href={`/v1/members?agency=${a.code}`}>JSON</a> or{" "}
        <a href={`/v1/members?agency=${a.code}&format=csv`}>CSV</a>.
      </p>

      <AgencyAfterTheClaim code={a.code} totals={data.outcomes} cases={data.cases} />

      <h2>Largest claims</h2>
      <ClaimsTable
        id="largest-claims"
        rows={data.claims}
        caption={`The ${data.claims.length} largest live claims`}
      />
      <p>
        <a href={`/proposals?agency=${a.code}`}>Search every claim against {a.name}</a>, or get them
        as <a href={`/v1/proposals?agency=${a.code}`}>JSON</a> or{" "}
        <a href={`/v1/proposals?agency=${a.code}&format=csv`}>CSV</a>;{" "}
        <a href={`/changes?agency=${a.code}`}>its changes</a> (also as{" "}
        <a href={`/feeds/changes.atom?agency=${a.code}`}>Atom</a>).
      </p>
      <EmbedSnippets
        origin={origin}
        widget={`/embed/agency/${a.code}`}
        chartQuery={`agency=${a.code}&by=month`}
        title={a.name}
      />
    </Page>
  );
}

type AgencyTotals = AgenciesPageRows[number];

export function AgenciesPage({ rows }: { rows: AgencyTotals[] }) {
  return (
    <Page
      title="Agencies"
      description="Savings claimed against each agency, and how much of them its budget records confirm."
    >
      <h1>Agencies</h1>
      <p class="lede">
        Live claims by the agency they cut, largest claimed total first. Claims whose agency name no
        alias matches yet are listed under the name the source uses, without a link. Also as{" "}
        <a href="/v1/savings/by-agency">JSON</a> or{" "}
        <a href="/v1/savings/by-agency?format=csv">CSV</a>.
      </p>
      {rows.length === 0 ? (
        <p class="muted">No live claims yet.</p>
      ) : (
        <ScrollBox label="Claimed against the records, by agency">
          <table id="agencies">
            <caption>Claimed against the records, by agency</caption>
            <TableHead
              columns={[
                "Agency",
                { num: "Claims" },
                { num: "Not yet checked" },
                ...MEASURE_HEADINGS,
              ]}
            />
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <AgencyName code={r.agency_code} name={r.agency_name} />
                  </td>
                  <td class="num">{r.claims.toLocaleString("en-US")}</td>
                  <td class="num">{r.not_assessed.toLocaleString("en-US")}</td>
                  <MeasureCells m={r} />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </Page>
  );
}
