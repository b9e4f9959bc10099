import Big from "big.js";
import { CLAIMED, ClaimedHatch, stackTops, wrapLabel } from "./charts.tsx";
import { compactMoney } from "./format.ts";
import type { PostingLine } from "./postings.tsx";

/**
 * An agency's postings on a timeline beside its claims by month, one server-rendered SVG (no
 * script, as charts.tsx): a column per month of claims on top, hatched like the claimed bars
 * elsewhere and labelled with its amount; under it a lane per dated posting from its start month
 * to its end month, a posting with no end reported drawn open (dashed) to the axis's end. A
 * month-only date spans its month. Undated postings are not drawn: the table beside lists them.
 *
 * Drawn twice, as the savings charts are (charts.tsx): the wide timeline, and for narrow screens
 * one with a row per month (its claims as a bar across) and each posting's name above its lane,
 * with no viewBox, so its text keeps its size; CSS shows one of the two.
 */
const INK = "#1b1f24";
const POSTED = "#3b5b92";
const LABEL_W = 170;
const COLUMNS_H = 90;
const LANE_H = 18;

type MonthClaims = { month: string; claimed: string };

type TimelineProps = {
  id: string;
  title: string;
  months: MonthClaims[];
  postings: PostingLine[];
};

export function PostingTimeline(props: TimelineProps) {
  return (
    <>
      <WideTimeline {...props} />
      <NarrowTimeline {...props} id={`${props.id}-narrow`} />
    </>
  );
}

/** The postings drawn (those with a start date) and the months the axis runs over. */
function timelineAxis(props: TimelineProps) {
  const dated = props.postings.filter((p) => p.posting.start_on);
  const axis = monthsBetween([
    ...props.months.map((m) => m.month),
    ...dated.flatMap((p) => [p.posting.start_on, p.posting.end_on].filter(isText)),
  ]);
  return { dated, axis };
}

/** A posting's first and last month on the axis; an end before its start draws one month. */
function postingSpan(p: PostingLine["posting"], axis: string[]) {
  const startMonth = (p.start_on as string).slice(0, 7);
  const endMonth = p.end_on ? p.end_on.slice(0, 7) : (axis.at(-1) as string);
  return {
    first: Math.max(0, axis.indexOf(startMonth)),
    last: Math.max(0, axis.indexOf([startMonth, endMonth].sort()[1] as string)),
  };
}

function WideTimeline(props: TimelineProps) {
  const width = 760;
  const { dated, axis } = timelineAxis(props);
  if (axis.length === 0) return null;
  const colW = (width - LABEL_W - 10) / axis.length;
  const x = (month: string) => LABEL_W + Math.max(0, axis.indexOf(month)) * colW;
  const max = props.months.reduce(
    (m, r) => (new Big(r.claimed).gt(m) ? new Big(r.claimed) : m),
    new Big(0),
  );
  const top = 24;
  const lanesTop = top + COLUMNS_H + 40;
  const height = lanesTop + dated.length * LANE_H + 8;
  const claimedOf = new Map(props.months.map((m) => [m.month, m.claimed]));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-title`}
      class="chart chart-wide"
      fontFamily={FONT}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <defs>
        <ClaimedHatch id={props.id} />
      </defs>
      <rect width={width} height={height} fill="#fff" />
      <text x="0" y="14" fontSize="12" fill={INK}>
        Claimed, by month of claim
      </text>
      {axis.map((month) => {
        const claimed = claimedOf.get(month) ?? "0";
        const h = max.gt(0) ? Number(new Big(claimed).div(max).toPrecision(6)) * COLUMNS_H : 0;
        return (
          <g>
            <rect
              x={x(month) + 2}
              y={top + COLUMNS_H - h}
              width={Math.max(1, colW - 4)}
              height={h}
              fill={`url(#${props.id}-hatch)`}
              stroke={CLAIMED}
            />
            <text
              x={x(month) + colW / 2}
              y={top + COLUMNS_H + 12}
              fontSize="10"
              textAnchor="middle"
              fill={INK}
            >
              {month.slice(2)}
            </text>
            {h > 0 ? (
              <text
                x={x(month) + colW / 2}
                y={top + COLUMNS_H - h - 3}
                fontSize="9"
                textAnchor="middle"
                fill={INK}
              >
                {compactMoney(claimed)}
              </text>
            ) : null}
          </g>
        );
      })}
      <text x="0" y={lanesTop - 6} fontSize="12" fill={INK}>
        Members posted here (dashed: no end reported)
      </text>
      {dated.map(({ name, posting: p }, i) => {
        const y = lanesTop + i * LANE_H;
        // An end reported before the start (as one posting is) draws one month, not backwards.
        const span = postingSpan(p, axis);
        const from = LABEL_W + span.first * colW;
        const to = LABEL_W + (span.last + 1) * colW;
        return (
          <g>
            <text x={LABEL_W - 6} y={y + 12} fontSize="11" textAnchor="end" fill={INK}>
              {truncate(name ?? "", 26)}
            </text>
            <rect
              x={from + 1}
              y={y + 3}
              width={Math.max(2, to - from - 2)}
              height={LANE_H - 6}
              fill={p.end_on ? POSTED : "#fff"}
              stroke={POSTED}
              strokeDasharray={p.end_on ? undefined : "4 2"}
            >
              <title>{`${name}: ${p.agency_name}, ${p.dates}`}</title>
            </rect>
          </g>
        );
      })}
    </svg>
  );
}

