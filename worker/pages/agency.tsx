import type { Db } from "../../db/client.ts";
import { getAgency } from "../../db/queries/agencies.ts";
import { listProposals } from "../../db/queries/proposals.ts";
import { summaryByAgency, summaryByMonth } from "../../db/queries/savings.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { monthChartRows } from "./chart-rows.ts";
import { compactMoney, fullMoney } from "./format.ts";
import { EmbedSnippets, Page } from "./layout.tsx";
import { ChartWithTable, EMPTY_MEASURES, Totals } from "./summary.tsx";

const TOP_CLAIMS = 25;

export async function loadAgency(db: Db, code: string) {
  const agency = await getAgency(db, code);
  if (!agency) return undefined;
  const filters = { agency: code };
  const [row] = await summaryByAgency(db, METHODOLOGY_VERSION, filters);
  const months = await summaryByMonth(db, METHODOLOGY_VERSION, filters);
  const claims = await listProposals(db, {
    filters: { methodologyVersion: METHODOLOGY_VERSION, agency: code, removed: "false" },
    sort: "claimed_savings",
    desc: true,
    limit: TOP_CLAIMS,
  });
  return { agency, totals: row ?? EMPTY_MEASURES, row, byMonth: monthChartRows(months), claims };
}

type AgencyPageData = NonNullable<Awaited<ReturnType<typeof loadAgency>>>;

export function AgencyPage({ data, origin }: { data: AgencyPageData; origin: string }) {
  const a = data.agency;
  return (
    <Page
      title={a.name}
      description={`Savings claimed against ${a.name}, and how much of them its budget records confirm.`}
    >
      <p class="muted">Agency {a.code}</p>
      <h1>{a.name}</h1>
      {a.aliases.length ? <p class="lede">Also published as: {a.aliases.join("; ")}.</p> : null}
      <Totals totals={data.totals} />
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

      <h2>Claimed against verified, by month of claim</h2>
      <ChartWithTable
        id="months"
        title={`Claimed and verified savings at ${a.name}, by month of claim`}
        rows={data.byMonth}
      />

      <h2>Largest claims</h2>
      {data.claims.length === 0 ? (
        <p class="muted">No live claims against this agency.</p>
      ) : (
        <table id="largest-claims">
          <caption>The {data.claims.length} largest live claims</caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Claimed on</th>
              <th scope="col" class="num">
                Claimed
              </th>
              <th scope="col" class="num">
                Verified (high)
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {data.claims.map((p) => (
              <tr>
                <td>
                  <a href={`/proposals/${p.id}`}>{p.title}</a>
                </td>
                <td>{p.claimDate ?? "—"}</td>
                <td class="num">{compactMoney(p.claimedSavings)}</td>
                <td class="num">{compactMoney(p.assessment?.verifiedHigh)}</td>
                <td>{p.assessment?.status ?? "not checked"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        Every claim as <a href={`/v1/proposals?agency=${a.code}`}>JSON</a> or{" "}
        <a href={`/v1/proposals?agency=${a.code}&format=csv`}>CSV</a>; changes as{" "}
        <a href={`/feeds/changes.atom?agency=${a.code}`}>Atom</a>.
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
