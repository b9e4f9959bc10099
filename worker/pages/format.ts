import Big from "big.js";
import { dollars } from "../lib/money.ts";
import { isoTimestamp } from "../lib/serialize.ts";

/**
 * Display formats for money and times on the pages. Amounts arrive as decimal strings and are
 * only ever rounded for display here, never summed.
 */

const UNITS = [
  { at: new Big("1e12"), suffix: "T" },
  { at: new Big("1e9"), suffix: "B" },
  { at: new Big("1e6"), suffix: "M" },
  { at: new Big("1e3"), suffix: "K" },
];

/**
 * "$27.96 B": short enough for a headline or a chart label. Under a thousand the amount is
 * exact ("$7.50", "$800"): rounding a small claim to whole dollars would misstate it.
 */
export function compactMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  const value = new Big(amount);
  const sign = value.lt(0) ? "−" : "";
  const abs = value.abs();
  const unit = UNITS.find((u) => abs.gte(u.at));
  if (!unit) return `${sign}$${abs.mod(1).eq(0) ? abs.toFixed(0) : abs.toFixed(2)}`;
  return `${sign}$${abs.div(unit.at).toFixed(2)} ${unit.suffix}`;
}

/** "$27,957,474,106.00": the exact amount, for tables and titles. */
export function fullMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  return `${new Big(amount).lt(0) ? "−" : ""}${dollars(amount)}`;
}

/**
 * part ÷ whole as a percent, or null when the whole is 0. Whole percents from 1% up; below, one
 * decimal ("0.3%"), and "under 0.1%" rather than a "0%" that reads as nothing at all.
 */
export function share(part: string, whole: string): string | null {
  const w = new Big(whole);
  if (w.eq(0)) return null;
  const percent = new Big(part).div(w).times(100);
  if (percent.gte(1) || percent.eq(0)) return `${percent.toFixed(0)}%`;
  if (percent.gte(0.1)) return `${percent.toFixed(1)}%`;
  return "under 0.1%";
}

/** An ISO timestamp (or Postgres timestamp text) as "2025-04-16 14:03 UTC". */
export function utcTime(value: string | null | undefined): string {
  if (!value) return "never";
  const iso = value.includes("T") ? value : isoTimestamp(value);
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** A field name as a reader would say it: "claimed_savings" → "claimed savings". */
export const fieldLabel = (name: string) => name.replaceAll("_", " ");

/** Any stored value as short text for a table cell. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