// The narrow timeline: a row per month, then a lane per posting under its name.
const N_MONTH_H = 20;
const N_MONTH_LABEL_W = 64;
/** The share of the width the largest month's bar takes: the rest holds its amount. */
const N_BAR_SHARE = 0.5;
const N_LINE_H = 15;
/** A lane's bar and the space under it. */
const N_LANE_BAR_H = 21;

function NarrowTimeline(props: TimelineProps) {
  const { dated, axis } = timelineAxis(props);
  if (axis.length === 0) return null;
  const max = props.months.reduce(
    (m, r) => (new Big(r.claimed).gt(m) ? new Big(r.claimed) : m),
    new Big(0),
  );
  const claimedOf = new Map(props.months.map((m) => [m.month, m.claimed]));
  const monthsTop = 26;
  const lanesHead = monthsTop + axis.length * N_MONTH_H + 24;
  // Each lane's top: its words (who, and the dates as reported) over one or two lines, then its bar.
  const words = dated.map(({ name, posting: p }) => wrapLabel(`${name ?? ""} · ${p.dates}`, 40, 2));
  const tops = stackTops(
    lanesHead + 34,
    words.map((lines) => lines.length * N_LINE_H + N_LANE_BAR_H),
  );
  const height = (tops.at(-1) as number) + 4;
  const pct = (share: number) => `${Number((share * 100).toFixed(3))}%`;
  return (
    <svg
      width="100%"
      height={height}
      role="img"
      aria-labelledby={`${props.id}-title`}
      class="chart chart-narrow"
      fontFamily={FONT}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <defs>
        <ClaimedHatch id={props.id} />
      </defs>
      <rect width="100%" height={height} fill="#fff" />
      <text x="0" y="16" fontSize="13" fontWeight="600" fill={INK}>
        Claimed, by month of claim
      </text>
      {axis.map((month, i) => {
        const claimed = claimedOf.get(month) ?? "0";
        const share = max.gt(0) ? Number(new Big(claimed).div(max).toPrecision(6)) : 0;
        const y = monthsTop + i * N_MONTH_H;
        return (
          <g>
            <text x="0" y={y + 13} fontSize="12" fill={INK}>
              {month}
            </text>
            {/* The bars start after the month labels: a length in percent from a fixed offset. */}
            <g transform={`translate(${N_MONTH_LABEL_W},${y + 3})`}>
              <rect
                width={share > 0 ? pct(share * N_BAR_SHARE) : 0}
                height={N_MONTH_H - 6}
                fill={`url(#${props.id}-hatch)`}
                stroke={share > 0 ? CLAIMED : "none"}
              />
              <text x={pct(share * N_BAR_SHARE)} dx="6" y="11" fontSize="12" fill={INK}>
                {share > 0 ? compactMoney(claimed) : "—"}
              </text>
            </g>
          </g>
        );
      })}
      <text x="0" y={lanesHead} fontSize="13" fontWeight="600" fill={INK}>
        Members posted here
      </text>
      <text x="0" y={lanesHead + 16} fontSize="12" fill={INK}>
        {`from ${axis[0]} to ${axis.at(-1)}; dashed: no end reported`}
      </text>
      {dated.map(({ name, posting: p }, i) => {
        const lines = words[i] ?? [];
        const y = tops[i] as number;
        const span = postingSpan(p, axis);
        return (
          <g>
            <text x="0" y={y + 12} fontSize="12" fill={INK}>
              {lines.map((line, n) => (
                <tspan x="0" dy={n === 0 ? 0 : N_LINE_H}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect
              x={pct(span.first / axis.length)}
              y={y + lines.length * N_LINE_H + 2}
              width={pct((span.last + 1 - span.first) / axis.length)}
              height={LANE_H - 6}
              fill={p.end_on ? POSTED : "#fff"}
              stroke={POSTED}
              strokeDasharray={p.end_on ? undefined : "4 2"}
            >
              <title>{`${name}: ${p.agency_name}, ${p.dates}`}</title>
            </rect>
          </g>
        );
      })}
    </svg>
  );
}

const FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

const isText = (s: string | null): s is string => typeof s === "string" && s.length >= 7;

/** Every month from the earliest to the latest of these dates ("2025-02" or "2025-02-14"). */
function monthsBetween(dates: string[]): string[] {
  const months = dates
    .filter((d) => /^\d{4}-\d{2}/.test(d))
    .map((d) => d.slice(0, 7))
    .sort();
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return [];
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  for (let n = 0; n < 60; n++) {
    const month = `${y}-${String(m).padStart(2, "0")}`;
    out.push(month);
    if (month >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
