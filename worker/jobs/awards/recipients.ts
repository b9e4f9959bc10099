import type { Db } from "../../../db/client.ts";
import {
  type NewRecipientAward,
  type RecipientToSearch,
  recipientsToSearch,
  recordRecipientSearchFailure,
  saveRecipientAwards,
} from "../../../db/queries/affiliations.ts";
import { asError } from "../../lib/as-error.ts";
import type { StepContext, StepResult } from "../run-step.ts";
import { BudgetExhausted, type FetchPolicy } from "../sources/http.ts";
import {
  type AwardTypeGroup,
  type RecipientAwardResult,
  searchAwardsByRecipient,
} from "../sources/usaspending.ts";
import { lookupCounts } from "./queue.ts";
import { STALE_DAYS } from "./step.ts";

/**
 * The federal awards of the recipients members' affiliations name: for each affiliation due a
 * lookup (never searched, its recipient corrected, or searched more than STALE_DAYS ago), its
 * recipient is searched in USAspending's award search through the award evidence's own adapter,
 * retries and budget, and the awards found are stored with the search's time, URL and source.
 */

/**
 * The award type groups searched (one search may name one group only): contracts and orders,
 * vehicles, and grants. Loans, direct payments and other assistance are not searched.
 */
export const RECIPIENT_GROUPS: readonly AwardTypeGroup[] = ["contracts", "idvs", "grants"];

/**
 * Search one affiliation's recipient, every group, and store what was found. A UEI is searched
 * when the affiliation gives one, and only results with that UEI (or none reported) are kept, as
 * USAspending's text search may match more; else the name, whose results are kept as returned.
 * Everything is fetched before anything is written, so a failed request leaves what was stored.
 */
export async function refreshRecipientAwards(
  db: Db,
  base: string,
  policy: FetchPolicy,
  target: RecipientToSearch,
): Promise<{ found: number }> {
  const searchedBy = target.recipientUei ? "uei" : "name";
  const text = (target.recipientUei ?? target.recipientName ?? "").trim();
  if (!text) return { found: 0 };
  const awards: NewRecipientAward[] = [];
  let complete = true;
  let standIn: string | null = null;
  let url = "";
  for (const group of RECIPIENT_GROUPS) {
    const answer = await searchAwardsByRecipient(base, text, group, policy);
    url = answer.url;
    complete &&= answer.complete;
    standIn ??= answer.standIn;
    const kept =
      searchedBy === "uei"
        ? answer.results.filter(
            (r) => !r["Recipient UEI"] || r["Recipient UEI"].toUpperCase() === text.toUpperCase(),
          )
        : answer.results;
    awards.push(...kept.map((r) => awardValues(r, group)));
  }
  await saveRecipientAwards(
    db,
    target.affiliationId,
    {
      searchedBy,
      searchedText: text,
      sourceUrl: url,
      source: standIn ? "stand-in" : "usaspending",
      sourceNote: standIn,
      complete,
    },
    awards,
  );
  return { found: awards.length };
}

function awardValues(r: RecipientAwardResult, group: AwardTypeGroup): NewRecipientAward {
  return {
    awardId: r.generated_internal_id,
    awardKey: r["Award ID"],
    typeGroup: group,
    recipientName: r["Recipient Name"],
    recipientUei: r["Recipient UEI"],
    awardingAgency: r["Awarding Agency"],
    amount: r["Award Amount"],
    startDate: r["Start Date"]?.slice(0, 10) ?? null,
    endDate: r["End Date"]?.slice(0, 10) ?? null,
    raw: r,
  };
}

/** Requests one affiliation's lookup makes: one search per group. */
const REQUESTS_PER_RECIPIENT = RECIPIENT_GROUPS.length;

/**
 * The job's step: as many affiliations as the run's budget allows, each stored on its own. One
 * whose lookup fails is recorded with its error and backed off, and the run goes on; only a
 * spent budget stops it (the rest wait for the next run).
 */
export async function recipientAwardsStep(
  db: Db,
  { config, policy }: StepContext,
): Promise<StepResult> {
  const counts = lookupCounts();
  const room = Math.floor(policy.budget.left / REQUESTS_PER_RECIPIENT);
  const targets = await recipientsToSearch(db, room + 1, STALE_DAYS);
  if (targets.length > room) counts.complete = false;
  for (const target of targets.slice(0, room)) {
    try {
      await refreshRecipientAwards(db, config.USASPENDING_API_URL, policy, target);
    } catch (err) {
      if (err instanceof BudgetExhausted) {
        counts.complete = false;
        break;
      }
      await recordRecipientSearchFailure(db, target.affiliationId, asError(err).message);
      counts.failed = (counts.failed ?? 0) + 1;
      continue;
    }
    counts.fetched += 1;
    counts.changed += 1;
  }
  return counts;
}
