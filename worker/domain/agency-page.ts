import type { Db } from "../../db/client.ts";
import { getAgency } from "../../db/queries/agencies.ts";
import { listProposals } from "../../db/queries/proposals.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { findCases } from "./cases.ts";
import { membersPostedAt } from "./members.ts";
import { outcomesByAgency } from "./outcomes.ts";
import { savingsByAgency, savingsByMonth } from "./savings.ts";

const TOP_CLAIMS = 25;

/** `/agencies/{code}`: an agency's savings by month, its largest claims, postings and outcomes. */
export async function loadAgency(db: Db, code: string) {
  const agency = await getAgency(db, code);
  if (!agency) return undefined;
  const filters = { agency: code };
  const [row] = await savingsByAgency(db, filters);
  const months = await savingsByMonth(db, filters);
  const claims = await listProposals(db, {
    filters: { methodologyVersion: METHODOLOGY_VERSION, agency: code, removed: "false" },
    sort: "claimed_savings",
    desc: true,
    limit: TOP_CLAIMS,
  });
  const postings = (await membersPostedAt(db, code)).flatMap((m) =>
    m.postings.map((posting) => ({ memberId: m.member_id, name: m.name, posting })),
  );
  return {
    agency,
    row,
    byMonth: months,
    // Dated months only: the timeline has no place for undated claims.
    months: months.flatMap((m) =>
      m.month ? [{ month: m.month, claimed: m.claimed_as_published }] : [],
    ),
    claims,
    postings,
    outcomes: (await outcomesByAgency(db, { agency: code }))[0],
    cases: await findCases(db, { agency: code }),
  };
}

export type AgencyPageData = NonNullable<Awaited<ReturnType<typeof loadAgency>>>;

/** `/agencies`: what is claimed against each agency, and how much of it the records confirm. */
export async function loadAgencies(db: Db, commission: string | undefined) {
  return savingsByAgency(db, { commission });
}

export type AgenciesPageRows = Awaited<ReturnType<typeof loadAgencies>>;
