import Big from "big.js";
import { compactMoney, fullMoney } from "./format.ts";
import { ScrollBox, TableHead } from "./layout.tsx";

/**
 * Server-rendered SVG charts: no script, no external font or CDN, so they work offline, in an
 * <img>, and in print. Each row's claimed bar is split into what the records contradict (solid),
 * what was checked (hatched) and what was not checked (grey dashes), so unchecked money is never
 * drawn as refuted; under it, money taken back on the record (solid, the only verified part) and
 * what the records do not rule out (dotted, not verified). Patterns and printed values tell them
 * apart, not colour alone; every chart has a text table beside it.
 *
 * A page draws each chart twice and lets CSS pick (assets.ts): the wide chart, a picture that
 * scales with its box, and the narrow one for phones and narrow embeds, which stacks each row's
 * label over its bars and has no viewBox, so its text is drawn at its own size whatever the
 * screen's width (bars are lengths in percent of the chart's width).
 */

export type ChartRow = {
  label: string;
  claimed: string;
  /** Claimed by claims compared with an award record (contradicted ones included). */
  checked: string;
  /** Claimed by claims the record contradicts (exceeds_record). */
  contradicted: string;
  /** Verified: taken back on the record. */
  takenBack: string;
  /** Not ruled out by the records: never verified. */
  notRuledOut: string;
  /** Where the row's page is: linked from the table (an image holds no links). */
  href?: string | undefined;
};

const LABEL_CHARS = 26;
const ROW_H = 44;
const BAR_H = 13;
const LEGEND_ITEM_W = 250;
const LEGEND_ROW_H = 18;
/** Standalone images narrower than this are drawn in the narrow layout. */
const NARROW_IMAGE_BELOW = 480;

/** Where things go at a given width: narrow charts (embeds) shrink the label and value columns. */
function layout(width: number, rows: number) {
  const perRow = Math.max(1, Math.min(3, Math.floor(width / LEGEND_ITEM_W)));
  const top = 16 + Math.ceil(LEGEND.length / perRow) * LEGEND_ROW_H;
  const labelW = Math.min(210, Math.round(width * 0.3));
  const valueW = Math.min(150, Math.round(width * 0.25));
  return { perRow, top, labelW, barW: width - labelW - valueW, height: top + rows * ROW_H + 8 };
}

const INK = "#1b1f24";
export const CLAIMED = "#b4532a";
const VERIFIED = "#1f6f5c";
const UNCHECKED = "#8a8f98";

/** What the row's amounts read as: nothing checked is "not checked", never "$0 taken back". */
export function rowReading(r: ChartRow): string {
  if (new Big(r.checked).eq(0)) return "not checked";
  return `${compactMoney(r.takenBack)} taken back; ${compactMoney(r.notRuledOut)} not ruled out`;
}

/** The claimed bar's three parts, left to right, as [class, amount, fill, stroke, what]. */
function claimedParts(id: string, r: ChartRow) {
  const checked = new Big(r.checked);
  const parts: [string, Big, string, string, string][] = [
    ["bar-contradicted", new Big(r.contradicted), CLAIMED, CLAIMED, "Claimed, contradicted"],
    [
      "bar-claimed",
      checked.minus(r.contradicted),
      `url(#${id}-hatch)`,
      CLAIMED,
      "Claimed, checked",
    ],
    [
      "bar-unchecked",
      new Big(r.claimed).minus(checked),
      `url(#${id}-grey)`,
      UNCHECKED,
      "Claimed, not checked",
    ],
  ];
  return parts.filter(([, amount]) => amount.gt(0));
}

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
      <pattern id={`${id}-grey`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#fff" />
        <line x1="0" y1="3" x2="4" y2="3" stroke={UNCHECKED} strokeWidth="1.5" />
      </pattern>
      <pattern id={`${id}-dots`} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" fill="#fff" />
        <circle cx="2" cy="2" r="1.1" fill={VERIFIED} />
      </pattern>
    </defs>
  );
}

