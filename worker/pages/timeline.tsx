import Big from "big.js";
import { CLAIMED, ClaimedHatch } from "./charts.tsx";
import { compactMoney } from "./format.ts";
import type { PostingLine } from "./postings.tsx";

/**
 * An agency's postings on a timeline beside its claims by month, one server-rendered SVG (no
 * script, as charts.tsx): a column per month of claims on top, hatched like the claimed bars
 * elsewhere and labelled with its amount; under it a lane per dated posting from its start month
 * to its end month, a posting with no end reported drawn open (dashed) to the axis's end. A
 * month-only date spans its month. Undated postings are not drawn: the table beside lists them.
 */
const INK = "#1b1f24";
const POSTED = "#3b5b92";
const LABEL_W = 170;
const COLUMNS_H = 90;
const LANE_H = 18;

type MonthClaims = { month: string; claimed: string };

export function PostingTimeline(props: {
  id: string;
  title: string;
  months: MonthClaims[];
  postings: PostingLine[];
  width?: number;
}) {
  const width = props.width ?? 760;
  const dated = props.postings.filter((p) => p.posting.start_on);
  const axis = monthsBetween([
    ...props.months.map((m) => m.month),
    ...dated.flatMap((p) => [p.posting.start_on, p.posting.end_on].filter(isText)),
  ]);
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
      class="chart"
      fontFamily="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
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
        const startMonth = (p.start_on as string).slice(0, 7);
        const endMonth = p.end_on ? p.end_on.slice(0, 7) : (axis.at(-1) as string);
        const from = x(startMonth);
        // An end reported before the start (as one posting is) draws one month, not backwards.
        const to = x([startMonth, endMonth].sort()[1] as string) + colW;
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
