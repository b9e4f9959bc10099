import Big from "big.js";
import type { savingsByState } from "../domain/savings.ts";
import type { StateData, StatesData } from "../domain/state-pages.ts";
import { PLACES, TILE_COLS, TILE_ROWS, TILES } from "../lib/states.ts";
import { ClaimsTable } from "./claims.tsx";
import { compactMoney, fullMoney, share, utcTime } from "./format.ts";
import { EmbedPage, EmbedSnippet, Page, ScrollBox, TableHead } from "./layout.tsx";
import { latestRefresh, MEASURE_HEADINGS, MeasureCells, Totals } from "./summary.tsx";

/**
 * Claims by the state of their place (worker/lib/places.ts): the tile-grid map (one equal square
 * per state and DC, server-rendered SVG, no script, no outside geometry) coloured by claimed and
 * by verified, its numbers as a table beside it; a page per state; the map as an embed.
 */

type StateRows = Awaited<ReturnType<typeof savingsByState>>;
type StateRow = StateRows["rows"][number];

const TILE = 30;
const GAP = 2;
const LEGEND_H = 40;
const NO_CLAIMS = "#f6f8fa";
/** Five steps from light to dark; text is ink on the first three, white on the last two. */
const SCALES = {
  claimed: ["#f6e3d9", "#e9b89f", "#d98a63", "#b4532a", "#7a3515"],
  verified: ["#dcefe9", "#a8d5c6", "#5fae96", "#1f6f5c", "#0f4336"],
} as const;
const INK = "#1b1f24";

type Measure = "claimed" | "verified";
// The second map shows the verified figure only: money taken back on the record.
const amountOf = (r: StateRow, m: Measure) => (m === "claimed" ? r.claimed : r.taken_back);

/**
 * The amounts' quintile edges over the states with a positive amount: step i holds amounts up to
 * edges[i]. Geometry only: the amounts are compared as decimals, never summed.
 */
function stepsOf(amounts: string[]): Big[] {
  const sorted = amounts
    .map((a) => new Big(a))
    .filter((a) => a.gt(0))
    .sort((a, b) => a.cmp(b));
  if (sorted.length === 0) return [];
  return [1, 2, 3, 4, 5].map((q) => sorted[Math.ceil((q / 5) * sorted.length) - 1] as Big);
}

const stepOf = (amount: string, edges: Big[]) => {
  const a = new Big(amount);
  if (a.lte(0) || edges.length === 0) return -1;
  const i = edges.findIndex((e) => a.lte(e));
  return i === -1 ? edges.length - 1 : i;
};

/**
 * One tile-grid map: a square per state and DC in its place on the grid, filled by the step of
 * its amount (no claims: pale grey), its USPS code written on it; each square's title names the
 * state and its amount. The legend gives each step's range. The table beside it has the numbers.
 */
export function TileMap(props: { id: string; rows: StateRow[]; measure: Measure; title: string }) {
  const byCode = new Map(props.rows.flatMap((r) => (r.state ? [[r.state, r]] : [])));
  const scale = SCALES[props.measure];
  const edges = stepsOf(
    TILES.map((t) =>
      byCode.get(t.code) ? amountOf(byCode.get(t.code) as StateRow, props.measure) : "0",
    ),
  );
  const width = TILE_COLS * (TILE + GAP);
  const height = TILE_ROWS * (TILE + GAP) + LEGEND_H;
  const what = props.measure === "claimed" ? "claimed" : "taken back on the record (verified)";
  const lit = TILES.filter((t) => byCode.has(t.code)).length;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      class="tilemap"
      fontFamily="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>
        {`One square per state and DC; ${lit} have claims. Darker squares: more ${what}. The table beside the map gives each state's amounts.`}
      </desc>
      <rect width={width} height={height} fill="#fff" />
      {TILES.map((t) => {
        const row = byCode.get(t.code);
        const step = row ? stepOf(amountOf(row, props.measure), edges) : -1;
        const fill = step < 0 ? NO_CLAIMS : scale[step];
        const ink = step >= 3 ? "#fff" : INK;
        const x = t.col * (TILE + GAP);
        const y = t.row * (TILE + GAP);
        const name = PLACES[t.code].name;
        return (
          <g class="tile" data-state={t.code} data-step={step}>
            <title>{`${name}: ${row ? fullMoney(amountOf(row, props.measure)) : "no claims"} ${what}`}</title>
            <rect x={x} y={y} width={TILE} height={TILE} fill={fill} stroke="#d0d7de" />
            <text
              x={x + TILE / 2}
              y={y + TILE / 2 + 4}
              fontSize="12"
              textAnchor="middle"
              fill={ink}
            >
              {t.code}
            </text>
          </g>
        );
      })}
      <Legend
        edges={edges}
        scale={scale}
        y={TILE_ROWS * (TILE + GAP) + 4}
        empty={
          props.measure === "claimed"
            ? "No claims with a known state."
            : "Nothing taken back on the record yet in any state."
        }
      />
    </svg>
  );
}

