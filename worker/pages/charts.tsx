import Big from "big.js";
import { compactMoney, fullMoney, moneyRange } from "./format.ts";
import { TableHead } from "./layout.tsx";

/**
 * Server-rendered SVG charts: no script, no external font or CDN, so they work offline, in an
 * <img>, and in print. Claimed and verified are told apart by pattern (hatched against solid)
 * and by their printed values, not by colour alone; every chart has a text table beside it.
 */

export type ChartRow = {
  label: string;
  claimed: string;
  verifiedLow: string;
  verifiedHigh: string;
  /** Where the row's page is: linked from the table (an image holds no links). */
  href?: string | undefined;
};

const LABEL_CHARS = 26;
const ROW_H = 44;
const BAR_H = 13;
const LEGEND_ITEM_W = 180;
const LEGEND_ROW_H = 18;

/** Where things go at a given width: narrow charts (embeds) shrink the label and value columns. */
function layout(width: number, rows: number) {
  const perRow = Math.max(1, Math.min(3, Math.floor(width / LEGEND_ITEM_W)));
  const top = 16 + Math.ceil(3 / perRow) * LEGEND_ROW_H;
  const labelW = Math.min(210, Math.round(width * 0.3));
  const valueW = Math.min(150, Math.round(width * 0.25));
  return { perRow, top, labelW, barW: width - labelW - valueW, height: top + rows * ROW_H + 8 };
}

const INK = "#1b1f24";
export const CLAIMED = "#b4532a";
const VERIFIED = "#1f6f5c";

/** Bar length as a share of the axis; geometry only, never money arithmetic. */
function fraction(value: string, max: Big): number {
  if (max.lte(0)) return 0;
  const v = new Big(value);
  return v.lte(0) ? 0 : Math.min(1, Number(v.div(max).toPrecision(6)));
}

/** The claimed hatch, `url(#<id>-hatch)`: claimed amounts look the same in every chart. */
export function ClaimedHatch({ id }: { id: string }) {
  return (
    <pattern
      id={`${id}-hatch`}
      width="6"
      height="6"
      patternUnits="userSpaceOnUse"
      patternTransform="rotate(45)"
    >
      <rect width="6" height="6" fill="#fff" />
      <line x1="0" y1="0" x2="0" y2="6" stroke={CLAIMED} strokeWidth="3" />
    </pattern>
  );
}

/** Pattern swatches shared by the bars and the legend; ids are prefixed per chart. */
function Patterns({ id }: { id: string }) {
  return (
    <defs>
      <ClaimedHatch id={id} />
      <pattern id={`${id}-dots`} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" fill="#fff" />
        <circle cx="2" cy="2" r="1.1" fill={VERIFIED} />
      </pattern>
    </defs>
  );
}

function Legend({ id, perRow }: { id: string; perRow: number }) {
  const item = (i: number, fill: string, stroke: string, text: string) => (
    <g
      transform={`translate(${(i % perRow) * LEGEND_ITEM_W},${8 + Math.floor(i / perRow) * LEGEND_ROW_H})`}
    >
      <rect width="18" height="12" fill={fill} stroke={stroke} />
      <text x="24" y="10" fontSize="12" fill={INK}>
        {text}
      </text>
    </g>
  );
  return (
    <g>
      {item(0, `url(#${id}-hatch)`, CLAIMED, "Claimed (hatched)")}
      {item(1, VERIFIED, VERIFIED, "Verified, low (solid)")}
      {item(2, `url(#${id}-dots)`, VERIFIED, "Verified, high (dotted)")}
    </g>
  );
}

/**
 * Claimed against verified, one pair of bars a row: the hatched bar is what was claimed; under
 * it the solid bar is the verified low end and the dotted extension reaches the high end.
 */
export function SavingsChart(props: {
  id: string;
  title: string;
  rows: ChartRow[];
  width?: number | undefined;
  standalone?: boolean;
}) {
  const width = props.width ?? 760;
  const { perRow, top, labelW, barW, height } = layout(width, props.rows.length);
  const max = props.rows.reduce(
    (m, r) => (new Big(r.claimed).gt(m) ? new Big(r.claimed) : m),
    new Big(0),
  );
  const desc = props.rows
    .map(
      (r) =>
        `${r.label}: claimed ${compactMoney(r.claimed)}, verified ${compactMoney(r.verifiedLow)} to ${compactMoney(r.verifiedHigh)}`,
    )
    .join("; ");
  return (
    <svg
      xmlns={props.standalone ? "http://www.w3.org/2000/svg" : undefined}
      viewBox={`0 0 ${width} ${height}`}
      width={props.standalone ? width : undefined}
      height={props.standalone ? height : undefined}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      class="chart"
      fontFamily="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{desc || "No claims to chart."}</desc>
      <Patterns id={props.id} />
      <rect width={width} height={height} fill="#fff" />
      <Legend id={props.id} perRow={perRow} />
      {props.rows.map((r, i) => {
        const y = top + i * ROW_H;
        const claimedW = fraction(r.claimed, max) * barW;
        const lowW = fraction(r.verifiedLow, max) * barW;
        const highW = fraction(r.verifiedHigh, max) * barW;
        const label =
          r.label.length > LABEL_CHARS ? `${r.label.slice(0, LABEL_CHARS - 1)}…` : r.label;
        return (
          <g class="chart-row" data-label={r.label}>
            <text x={labelW - 8} y={y + BAR_H + 4} textAnchor="end" fontSize="12" fill={INK}>
              <title>{r.label}</title>
              {label}
            </text>
            <rect
              class="bar-claimed"
              x={labelW}
              y={y}
              width={Math.max(claimedW, 1)}
              height={BAR_H}
              fill={`url(#${props.id}-hatch)`}
              stroke={CLAIMED}
            >
              <title>{`Claimed ${fullMoney(r.claimed)}`}</title>
            </rect>
            <text x={labelW + claimedW + 6} y={y + BAR_H - 2} fontSize="11" fill={INK}>
              {compactMoney(r.claimed)}
            </text>
            <rect
              class="bar-verified-high"
              x={labelW}
              y={y + BAR_H + 3}
              width={Math.max(highW, 1)}
              height={BAR_H}
              fill={`url(#${props.id}-dots)`}
              stroke={VERIFIED}
            >
              <title>{`Verified, high ${fullMoney(r.verifiedHigh)}`}</title>
            </rect>
            <rect
              class="bar-verified-low"
              x={labelW}
              y={y + BAR_H + 3}
              width={lowW}
              height={BAR_H}
              fill={VERIFIED}
            >
              <title>{`Verified, low ${fullMoney(r.verifiedLow)}`}</title>
            </rect>
            <text x={labelW + highW + 6} y={y + 2 * BAR_H + 1} fontSize="11" fill={INK}>
              {moneyRange(r.verifiedLow, r.verifiedHigh)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The same numbers as the chart, as a table: for screen readers, copying, and no-SVG clients. */
export function SavingsTable(props: { caption: string; rowsAre: string; rows: ChartRow[] }) {
  const money = [{ num: "Claimed" }, { num: "Verified (low)" }, { num: "Verified (high)" }];
  return (
    <table class="numbers">
      <caption>{props.caption}</caption>
      <TableHead columns={[props.rowsAre, ...money]} />
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
            <td class="num">{fullMoney(r.claimed)}</td>
            <td class="num">{fullMoney(r.verifiedLow)}</td>
            <td class="num">{fullMoney(r.verifiedHigh)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
