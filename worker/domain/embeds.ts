import type { Db } from "../../db/client.ts";
import { getAgency } from "../../db/queries/agencies.ts";
import { getCommission } from "../../db/queries/commissions.ts";
import { freshness, type Measures } from "../../db/queries/savings.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { savingsByAgency, savingsByCommission } from "./savings.ts";

/** A widget's figures: whose they are, the page they link to, and how fresh the data is. */
export type EmbedData = {
  title: string;
  href: string;
  /** Undefined when nothing is claimed there yet. */
  totals: Measures | undefined;
  freshness: Awaited<ReturnType<typeof freshness>>;
};

/** `/embed/summary`: a commission's totals; undefined when there is no such commission. */
export async function loadSummaryEmbed(db: Db, commission: string): Promise<EmbedData | undefined> {
  const found = await getCommission(db, commission);
  if (!found) return undefined;
  const [totals] = await savingsByCommission(db, { commission });
  return {
    title: found.name,
    href: `/?commission=${found.slug}`,
    totals,
    freshness: await freshness(db, METHODOLOGY_VERSION),
  };
}

/** `/embed/agency/{code}`: an agency's totals; undefined when there is no such agency. */
export async function loadAgencyEmbed(db: Db, code: string): Promise<EmbedData | undefined> {
  const agency = await getAgency(db, code);
  if (!agency) return undefined;
  const [row] = await savingsByAgency(db, { agency: code });
  return {
    title: agency.name,
    href: `/agencies/${agency.code}`,
    totals: row,
    freshness: await freshness(db, METHODOLOGY_VERSION),
  };
}