/** The steps' colours, and what the lightest and darkest hold. */
function Legend(props: { edges: Big[]; scale: readonly string[]; y: number; empty: string }) {
  const first = props.edges[0];
  const last = props.edges.at(-1);
  if (!first || !last) {
    return (
      <text x="0" y={props.y + 14} fontSize="12" fill={INK}>
        {props.empty}
      </text>
    );
  }
  return (
    <g transform={`translate(0,${props.y})`}>
      <text x="0" y="12" fontSize="12" fill={INK}>
        {`up to ${compactMoney(first.toString())}`}
      </text>
      {props.scale.map((c, i) => (
        <rect x={110 + i * 22} y="2" width="20" height="12" fill={c} stroke="#d0d7de" />
      ))}
      <text x="224" y="12" fontSize="12" fill={INK}>
        {`to ${compactMoney(last.toString())}`}
      </text>
      <text x="0" y="30" fontSize="12" fill={INK}>
        Fifths of the states with claims
      </text>
    </g>
  );
}

/** The two maps, claimed and taken back, side by side where there is room. */
function Maps({ id, rows }: { id: string; rows: StateRow[] }) {
  return (
    <div class="tilemaps">
      <figure>
        <TileMap
          id={`${id}-claimed`}
          rows={rows}
          measure="claimed"
          title="Claimed savings, by state"
        />
        <figcaption>Claimed, by state (duplicates counted once)</figcaption>
      </figure>
      <figure>
        <TileMap
          id={`${id}-verified`}
          rows={rows}
          measure="verified"
          title="Taken back on the record (verified), by state"
        />
        <figcaption>Taken back on the record (verified), by state</figcaption>
      </figure>
    </div>
  );
}