const LEGEND = [
  ["hatch", CLAIMED, "Claimed, checked (hatched)"],
  ["", CLAIMED, "Claimed, contradicted (solid)"],
  ["grey", UNCHECKED, "Claimed, not checked (dashes)"],
  ["", VERIFIED, "Taken back: verified (solid)"],
  ["dots", VERIFIED, "Not ruled out: not verified (dots)"],
] as const;

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
      {LEGEND.map(([pattern, colour, text], i) =>
        item(i, pattern ? `url(#${id}-${pattern})` : colour, colour, text),
      )}
    </g>
  );
}

/**
 * Claimed against verified, one pair of bars a row: the hatched bar is what was claimed; under
 * it the solid bar is the verified low end and the dotted extension reaches the high end. A
 * standalone image narrower than `NARROW_IMAGE_BELOW` is the narrow chart instead.
 */
export function SavingsChart(props: {
  id: string;
  title: string;
  rows: ChartRow[];
  width?: number | undefined;
  standalone?: boolean;
  /** Drawn beside its narrow form (`SavingsCharts`): CSS shows one of the two. */
  paired?: boolean;
}) {
  const width = props.width ?? 760;
  // An image too narrow for labels beside the bars stacks them (`/embed/chart.svg?width=320`).
  if (props.standalone && width < NARROW_IMAGE_BELOW) {
    return <NarrowSavingsChart id={props.id} title={props.title} rows={props.rows} width={width} />;
  }
  const { perRow, top, labelW, barW, height } = layout(width, props.rows.length);
  const max = largestClaimed(props.rows);
  const desc = describe(props.rows);
  return (
    <svg
      xmlns={props.standalone ? "http://www.w3.org/2000/svg" : undefined}
      viewBox={`0 0 ${width} ${height}`}
      width={props.standalone ? width : undefined}
      height={props.standalone ? height : undefined}
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      class={props.paired ? "chart chart-wide" : "chart"}
      fontFamily={FONT}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{desc || "No claims to chart."}</desc>
      <Patterns id={props.id} />
      <rect width={width} height={height} fill="#fff" />
      <Legend id={props.id} perRow={perRow} />
      {props.rows.map((r, i) => {
        const y = top + i * ROW_H;
        const claimedW = fraction(r.claimed, max) * barW;
        const lowW = fraction(r.takenBack, max) * barW;
        const highW = fraction(r.notRuledOut, max) * barW;
        const label =
          r.label.length > LABEL_CHARS ? `${r.label.slice(0, LABEL_CHARS - 1)}…` : r.label;
        let x = labelW;
        return (
          <g class="chart-row" data-label={r.label}>
            <text x={labelW - 8} y={y + BAR_H + 4} textAnchor="end" fontSize="12" fill={INK}>
              <title>{r.label}</title>
              {label}
            </text>
            {claimedParts(props.id, r).map(([cls, amount, fill, stroke, what]) => {
              const w = fraction(amount.toFixed(2), max) * barW;
              const at = x;
              x += w;
              return (
                <rect
                  class={cls}
                  x={at}
                  y={y}
                  width={Math.max(w, 1)}
                  height={BAR_H}
                  fill={fill}
                  stroke={stroke}
                >
                  <title>{`${what} ${fullMoney(amount.toFixed(2))}`}</title>
                </rect>
              );
            })}
            <text x={labelW + claimedW + 6} y={y + BAR_H - 2} fontSize="11" fill={INK}>
              {compactMoney(r.claimed)}
            </text>
            <rect
              class="bar-not-ruled-out"
              x={labelW}
              y={y + BAR_H + 3}
              width={Math.max(highW, 1)}
              height={BAR_H}
              fill={`url(#${props.id}-dots)`}
              stroke={VERIFIED}
            >
              <title>{`Not ruled out by the records ${fullMoney(r.notRuledOut)}`}</title>
            </rect>
            <rect
              class="bar-taken-back"
              x={labelW}
              y={y + BAR_H + 3}
              width={lowW}
              height={BAR_H}
              fill={VERIFIED}
            >
              <title>{`Taken back on the record ${fullMoney(r.takenBack)}`}</title>
            </rect>
            <text x={labelW + highW + 6} y={y + 2 * BAR_H + 1} fontSize="11" fill={INK}>
              {rowReading(r)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

const describe = (rows: ChartRow[]) =>
  rows
    .map(
      (r) =>
        `${r.label}: claimed ${compactMoney(r.claimed)}, ${compactMoney(r.checked)} of it checked, ${compactMoney(r.contradicted)} contradicted by the records; ${rowReading(r)}`,
    )
    .join("; ");

const largestClaimed = (rows: ChartRow[]) =>
  rows.reduce((m, r) => (new Big(r.claimed).gt(m) ? new Big(r.claimed) : m), new Big(0));

/**
 * A label broken at spaces into lines of at most `chars` characters (a longer word is cut), at
 * most `lines` of them, the last ending in "…" when the label runs on.
 */
export function wrapLabel(text: string, chars: number, lines: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (joined.length <= chars) {
      line = joined;
      continue;
    }
    if (line) out.push(line);
    line = word.length > chars ? `${word.slice(0, chars - 1)}…` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1] as string;
  kept[lines - 1] = `${last.length < chars ? last : last.slice(0, chars - 1)}…`;
  return kept;
}

/** Where each of a stack of rows of these heights starts, from `top`; the last entry is the end. */
export function stackTops(top: number, heights: number[]): number[] {
  const tops = [top];
  for (const h of heights) tops.push((tops.at(-1) as number) + h);
  return tops;
}

/** A chart's wide and narrow forms, for a page to show one of by its width (assets.ts). */
export function SavingsCharts(props: {
  id: string;
  title: string;
  rows: ChartRow[];
  /** The wide form's width (its viewBox); 760 unless given. */
  width?: number;
}) {
  return (
    <>
      <SavingsChart
        id={props.id}
        title={props.title}
        rows={props.rows}
        width={props.width}
        paired
      />
      <NarrowSavingsChart id={`${props.id}-narrow`} title={props.title} rows={props.rows} />
    </>
  );
}

// The narrow chart's rows: the label on lines of its own, the claimed bar, the verified bar.
const N_LEGEND_ROW = 18;
const N_TOP = LEGEND.length * N_LEGEND_ROW + 10;
const N_LINE_H = 16;
const N_BARS_H = 40;
const N_BAR_H = 12;
/** The share of the width the longest bar takes: the rest holds the amounts after the bars. */
const N_BAR_SHARE = 0.55;
/** What fits 320 px in 13 px semibold, with room to spare: longer labels take a second line. */
const N_LABEL_CHARS = 34;

/**
 * Claimed against verified for a narrow screen: one row under the other, the label above its
 * bars at full size. Without `width` it fills its box (bars in percent, text at its own size);
 * with `width` it is an image of that many pixels (`/embed/chart.svg?layout=narrow`).
 */
function NarrowSavingsChart(props: {
  id: string;
  title: string;
  rows: ChartRow[];
  width?: number | undefined;
}) {
  const { width } = props;
  const labels = props.rows.map((r) => wrapLabel(r.label, N_LABEL_CHARS, 2));
  // Each row's top: rows with a label of two lines are a line taller.
  const tops = stackTops(
    N_TOP,
    labels.map((lines) => lines.length * N_LINE_H + N_BARS_H),
  );
  const height = (tops.at(-1) as number) + 2;
  const max = largestClaimed(props.rows);
  // A bar's length and where its amount starts: percent of the box, or pixels of the image.
  const along = (value: string) => {
    const share = fraction(value, max) * N_BAR_SHARE;
    return width === undefined ? `${Number((share * 100).toFixed(3))}%` : share * width;
  };
  // A bar of nothing is drawn one pixel long, as in the wide chart.
  const bar = (value: string) => (fraction(value, max) > 0 ? along(value) : 1);
  const id = props.id;
  return (
    <svg
      xmlns={width !== undefined ? "http://www.w3.org/2000/svg" : undefined}
      viewBox={width !== undefined ? `0 0 ${width} ${height}` : undefined}
      width={width ?? "100%"}
      height={height}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      class={width === undefined ? "chart chart-narrow" : "chart"}
      fontFamily={FONT}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{describe(props.rows) || "No claims to chart."}</desc>
      <Patterns id={id} />
      <rect width="100%" height={height} fill="#fff" />
      <Legend id={id} perRow={1} />
      {props.rows.map((r, i) => {
        const lines = labels[i] ?? [];
        // y is where the bars start, under the label's lines.
        const y = (tops[i] as number) + lines.length * N_LINE_H - 16;
        const claimed = along(r.claimed);
        const high = along(r.notRuledOut);
        // Where each part of the claimed bar starts, in the same unit as `along`.
        let start = new Big(0);
        return (
          <g class="chart-row" data-label={r.label}>
            <text x="0" y={(tops[i] as number) + 13} fontSize="13" fontWeight="600" fill={INK}>
              <title>{r.label}</title>
              {lines.map((line, n) => (
                <tspan x="0" dy={n === 0 ? 0 : N_LINE_H}>
                  {line}
                </tspan>
              ))}
            </text>
            {claimedParts(id, r).map(([cls, amount, fill, stroke, what]) => {
              const at = start.eq(0) ? 0 : along(start.toFixed(2));
              start = start.plus(amount);
              return (
                <rect
                  class={cls}
                  x={at}
                  y={y + 19}
                  width={bar(amount.toFixed(2))}
                  height={N_BAR_H}
                  fill={fill}
                  stroke={stroke}
                >
                  <title>{`${what} ${fullMoney(amount.toFixed(2))}`}</title>
                </rect>
              );
            })}
            <text x={claimed} dx="6" y={y + 19 + N_BAR_H - 1} fontSize="12" fill={INK}>
              {compactMoney(r.claimed)}
            </text>
            <rect
              class="bar-not-ruled-out"
              x="0"
              y={y + 19 + N_BAR_H + 3}
              width={bar(r.notRuledOut)}
              height={N_BAR_H}
              fill={`url(#${id}-dots)`}
              stroke={VERIFIED}
            >
              <title>{`Not ruled out by the records ${fullMoney(r.notRuledOut)}`}</title>
            </rect>
            <rect
              class="bar-taken-back"
              x="0"
              y={y + 19 + N_BAR_H + 3}
              width={along(r.takenBack)}
              height={N_BAR_H}
              fill={VERIFIED}
            >
              <title>{`Taken back on the record ${fullMoney(r.takenBack)}`}</title>
            </rect>
            <text x={high} dx="6" y={y + 19 + 2 * N_BAR_H + 2} fontSize="12" fill={INK}>
              {rowReading(r)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The same numbers as the chart, as a table: for screen readers, copying, and no-SVG clients. */
export function SavingsTable(props: { caption: string; rowsAre: string; rows: ChartRow[] }) {
  const money = [
    { num: "Claimed" },
    { num: "Checked" },
    { num: "Contradicted" },
    { num: "Taken back (verified)" },
    { num: "Not ruled out (not verified)" },
  ];
  return (
    <ScrollBox label={props.caption}>
      <table class="numbers">
        <caption>{props.caption}</caption>
        <TableHead columns={[props.rowsAre, ...money]} />
        <tbody>
          {props.rows.map((r) => {
            const unchecked = new Big(r.checked).eq(0);
            return (
              <tr data-checked={r.checked}>
                <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
                <td class="num">{fullMoney(r.claimed)}</td>
                <td class="num">{fullMoney(r.checked)}</td>
                <td class="num">{fullMoney(r.contradicted)}</td>
                <td class="num">{unchecked ? "not checked" : fullMoney(r.takenBack)}</td>
                <td class="num">{unchecked ? "not checked" : fullMoney(r.notRuledOut)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollBox>
  );
}
