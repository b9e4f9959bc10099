/**
 * Dates as public reports give them, with their precision: a day ("2025-02-14"), a day reported
 * as approximate ("2025-02-14~": about then), a month only ("2025-02-XX": some day in February),
 * or nothing. A month-only date is stored as the month's first day with precision `month`, never
 * as a made-up day; where a range is needed it covers the whole month. Pure.
 */
export type DatePrecision = "day" | "approximate" | "month" | "unknown";

export type ApproxDate = { on: string | null; precision: DatePrecision };

/** "2025-02-14" | "2025-02-14~" | "2025-02-XX" | null → the date and its precision; null when unreadable. */
export function parseApproxDate(text: string | null | undefined): ApproxDate | null {
  const t = (text ?? "").trim();
  if (!t) return { on: null, precision: "unknown" };
  const day = /^(\d{4}-\d{2}-\d{2})(~?)$/.exec(t);
  if (day?.[1] && isDay(day[1])) {
    return { on: day[1], precision: day[2] ? "approximate" : "day" };
  }
  const month = /^(\d{4}-\d{2})-XX$/i.exec(t);
  if (month?.[1] && isDay(`${month[1]}-01`)) return { on: `${month[1]}-01`, precision: "month" };
  return null;
}

/** How a reader sees it: "2025-02-14", "about 2025-02-14", "February 2025", "not reported". */
export function approxDateText(d: ApproxDate): string {
  if (!d.on) return "not reported";
  if (d.precision === "month") {
    const [y, m] = d.on.split("-");
    return `${MONTHS[Number(m) - 1]} ${y}`;
  }
  return d.precision === "approximate" ? `about ${d.on}` : d.on;
}

/**
 * The days a date may stand for: one day, or the whole month of a month-only date. An
 * approximate day is taken as that day (the window around claims absorbs the approximation).
 */
export function dateRange(d: ApproxDate): { first: string; last: string } | null {
  if (!d.on) return null;
  if (d.precision !== "month") return { first: d.on, last: d.on };
  const [y, m] = d.on.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first: d.on, last };
}

/**
 * Whether a posting from `start` to `end` may have covered `day`: it began on or before the
 * day's end (a month-only start counts from its month's first day) and had not ended before it
 * (a month-only end counts to its month's last day; no end reported counts as still there). An
 * unknown start never places a posting on a day.
 */
export function postedOn(start: ApproxDate, end: ApproxDate, day: string): boolean {
  const from = dateRange(start);
  if (!from) return false;
  const to = dateRange(end);
  return from.first <= day && (!to || to.last >= day);
}

function isDay(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