/** The map's numbers: a row per state with claims, the unknown place last. */
function StatesTable(props: { id: string; rows: StateRow[]; compact?: boolean }) {
  return (
    <ScrollBox label="Claimed against the records, by state">
      <table id={props.id}>
        <caption>Claimed against the records, by state (the claims of unknown place last)</caption>
        <TableHead
          columns={[
            "State",
            { num: "Claims" },
            ...(props.compact
              ? [{ num: "Claimed" }, { num: "Taken back (verified)" }]
              : [
                  ...MEASURE_HEADINGS,
                  { num: "Placed by recipient address" },
                  { num: "Districts" },
                ]),
          ]}
        />
        <tbody>
          {props.rows.map((r) => (
            <tr data-state={r.state ?? "unknown"}>
              <td>
                {r.state ? (
                  <a href={`/states/${r.state}`}>{r.state_name ?? r.state}</a>
                ) : (
                  "Place unknown"
                )}
              </td>
              <td class="num">{r.claims.toLocaleString("en-US")}</td>
              {props.compact ? (
                <>
                  <td class="num" title={fullMoney(r.claimed)} data-amount={r.claimed}>
                    {compactMoney(r.claimed)}
                  </td>
                  <td class="num" data-amount={r.taken_back}>
                    {new Big(r.claimed_checkable).eq(0)
                      ? "not checked"
                      : compactMoney(r.taken_back)}
                  </td>
                </>
              ) : (
                <>
                  <MeasureCells m={r} />
                  <td class="num" data-amount={r.claimed_by_address}>
                    {r.state ? addressShare(r) : "—"}
                  </td>
                  <td class="num">{r.state ? r.districts.toLocaleString("en-US") : "—"}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/**
 * "$160.00 M (56%)": how much of a state's claimed dollars rests on recipients' addresses; "none"
 * when nothing does (a "0%" beside coverage columns reads as a share checked and found wanting).
 */
const addressShare = (r: { claimed: string; claimed_by_address: string }) => {
  if (new Big(r.claimed_by_address).eq(0)) return "none";
  const part = share(r.claimed_by_address, r.claimed);
  return `${compactMoney(r.claimed_by_address)}${part ? ` (${part})` : ""}`;
};

/** "1,234 claims (12% of all, $1.2 B claimed, 3% of the claimed dollars) have no known place." */
function UnknownNote({ data }: { data: StateRows }) {
  const u = data.unknown_place;
  const percent = (s: string) => `${new Big(s).times(100).round(1).toString()}%`;
  return (
    <p id="unknown-place" data-claims={u.claims} data-amount={u.claimed}>
      {u.claims.toLocaleString("en-US")} live claims ({percent(u.share_of_claims)} of them, with{" "}
      {fullMoney(u.claimed)} claimed, {percent(u.share_of_claimed)} of the claimed dollars) have no
      known place: no record behind them names a state. They are counted in every total, under
      "Place unknown", never left out.
    </p>
  );
}

export function StatesPage({ data, origin }: { data: StatesData; origin: string }) {
  return (
    <Page
      title="States"
      description="Savings claimed in each state and how much of them budget records confirm, on a tile-grid map."
      updated={latestRefresh(data.freshness)}
    >
      <h1>Claims by state</h1>
      <p class="lede">
        Each claim's state is where its money was to be spent as the records behind it say: the
        place of performance of its award, a lease's address, else the vendor's or recipient's
        location (see the <a href="/v1/methodology">methodology</a>, Places). Also as{" "}
        <a href="/v1/savings/by-state">JSON</a> or <a href="/v1/savings/by-state?format=csv">CSV</a>
        .
      </p>
      <UnknownNote data={data} />
      <div class="map-with-table">
        <Maps id="states" rows={data.rows} />
        <StatesTable id="states-table" rows={data.rows} />
      </div>
      <EmbedSnippet
        id="embed-states"
        title="Embed the map"
        code={`<iframe src="${origin}/embed/states" title="cutwatch: claimed against verified savings, by state" width="100%" height="760" style="border:0"></iframe>`}
      />
    </Page>
  );
}

export function StatesEmbed({ data, origin }: { data: StatesData; origin: string }) {
  return (
    <EmbedPage title="Claimed against verified, by state">
      <p>
        <strong>DOGE's claimed cuts by state</strong>
      </p>
      <Maps id="embed-states" rows={data.rows} />
      <StatesTable id="embed-states-table" rows={data.rows} compact />
      <p class="source">
        <a href={`${origin}/states`} target="_blank" rel="noopener">
          Details and sources on cutwatch
        </a>{" "}
        · as of {utcTime(latestRefresh(data.freshness))} ·{" "}
        {data.unknown_place.claims.toLocaleString("en-US")} claims of unknown place
      </p>
    </EmbedPage>
  );
}

export function StatePage({ data }: { data: StateData }) {
  const q = `state=${data.code}`;
  return (
    <Page
      title={data.name}
      description={`Savings claimed in ${data.name}, and how much of them budget records confirm.`}
    >
      <p class="muted">
        <a href="/states">States</a> · {data.code}
      </p>
      <h1>{data.name}</h1>
      {data.claimCount === 0 ? (
        <p>No live claim's records place it in {data.name}.</p>
      ) : (
        <>
          {data.byCommission.length > 1 ? (
            <p class="muted">
              Claims of {data.byCommission.length} commissions; totals of each below.
            </p>
          ) : null}
          {data.placed ? (
            <p id="place-source" data-amount={data.placed.claimed_by_address}>
              Of {fullMoney(data.placed.claimed)} claimed here, {addressShare(data.placed)} in{" "}
              {data.placed.claims_by_address.toLocaleString("en-US")} claims rests on the
              recipient's address, which says nothing of where the work was (a vendor's head
              office); the rest is placed where the money was to be spent (place of performance, or
              a lease's address).
            </p>
          ) : null}
          {data.byCommission.map((t) => (
            <Totals totals={t} />
          ))}
        </>
      )}

      <h2>Congressional districts</h2>
      {data.districts.length === 0 ? (
        <p>No record behind these claims names a district.</p>
      ) : (
        <ScrollBox label={`Claims in ${data.name}, by congressional district`}>
          <table id="districts">
            <caption>Claims by congressional district (where a record gives one)</caption>
            <TableHead columns={["District", { num: "Claims" }]} />
            <tbody>
              {data.districts.map((d) => (
                <tr>
                  <td>
                    <a href={`/proposals?district=${d.district}`}>{d.district}</a>
                  </td>
                  <td class="num">{d.claims.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}

      <h2>Largest claims</h2>
      <ClaimsTable
        id="largest-claims"
        rows={data.claims}
        caption={`The ${data.claims.length} largest live claims in ${data.name}`}
      />
      <p>
        <a href={`/proposals?${q}`}>Search every claim in {data.name}</a>, or get them as{" "}
        <a href={`/v1/proposals?${q}`}>JSON</a> or <a href={`/v1/proposals?${q}&format=csv`}>CSV</a>
        ; totals as <a href={`/v1/savings/summary?${q}`}>JSON</a>.
      </p>
    </Page>
  );
}
