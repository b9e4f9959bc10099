import * as v from "valibot";
import { hasControls } from "../lib/text.ts";

/** Shapes shared by every resource's request and response schemas (and so by the OpenAPI). */

export const Money = v.pipe(
  v.string(),
  v.regex(/^-?\d+(\.\d+)?$/),
  v.description("US dollars as a decimal string, never a float: sum with a decimal type."),
  v.examples(["1978785.00"]),
);

export const Timestamp = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.description("ISO 8601, UTC"),
  v.examples(["2025-04-12T00:00:00.000Z"]),
);

export const IsoDate = v.pipe(v.string(), v.isoDate(), v.examples(["2025-02-14"]));

const SourceSchema = v.object({
  url: v.pipe(v.string(), v.url()),
  title: v.optional(v.string()),
  retrieved_at: v.optional(v.string()),
  note: v.optional(v.string()),
});

export const Sources = v.pipe(
  v.array(SourceSchema),
  v.description("Where each fact came from, with when it was retrieved."),
);

export const Slug = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, "must be a commission slug"));

/** A numeric id in a path: stable, never reused. */
export const IdParam = (what: string) =>
  v.object({
    id: v.pipe(
      v.string(),
      v.regex(/^\d{1,15}$/, "id must be a positive integer"),
      v.transform(Number),
      v.description(`The ${what} id: stable, never reused.`),
    ),
  });

/**
 * Free text from a client. Postgres text cannot hold the NUL character (U+0000), and JSON
 * columns refuse an unpaired surrogate (half of a UTF-16 pair, e.g. "\ud800"): the database
 * would refuse the row, so each is a 400 naming the field here instead; so is a control character.
 */
const Text = v.pipe(
  v.string(),
  v.check((text) => !text.includes("\u0000"), "must not contain the NUL character (U+0000)"),
  // Terminal escapes and other control characters (tab and line breaks aside) are no one's text.
  v.check(
    (text) => !hasControls(text),
    "must not contain control characters (tab and line breaks aside)",
  ),
  // With the u flag a well-formed pair is one code point, so only a lone half matches.
  v.check((text) => !/[\uD800-\uDFFF]/u.test(text), "must not contain an unpaired surrogate"),
);

/** Query parameters: a date that must exist on the calendar (2025-02-30 is a 400). */
export const DateParam = (description: string, example = "2025-02-01") =>
  v.optional(
    v.pipe(
      v.string(),
      v.isoDate("must be a date as YYYY-MM-DD"),
      v.check(isCalendarDate, "is not a date on the calendar"),
      v.description(description),
      v.examples([example]),
    ),
  );

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  // Year 0 is no year in Postgres (1 BC comes before 1 AD): refused here, not by the database.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && text >= "0001";
}

/** A cutwatch agency code: a USAspending toptier code (see /v1/agencies), e.g. 012 or 1601. */
export const AgencyCode = v.pipe(
  v.string(),
  v.regex(/^\d{3,4}$/, "must be an agency code like 012 or 1601"),
);

/** Query parameter: an agency code, optional. */
export const AgencyCodeParam = (description: string, example?: string) =>
  v.optional(
    example
      ? v.pipe(AgencyCode, v.description(description), v.examples([example]))
      : v.pipe(AgencyCode, v.description(description)),
  );

/** A path parameter named `code`: the agency's code. */
export const AgencyCodePath = v.object({
  code: v.pipe(AgencyCode, v.description("USAspending toptier agency code.")),
});

/** A body field: an agency code, or null to clear it; a field not sent is not touched. */
export const AgencyCodeField = (description?: string) =>
  v.optional(v.nullable(description ? v.pipe(AgencyCode, v.description(description)) : AgencyCode));

export const MoneyParam = (description: string, example = "1000000") =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,15}(\.\d{1,2})?$/, "must be a non-negative amount like 1000 or 1000.50"),
      v.description(description),
      v.examples([example]),
    ),
  );

export const TextParam = (description: string, example: string, max = 200) =>
  v.optional(
    v.pipe(
      Text,
      v.trim(),
      v.minLength(1, "must not be empty"),
      v.maxLength(max, `must be at most ${max} characters`),
      v.description(description),
      v.examples([example]),
    ),
  );

export const Retraction = {
  retracted_at: v.nullable(Timestamp),
  retraction_reason: v.nullable(v.string()),
};

// Request bodies of writes. Every field is bounded; unknown fields are refused (strictObject).

export const TextField = (max: number) =>
  v.pipe(
    Text,
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(max, `must be at most ${max} characters`),
  );

export const OptionalText = (max: number) => v.optional(v.nullable(TextField(max)));

export const HttpUrlField = v.pipe(
  Text,
  v.maxLength(2000, "must be at most 2000 characters"),
  v.url("must be a URL"),
  v.regex(/^https?:\/\//i, "must be an http(s) URL"),
);

export const MoneyField = v.pipe(
  v.string('must be a decimal string like "1250.50", not a number'),
  v.regex(/^\d{1,15}(\.\d{1,2})?$/, "must be a non-negative amount with at most 2 decimal places"),
);

export const DateField = v.pipe(
  v.string(),
  v.isoDate("must be a date as YYYY-MM-DD"),
  v.check(isCalendarDate, "is not a date on the calendar"),
);

export const SourcesField = v.pipe(
  v.array(
    v.strictObject({
      url: HttpUrlField,
      title: v.optional(TextField(300)),
      retrieved_at: v.optional(v.pipe(v.string(), v.isoTimestamp("must be an ISO 8601 timestamp"))),
      note: v.optional(TextField(1000)),
    }),
  ),
  v.maxLength(20, "at most 20 sources"),
);

export const ReasonField = v.optional(
  v.pipe(TextField(1000), v.description("Why: kept in the history and the audit log.")),
);

export const RetractBody = v.strictObject({
  reason: v.pipe(TextField(1000), v.description("Why the record is retracted.")),
});

/** A PATCH must change something. */
export const nonEmptyPatch = <T extends v.GenericSchema>(schema: T) =>
  v.pipe(
    schema,
    v.check(
      (body) => Object.keys(body as object).some((k) => k !== "reason"),
      "the body changes no field",
    ),
  );

/** Per kind, how fresh a commission's lists are and what they can show (db/schema/source-lists.ts). */
export const ListsFreshness = v.pipe(
  v.array(
    v.object({
      kind: v.string(),
      list_as_of: v.pipe(Timestamp, v.description("When the newest list of this kind was shown.")),
      complete: v.pipe(
        v.boolean(),
        v.description("Whether that list is known to hold every receipt the source listed then."),
      ),
      partial: v.pipe(v.nullable(v.string()), v.description("Why it is not; null when complete.")),
      removals_known_to: v.pipe(
        v.nullable(Timestamp),
        v.description(
          "When the newest complete list of this kind was shown: removals after it are unknown (a partial list shows additions and edits, never a removal). Null: no complete list.",
        ),
      ),
      live: v.pipe(v.number(), v.description("Live claims of this kind.")),
      unconfirmed: v.pipe(
        v.number(),
        v.description(
          "Live claims first listed after the newest complete list: no list since could show whether the source still lists them.",
        ),
      ),
    }),
  ),
  v.description(
    "The commission's lists per kind: they end at different dates, so totals over kinds combine lists of different dates.",
  ),
);
