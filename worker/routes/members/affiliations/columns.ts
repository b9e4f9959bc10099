import type { NewAffiliation } from "../../../../db/queries/affiliations.ts";
import { dateColumns } from "../../../domain/postings.ts";
import type { AffiliationBody } from "../../../schemas/affiliations.ts";

/** A body's fields as affiliation columns; a field not sent is not touched. */
export function affiliationColumns(body: AffiliationBody): Partial<NewAffiliation> {
  const set = <K extends keyof NewAffiliation>(key: K, value: NewAffiliation[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...set("organization", body.organization),
    ...set("relation", body.relation),
    ...set("title", body.title),
    ...dateColumns(body.start, "start"),
    ...dateColumns(body.end, "end"),
    // UEIs are upper-case wherever they are published.
    ...set("recipientUei", body.recipient_uei?.toUpperCase() ?? body.recipient_uei),
    ...set("recipientName", body.recipient_name),
    ...set("sourceUrl", body.source),
  };
}
