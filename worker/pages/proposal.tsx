import type { EvidenceRow } from "../../db/queries/assessments.ts";
import type { ProposalPageData } from "../domain/proposal-page.ts";
import type { ProposalRecord, ProposalSource } from "../domain/proposals.ts";
import { MONEY_FIELDS } from "../lib/money.ts";
import { snakeName } from "../lib/serialize.ts";
import { STATUS_MEANING } from "../savings/statuses.ts";
import { cellText, compactMoney, fieldLabel, fullMoney, utcTime } from "./format.ts";
import { History } from "./history.tsx";
import { Page, ScrollBox, SourceLink, TableHead } from "./layout.tsx";
import { UnknownRemoval } from "./lists-freshness.tsx";
import { WhatHappenedNext } from "./outcomes.tsx";
import { MembersNearClaimSection } from "./postings.tsx";

const STATUS_TEXT = STATUS_MEANING;

export function ProposalPage({ data }: { data: ProposalPageData }) {
  const p = data.proposal;
  return (
    <Page
      title={p.title}
      description={`A claimed cut of ${fullMoney(p.claimed_savings)} at ${p.agency_name ?? "an unnamed agency"}: ${checkedPhrase(p.assessment?.status)}.`}
      updated={p.assessment?.computed_at ?? p.last_seen_at}
    >
      <p class="muted">
        Claim #{p.id} · {p.kind} · {p.commission}
        {p.removed ? (
          <>
            {" "}
            · <span class="badge">removed from the source {utcTime(p.removed_from_source_at)}</span>
          </>
        ) : null}
        {p.retracted_at ? (
          <>
            {" "}
            · <span class="badge">retracted {utcTime(p.retracted_at)}</span>
          </>
        ) : null}
      </p>
      <UnknownRemoval lists={data.lists} removed={p.removed} />
      <h1>{p.title}</h1>
      {p.description ? <p class="lede">{p.description}</p> : null}

      <ul class="totals" aria-label="Claimed and taken back">
        <li class="claimed-mark" data-total="claimed">
          <span class="label">Claimed saving</span>
          <span class="value">{compactMoney(p.claimed_savings)}</span>
          <span class="note">{fullMoney(p.claimed_savings)}</span>
        </li>
        <li class="verified-mark" data-total="taken-back">
          <span class="label">Taken back on the record (verified)</span>
          <span class="value">
            {p.assessment?.taken_back != null
              ? compactMoney(p.assessment.taken_back)
              : p.assessment
                ? "no record compared"
                : "not checked yet"}
          </span>
          <span class="note">
            {p.assessment
              ? STATUS_TEXT[p.assessment.status]
              : "the award record has not been fetched yet"}
          </span>
        </li>
      </ul>

      <h2>The claim</h2>
      <Facts p={p} />
      {data.source?.corrected.length ? <Corrections source={data.source} /> : null}

      <h2>Assessment</h2>
      <Assessment p={p} />

      <h2>Award evidence</h2>
      <Evidence evidence={data.evidence} />

      <WhatHappenedNext outcomes={data.outcomes} />

      <MembersNearClaimSection near={data.members} proposalId={p.id} />

      <h2 id="history">History</h2>
      <p class="muted">
        Every version of this claim as cutwatch recorded it, newest first: what changed, when, and
        by whom (an editor's key) or by which source. Also as JSON:{" "}
        <a href={`/v1/proposals/${p.id}/history`}>/v1/proposals/{p.id}/history</a>.
      </p>
      <History versions={data.versions} />
    </Page>
  );
}

// The corrections name fields as the API does.
const MONEY_API_FIELDS = new Set([...MONEY_FIELDS].map(snakeName));

/** Where an editor corrected the claim: what its source still says, field by field. */
function Corrections({ source }: { source: ProposalSource }) {
  return (
    <>
      <h3 id="corrections">Corrected by an editor</h3>
      <p class="muted">
        This claim differs from its source in the fields below. A sync never overwrites a
        correction; the source's own changes to these fields are recorded in the history. As JSON:{" "}
        <a href={`/v1/proposals/${source.proposal_id}/source`}>
          /v1/proposals/{source.proposal_id}/source
        </a>
        .
      </p>
      <ScrollBox label="Fields corrected from the source">
        <table class="corrections">
          <TableHead columns={["Field", "The source says"]} />
          <tbody>
            {source.corrected.map((field) => {
              const value = source.values[field];
              return (
                <tr>
                  <th scope="row">{fieldLabel(field)}</th>
                  <td>
                    {MONEY_API_FIELDS.has(field) && typeof value === "string"
                      ? fullMoney(value)
                      : cellText(value)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}

function Facts({ p }: { p: ProposalRecord }) {
  const facts: [string, unknown][] = [
    [
      "Agency",
      p.agency_code ? <a href={`/agencies/${p.agency_code}`}>{p.agency_name}</a> : p.agency_name,
    ],
    ["Recipient", p.recipient],
    ["Claimed on", p.claim_date],
    ["Contract value", p.claimed_value === null ? null : fullMoney(p.claimed_value)],
    ["PIID", p.piid],
    ["Parent award (IDV)", p.parent_piid],
    ["FAIN", p.fain],
    ["Lease location", p.lease_location],
    ["Status at source", p.source_status],
    ["Receipts", p.receipt_count.toLocaleString("en-US")],
    ["First seen", utcTime(p.first_seen_at)],
    ["Last seen at the source", utcTime(p.last_seen_at)],
    ["Version", p.version],
  ];
  return (
    <>
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== null && value !== undefined && value !== "")
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{typeof value === "object" ? value : String(value)}</dd>
            </>
          ))}
      </dl>
      {p.receipt_dates ? <PoolDates p={p} dates={p.receipt_dates} /> : null}
      <h3>Sources</h3>
      <ul>
        {p.source_url ? (
          <li>
            <SourceLink url={p.source_url} /> (as published)
          </li>
        ) : null}
        {p.sources.map((s) => (
          <li>
            <SourceLink url={s.url} text={s.title} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** A pool of unidentified receipts: what it holds, by the claim dates the source gave. */
function PoolDates({
  p,
  dates,
}: {
  p: ProposalRecord;
  dates: NonNullable<ProposalRecord["receipt_dates"]>;
}) {
  return (
    <>
      <p>
        A pool: the {p.receipt_count.toLocaleString("en-US")} receipts the source lists at this
        agency without any identifier. They cannot be told apart from one list to the next, so they
        are tracked together; a change to them is a change of the pool, never a claim removed or
        added.
      </p>
      <ScrollBox label="The pool's receipts by claim date">
        <table id="receipt-dates">
          <caption>The pool's receipts by claim date</caption>
          <TableHead columns={["Claim date", { num: "Receipts" }, { num: "Claimed" }]} />
          <tbody>
            {Object.entries(dates).map(([day, d]) => (
              <tr>
                <td>{day}</td>
                <td class="num">{d.receipts.toLocaleString("en-US")}</td>
                <td class="num">{fullMoney(d.savings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}

function Assessment({ p }: { p: ProposalRecord }) {
  const a = p.assessment;
  if (!a) {
    return (
      <p>
        Not assessed yet: the job fetches the award record this claim names, then checks it under
        the methodology.
      </p>
    );
  }
  return (
    <dl class="facts">
      <dt>Verdict</dt>
      <dd>
        <span class="badge">{a.status}</span> {STATUS_TEXT[a.status]}
      </dd>
      <dt>Taken back on the record (verified)</dt>
      <dd>{fullMoney(a.taken_back)}</dd>
      {a.status === "exceeds_record" ? (
        <>
          <dt>What the record allows (the claim exceeds it)</dt>
          <dd>{fullMoney(a.verified_high)}</dd>
        </>
      ) : (
        <>
          <dt>Not ruled out by the record (not verified)</dt>
          <dd>{fullMoney(a.not_ruled_out)}</dd>
        </>
      )}
      <dt>Newest record used</dt>
      <dd>
        {a.record_date ?? "no dated action"}
        {a.record_predates_claim
          ? " (older than the claim: the record cannot show the claimed cut)"
          : ""}
      </dd>
      <dt>Ceiling cut on record</dt>
      <dd>{fullMoney(a.ceiling_cut)} (the commission's own measure, never counted as verified)</dd>
      <dt>Unexercised options</dt>
      <dd>{fullMoney(a.potential_avoided)} (never counted as a saving)</dd>
      {a.duplicate_of ? (
        <>
          <dt>Counted under</dt>
          <dd>
            <a href={`/proposals/${a.duplicate_of}`}>claim #{a.duplicate_of}</a>
          </dd>
        </>
      ) : null}
      <dt>Methodology</dt>
      <dd>
        <a href="/v1/methodology">version {a.methodology_version}</a>, computed{" "}
        {utcTime(a.computed_at)}
      </dd>
    </dl>
  );
}

type Deobligation = { key: string; action_date: string | null; amount: string | null };

function Evidence({ evidence }: { evidence: EvidenceRow | undefined }) {
  if (!evidence?.award_id) return <p>The claim names no award to check it against.</p>;
  return (
    <>
      {evidence.lookup_error ? <LookupFailure evidence={evidence} /> : null}
      <AwardRecord evidence={evidence} award_id={evidence.award_id} />
    </>
  );
}

/**
 * The award's last lookup failed: said so, with the error, whatever record is shown below (an
 * earlier one stays as it was).
 */
function LookupFailure({ evidence }: { evidence: EvidenceRow }) {
  const attempts = evidence.lookup_attempts ?? 1;
  return (
    <p class="lookup-failed" role="status">
      <span class="badge">lookup failed</span> The last lookup of this award at USAspending failed (
      {attempts} {attempts === 1 ? "attempt" : "attempts"}, last{" "}
      {utcTime(evidence.lookup_failed_at)}
      ): <code>{evidence.lookup_error}</code>.{" "}
      {!evidence.lookup_gave_up
        ? "The queue of award lookups is retrying it."
        : evidence.lookup_retry_at
          ? `The job tries again after ${utcTime(evidence.lookup_retry_at)}.`
          : "The job tries again on its next run."}
    </p>
  );
}

function AwardRecord({ evidence, award_id }: { evidence: EvidenceRow; award_id: string }) {
  const link = `https://www.usaspending.gov/award/${encodeURIComponent(award_id)}`;
  if (!evidence.award_status) {
    return (
      <p>
        Award <code>{award_id}</code> has not been fetched from USAspending yet.
      </p>
    );
  }
  if (evidence.award_status === "not_found") {
    const search = evidence.evidence?.award_search;
    return (
      <p>
        USAspending has no award <code>{award_id}</code> (checked {utcTime(evidence.fetched_at)})
        {search ? `; a search by its PIID ended "${String(search).replaceAll("_", " ")}"` : ""}.
      </p>
    );
  }
  const deobligations = (evidence.evidence?.deobligations ?? []) as Deobligation[];
  const start = evidence.evidence?.commission_start as string | null | undefined;
  const before = evidence.evidence?.deobligated_before_start as string | undefined;
  return (
    <>
      <dl class="facts">
        <dt>Award</dt>
        <dd>
          <a href={link} rel="nofollow">
            {award_id}
          </a>
        </dd>
        <dt>Recipient</dt>
        <dd>{cellText(evidence.recipient)}</dd>
        <dt>Obligated</dt>
        <dd>{fullMoney(evidence.total_obligation)}</dd>
        <dt>Paid (outlays)</dt>
        <dd>
          {evidence.total_outlay === null ? "not reported" : fullMoney(evidence.total_outlay)}
        </dd>
        <dt>Base and exercised options</dt>
        <dd>{fullMoney(evidence.base_exercised_options)}</dd>
        <dt>Base and all options</dt>
        <dd>{fullMoney(evidence.base_and_all_options)}</dd>
        <dt>Period of performance</dt>
        <dd>
          {cellText(evidence.period_start)} to {cellText(evidence.period_end)}
        </dd>
        <dt>Record</dt>
        <dd>{evidence.record_source ?? "USAspending, live"}</dd>
        <dt>{evidence.record_source ? "As of" : "Fetched"}</dt>
        <dd>{utcTime(evidence.fetched_at)}</dd>
      </dl>
      {deobligations.length ? (
        <ScrollBox label="Money taken back">
          <table>
            <caption>
              {start
                ? `Money taken back since the commission began (${start})`
                : "Money taken back"}
            </caption>
            <TableHead columns={["Transaction", "Action date", { num: "Amount" }]} />
            <tbody>
              {deobligations.map((d) => (
                <tr>
                  <td>
                    <code>{d.key}</code>
                  </td>
                  <td>{cellText(d.action_date)}</td>
                  <td class="num">{fullMoney(d.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p>No money taken back on record{start ? ` since the commission began (${start})` : ""}.</p>
      )}
      {before && before !== "0.00" ? (
        <p>
          {fullMoney(before)} was taken back before the commission began: not counted as its saving.
        </p>
      ) : null}
    </>
  );
}

/** What the meta description may say of the claim's check: only what was done. */
function checkedPhrase(status: string | undefined): string {
  if (!status || status === "not_yet_checked") return "not yet checked against the budget records";
  if (status === "unverifiable") return "it names no record to check it against";
  if (status === "no_saving_claimed") return "it claims no saving";
  if (status === "duplicate") return "counted under another claim of the same award";
  if (status === "not_found") return "USAspending has no record of the award it names";
  return "checked against the budget records";
}
