import type { AffiliationRecord, FederalAwards } from "../domain/affiliations.ts";
import { cellText, compactMoney, fullMoney, utcTime } from "./format.ts";
import { SourceLink, TableHead } from "./layout.tsx";

/** A member's page: the organisations they are reported tied to, and their recipients' awards. */
export function AffiliationsSection(props: { affiliations: AffiliationRecord[]; name: string }) {
  return (
    <section id="affiliations">
      <h2>Affiliations</h2>
      {props.affiliations.length === 0 ? (
        <p>No affiliation recorded.</p>
      ) : (
        <>
          <table id="affiliation-list">
            <caption>Organisations {props.name} is reported tied to</caption>
            <TableHead columns={["Organisation", "Tie", "Title", "Dates as reported", "Source"]} />
            <tbody>
              {props.affiliations.map((a) => (
                <tr>
                  <td>
                    {a.organization}
                    {a.retracted_at ? (
                      <span class="badge" title={a.retraction_reason ?? ""}>
                        retracted
                      </span>
                    ) : null}
                  </td>
                  <td>{a.relation}</td>
                  <td>{cellText(a.title)}</td>
                  <td>{a.dates}</td>
                  <td>
                    <SourceLink url={a.source.url} text="report" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.affiliations.map((a) =>
            a.federal_awards ? <RecipientAwards affiliation={a} awards={a.federal_awards} /> : null,
          )}
        </>
      )}
    </section>
  );
}

function RecipientAwards(props: { affiliation: AffiliationRecord; awards: FederalAwards }) {
  const { affiliation: a, awards: f } = props;
  const recipient = [a.recipient?.name, a.recipient?.uei && `UEI ${a.recipient.uei}`]
    .filter(Boolean)
    .join(", ");
  return (
    <section id={`affiliation-${a.id}-awards`} class="recipient-awards">
      <h3>
        Federal awards to {recipient} ({a.organization})
      </h3>
      {f.source === "stand-in" ? (
        <p class="stand-in">
          <strong>From a local stand-in, not USAspending:</strong> {f.source_note}
        </p>
      ) : null}
      <p class="muted">{f.note}</p>
      {f.fetched_at === null ? (
        <p>
          Not looked up yet: the job searches USAspending for this recipient on its next run.
          {f.last_error ? ` The last attempt failed (${f.last_error}).` : ""}
        </p>
      ) : (
        <>
          <p>
            Searched by {f.searched_by === "uei" ? "UEI" : "name"} ("{f.searched_text}") in{" "}
            {f.source === "stand-in" ? "the stand-in's" : "USAspending's"} award search, fetched{" "}
            {utcTime(f.fetched_at)}: {f.awards.length} award(s), {fullMoney(f.total)} in all
            {f.complete === false
              ? "; there are more than listed (the largest of each kind are)"
              : ""}
            .
            {f.last_error
              ? ` A later lookup failed (${f.last_error}); these are the awards fetched before.`
              : ""}
          </p>
          {f.awards.length ? (
            <table id={`affiliation-${a.id}-award-list`}>
              <caption>Awards to {recipient}, largest first</caption>
              <TableHead
                columns={["Award", "Recipient", "Agency", { num: "Amount" }, "Start", "End"]}
              />
              <tbody>
                {f.awards.map((w) => (
                  <tr>
                    <td>
                      <a href={w.link}>{w.award_key ?? w.award_id}</a>
                    </td>
                    <td>{cellText(w.recipient_name)}</td>
                    <td>{cellText(w.awarding_agency)}</td>
                    <td class="num" data-amount={w.amount ?? ""}>
                      {compactMoney(w.amount)}
                    </td>
                    <td>{cellText(w.start_date)}</td>
                    <td>{cellText(w.end_date)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No award found.</p>
          )}
        </>
      )}
    </section>
  );
}
