import type { Db } from "../../db/client.ts";
import {
  type AffiliationRow,
  affiliationsOf,
  type RecipientAwardRow,
  type RecipientSearchRow,
  recipientAwardsOf,
} from "../../db/queries/affiliations.ts";
import { type ApproxDate, approxDateText } from "../lib/approx-date.ts";
import { sumDecimals } from "../lib/money.ts";
import { isoTimestamp } from "../lib/serialize.ts";

/**
 * Members' affiliations (an employer, a company they own or lead, as a cited report says) and
 * the federal awards the job found for the recipient an affiliation names: the read model the
 * API and the member page share, and the editors' write service.
 */

/** What a reader must know of the awards listed beside a person. */
export const AWARDS_NOTE =
  "Awards to the organisation, as USAspending's award search finds its recipient; they are not the member's, and listing them says nothing of how they were won.";

/** Where an award's public record is. */
export const awardLink = (awardId: string) =>
  `https://www.usaspending.gov/award/${encodeURIComponent(awardId)}`;

export type RecipientAwardRecord = {
  award_id: string;
  award_key: string | null;
  type_group: string;
  recipient_name: string | null;
  recipient_uei: string | null;
  awarding_agency: string | null;
  amount: string | null;
  start_date: string | null;
  end_date: string | null;
  link: string;
};

export type FederalAwards = {
  /** `uei` or `name`: what was searched; null until the job has searched. */
  searched_by: string | null;
  searched_text: string | null;
  fetched_at: string | null;
  /** `usaspending`, or `stand-in`: a local stand-in served the records, not USAspending. */
  source: string | null;
  source_note: string | null;
  source_url: string | null;
  /** False when USAspending has more awards than are listed (the largest of each group are). */
  complete: boolean | null;
  last_error: string | null;
  last_attempt_at: string | null;
  awards: RecipientAwardRecord[];
  total: string;
  note: string;
};

export type AffiliationRecord = {
  id: number;
  organization: string;
  relation: string;
  title: string | null;
  start_on: string | null;
  start_precision: AffiliationRow["startPrecision"];
  end_on: string | null;
  end_precision: AffiliationRow["endPrecision"];
  dates: string;
  recipient: { uei: string | null; name: string | null } | null;
  source: { url: string };
  /** The recipient's federal awards; null when the affiliation names no recipient. */
  federal_awards: FederalAwards | null;
  retracted_at: string | null;
  retraction_reason: string | null;
};

/** These members' affiliations, with their recipients' awards, keyed by member id. */
export async function affiliationRecords(
  db: Db,
  memberIds: number[],
): Promise<Map<number, AffiliationRecord[]>> {
  const rows = await affiliationsOf(db, memberIds);
  const { searches, awards } = await recipientAwardsOf(
    db,
    rows.filter(namesRecipient).map((r) => r.id),
  );
  const byMember = new Map<number, AffiliationRecord[]>();
  for (const row of rows) {
    const search = searches.find((s) => s.affiliationId === row.id);
    const found = awards.filter((a) => a.affiliationId === row.id);
    const list = byMember.get(row.memberId) ?? [];
    list.push(affiliationRecord(row, search, found));
    byMember.set(row.memberId, list);
  }
  return byMember;
}

const namesRecipient = (a: AffiliationRow) =>
  a.retractedAt === null && (a.recipientUei !== null || a.recipientName !== null);

function affiliationRecord(
  a: AffiliationRow,
  search: RecipientSearchRow | undefined,
  awards: RecipientAwardRow[],
): AffiliationRecord {
  const start: ApproxDate = { on: a.startOn, precision: a.startPrecision };
  const end: ApproxDate = { on: a.endOn, precision: a.endPrecision };
  const named = a.recipientUei !== null || a.recipientName !== null;
  return {
    id: a.id,
    organization: a.organization,
    relation: a.relation,
    title: a.title,
    start_on: a.startOn,
    start_precision: a.startPrecision,
    end_on: a.endOn,
    end_precision: a.endPrecision,
    dates: spanText(start, end),
    recipient: named ? { uei: a.recipientUei, name: a.recipientName } : null,
    source: { url: a.sourceUrl },
    federal_awards: namesRecipient(a) ? federalAwards(a, search, awards) : null,
    retracted_at: a.retractedAt && isoTimestamp(a.retractedAt),
    retraction_reason: a.retractionReason,
  };
}

/**
 * The awards found for an affiliation's recipient. Those found for another recipient than it
 * now names (an editor corrected it since) are not listed: it awaits its own lookup.
 */
function federalAwards(
  a: AffiliationRow,
  found: RecipientSearchRow | undefined,
  rows: RecipientAwardRow[],
): FederalAwards {
  const current = found?.searchedText === (a.recipientUei ?? a.recipientName);
  const search = current ? found : undefined;
  const awards = (current ? rows : []).map(
    (r): RecipientAwardRecord => ({
      award_id: r.awardId,
      award_key: r.awardKey,
      type_group: r.typeGroup,
      recipient_name: r.recipientName,
      recipient_uei: r.recipientUei,
      awarding_agency: r.awardingAgency,
      amount: r.amount,
      start_date: r.startDate,
      end_date: r.endDate,
      link: awardLink(r.awardId),
    }),
  );
  const stamp = (t: string | null | undefined) => (t ? isoTimestamp(t) : null);
  return {
    searched_by: search?.searchedBy ?? null,
    searched_text: search?.searchedText ?? null,
    fetched_at: stamp(search?.fetchedAt),
    source: search?.source ?? null,
    source_note: search?.sourceNote ?? null,
    source_url: search?.sourceUrl ?? null,
    complete: search?.complete ?? null,
    // A failure is the latest lookup's, whichever recipient it was for.
    last_error: found?.lastError ?? null,
    last_attempt_at: stamp(found?.lastAttemptAt),
    awards,
    total: sumDecimals(awards.flatMap((a) => (a.amount === null ? [] : [a.amount]))),
    note: AWARDS_NOTE,
  };
}

/** An affiliation's dates as a reader reads them: "March 2019 to about 2024-05-01", "not reported". */
function spanText(start: ApproxDate, end: ApproxDate): string {
  if (!start.on && !end.on) return "not reported";
  if (!end.on) return `${approxDateText(start)} onwards (no end reported)`;
  if (!start.on) return `until ${approxDateText(end)} (no start reported)`;
  return `${approxDateText(start)} to ${approxDateText(end)}`;
}
