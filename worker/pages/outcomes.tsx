import Big from "big.js";
import type { CaseRecord } from "../domain/cases.ts";
import type { OutcomeTotalsRecord, ProposalOutcomes } from "../domain/outcomes.ts";
import { DIVERGENCE_MEANING, OUTCOME_MEANING } from "../savings/outcomes.ts";
import { fullMoney } from "./format.ts";
import { ScrollBox, SourceLink, TableHead } from "./layout.tsx";

const EVIDENCE_TEXT = {
  transaction: "USAspending transaction",
  tracker_ledger: "another tracker's ledger",
  court_docket: "court docket",
} as const;

/**
 * "What happened next": the claim's current outcome and divergence, then every event with its
 * evidence. Another tracker's finding is named as its finding, never as cutwatch's.
 */
export function WhatHappenedNext({ outcomes }: { outcomes: ProposalOutcomes }) {
  const o = outcomes;
  return (
    <section aria-labelledby="what-happened-next">
      <h2 id="what-happened-next">What happened next</h2>
      {o.outcome ? (
        <p>
          <span class="badge">{o.outcome.replace(/_/g, " ")}</span>
          {o.outcome_on ? ` (${o.outcome_on})` : null}: {OUTCOME_MEANING[o.outcome]}
        </p>
      ) : (
        <p class="muted">
          No outcome on record: no award transaction, tracker or court has shown what became of this
          claim. That is not evidence that the cut stuck.
        </p>
      )}
      {o.divergence ? (
        <p>
          Claim against outcome: <strong>{o.divergence.replace(/_/g, " ")}</strong>.{" "}
          {DIVERGENCE_MEANING[o.divergence]}
        </p>
      ) : null}
      {o.events.length ? (
        <ScrollBox label="Outcome events">
          <table>
            <TableHead
              columns={[
                "Date",
                "Outcome",
                "Evidence",
                "Modification",
                { num: "Obligation" },
                "Source",
              ]}
            />
            <tbody>
              {o.events.map((e) => (
                <tr class={e.retracted_at ? "muted" : undefined}>
                  <td>{e.occurred_on ?? `checked ${e.as_of}`}</td>
                  <td>
                    {e.kind.replace(/_/g, " ")}
                    {e.current ? " (current)" : null}
                    {e.retracted_at ? ` (retracted: ${e.retraction_reason ?? ""})` : null}
                  </td>
                  <td>
                    {EVIDENCE_TEXT[e.evidence]}, recorded by {e.recorded_by}
                    {e.detail ? <div class="muted">{e.detail}</div> : null}
                  </td>
                  <td>
                    {[e.modification_number, e.action_type, e.action_type_description]
                      .filter(Boolean)
                      .join(" · ") || "—"}
                  </td>
                  <td class="num">{e.obligation === null ? "—" : fullMoney(e.obligation)}</td>
                  <td>
                    <SourceLink url={e.source_url} text={e.source_name} />
                    {e.evidence === "tracker_ledger" ? (
                      <div class="muted">its finding, as of {e.as_of}; not cutwatch's</div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
      <p class="muted">
        An editor's finding beats a machine's; otherwise the latest evidence is the outcome. As
        JSON:{" "}
        <a href={`/v1/proposals/${o.proposal_id}/outcomes`}>
          /v1/proposals/{o.proposal_id}/outcomes
        </a>
        .
      </p>
    </section>
  );
}

/** An agency's outcome totals and the lawsuits that name it. */
export function AgencyAfterTheClaim(props: {
  code: string;
  totals: OutcomeTotalsRecord | undefined;
  cases: CaseRecord[];
}) {
  const t = props.totals;
  const pct = (share: string | null) =>
    share === null ? "—" : `${new Big(share).times(100).round(0).toString()}%`;
  return (
    <>
      <h2 id="outcomes">What happened next</h2>
      {t ? (
        <p>
          Of the {fullMoney(t.claimed)} claimed here, {fullMoney(t.checked)} ({pct(t.share_checked)}
          ) is in {t.checked_claims} claims whose outcome is on record: {pct(t.share_still_cut)} of
          that still cut, {pct(t.share_not_cut)} continued or reinstated. Outcomes include other
          trackers' findings, named on each claim.{" "}
          <a href={`/v1/outcomes/by-agency?agency=${props.code}`}>As JSON</a>.
        </p>
      ) : (
        <p class="muted">No claim here has an outcome on record.</p>
      )}
      <h2 id="cases">Lawsuits naming this agency</h2>
      {props.cases.length ? (
        <ScrollBox label="Lawsuits naming this agency">
          <table>
            <TableHead columns={["Filed", "Case", "Docket", "Status"]} />
            <tbody>
              {props.cases.map((c) => (
                <tr>
                  <td>{c.filed_on ?? "—"}</td>
                  <td>
                    {c.name}
                    {c.description ? <div class="muted">{c.description}</div> : null}
                  </td>
                  <td>
                    <SourceLink url={c.url} text={c.docket} />
                  </td>
                  <td>{c.status ?? "not given"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="muted">No case in the compilation names this agency.</p>
      )}
      <p class="muted">
        Cases from a public compilation (harrisj/trump_data, CC0, as of 2025-08-07).{" "}
        <a href={`/v1/cases?agency=${props.code}`}>As JSON</a>.
      </p>
    </>
  );
}
