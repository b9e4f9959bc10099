import * as v from "valibot";
import {
  HttpUrlField,
  IsoDate,
  nonEmptyPatch,
  OptionalText,
  ReasonField,
  Retraction,
  TextField,
  Timestamp,
} from "./common.ts";
import { Precision, ReportedDate } from "./dates.ts";

/** What ties a member to an organisation, as the cited report says it. */
export const RELATIONS = ["employer", "owner", "leader"] as const;

const Relation = v.pipe(
  v.picklist(RELATIONS),
  v.description(
    "`employer`: the member works or worked there; `owner`: owns or owned it (or a stake in it); `leader`: leads or led it (officer, director, founder at its head).",
  ),
);

const RecipientAwardSchema = v.object({
  award_id: v.pipe(v.string(), v.description("USAspending's `generated_unique_award_id`.")),
  award_key: v.pipe(
    v.nullable(v.string()),
    v.description("The PIID (contracts) or FAIN (grants)."),
  ),
  type_group: v.pipe(
    v.string(),
    v.description("The award type group searched: contracts, idvs, grants."),
  ),
  recipient_name: v.nullable(v.string()),
  recipient_uei: v.nullable(v.string()),
  awarding_agency: v.nullable(v.string()),
  amount: v.pipe(
    v.nullable(v.string()),
    v.description("The award's amount (obligated) as a decimal string; null when not given."),
  ),
  start_date: v.nullable(IsoDate),
  end_date: v.nullable(IsoDate),
  link: v.pipe(v.string(), v.description("The award's page on usaspending.gov.")),
});

const FederalAwardsSchema = v.object({
  searched_by: v.pipe(
    v.nullable(v.picklist(["uei", "name"])),
    v.description("What the job searched: the recipient's UEI, else its name; null until it has."),
  ),
  searched_text: v.nullable(v.string()),
  fetched_at: v.pipe(v.nullable(Timestamp), v.description("When the awards listed were fetched.")),
  source: v.pipe(
    v.nullable(v.picklist(["usaspending", "stand-in"])),
    v.description(
      "`usaspending`: USAspending's award search. `stand-in`: a local stand-in answered (a development or test deployment without internet): its records are real, but not a live USAspending result.",
    ),
  ),
  source_note: v.pipe(
    v.nullable(v.string()),
    v.description("The stand-in's account of its records."),
  ),
  source_url: v.pipe(v.nullable(v.string()), v.description("The search endpoint asked.")),
  complete: v.pipe(
    v.nullable(v.boolean()),
    v.description(
      "False when there are more awards than listed (the 100 largest of each type group are).",
    ),
  ),
  last_error: v.pipe(
    v.nullable(v.string()),
    v.description(
      "Why the last lookup failed, if it did; the awards listed stay those fetched before.",
    ),
  ),
  last_attempt_at: v.nullable(Timestamp),
  awards: v.array(RecipientAwardSchema),
  total: v.pipe(v.string(), v.description("The awards' amounts summed, a decimal string.")),
  note: v.string(),
});

export const AffiliationSchema = v.object({
  id: v.number(),
  organization: v.string(),
  relation: Relation,
  title: v.pipe(v.nullable(v.string()), v.description("The member's title there, as reported.")),
  start_on: v.nullable(IsoDate),
  start_precision: Precision,
  end_on: v.nullable(IsoDate),
  end_precision: Precision,
  dates: v.string(),
  recipient: v.pipe(
    v.nullable(v.object({ uei: v.nullable(v.string()), name: v.nullable(v.string()) })),
    v.description("The federal award recipient the organisation is, when an editor named it."),
  ),
  source: v.object({ url: v.string() }),
  federal_awards: v.pipe(
    v.nullable(FederalAwardsSchema),
    v.description(
      "The recipient's federal awards as the job last found them; null when no recipient is named (or the affiliation is retracted).",
    ),
  ),
  ...Retraction,
});

const Uei = v.optional(
  v.nullable(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9]{12}$/, "must be a 12-character UEI (SAM.gov Unique Entity ID)"),
      v.description("The recipient's UEI, as SAM.gov and USAspending give it."),
    ),
  ),
);

// Only what a cited report says of the tie: no ages, no contact data, no labels of our own.
const affiliationFields = {
  organization: v.pipe(TextField(300), v.description("The organisation, as the report names it.")),
  relation: Relation,
  title: OptionalText(300),
  start: ReportedDate,
  end: ReportedDate,
  recipient_uei: Uei,
  recipient_name: v.optional(
    v.nullable(
      v.pipe(
        TextField(300),
        v.description(
          "The recipient's name as USAspending spells it (searched when no UEI is given).",
        ),
      ),
    ),
  ),
  // An affiliation without the report it comes from cannot be created.
  source: v.pipe(HttpUrlField, v.description("The public report the affiliation comes from.")),
  reason: ReasonField,
};

export const AffiliationCreateBody = v.strictObject(affiliationFields);
export const AffiliationPatchBody = nonEmptyPatch(v.partial(v.strictObject(affiliationFields)));
export type AffiliationBody = Partial<v.InferOutput<typeof AffiliationCreateBody>>;

export const AffiliationParam = v.object({
  id: v.pipe(v.string(), v.regex(/^\d{1,15}$/, "must be a member id"), v.transform(Number)),
  affiliation: v.pipe(
    v.string(),
    v.regex(/^\d{1,15}$/, "must be an affiliation id"),
    v.transform(Number),
  ),
});
