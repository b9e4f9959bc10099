import * as v from "valibot";
import { rollupMeta, savingsByState } from "../../domain/savings.ts";
import { sendTable } from "../../http/lists.ts";
import { Money } from "../../schemas/common.ts";
import {
  describeRollup,
  MEASURE_COLUMNS,
  MeasuresSchema,
  SavingsQuery,
} from "../../schemas/savings.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

const Share = (of: string) =>
  v.pipe(v.string(), v.description(`Share of ${of}, a decimal fraction of 4 places ("0.1234").`));

export const savingsByStateHandlers = factory.createHandlers(
  describeRollup(
    "savingsByState",
    "Claimed against verified, per state",
    "One row per state of the claims' places (USPS codes; DC and the territories included), largest counted claims first, then one row with a null state for the claims whose place no record gives: unknown places are stated, never dropped, so the rows add up to /v1/savings/summary. Same rules as /v1/savings/by-agency. How a claim's place is found, and which record wins, is in /v1/methodology (Places).",
    v.object({
      state: v.nullable(v.string()),
      state_name: v.nullable(v.string()),
      districts: v.pipe(v.number(), v.description("Congressional districts its claims name.")),
      ...MeasuresSchema,
      claims_by_address: v.pipe(
        v.number(),
        v.description(
          "Of `claims`, those placed by the recipient's address (no record gives a place of performance).",
        ),
      ),
      claimed_by_address: v.pipe(
        Money,
        v.description(
          "Of `claimed`, the dollars placed by the recipient's address: a vendor's head office, not where the money was to be spent. The rest is placed by place of performance (or a lease's address).",
        ),
      ),
      share_of_claims: Share("the live claims"),
      share_of_claimed: Share("`claimed` over all rows"),
    }),
    {
      unknown_place: v.pipe(
        v.object({
          claims: v.number(),
          claimed: Money,
          share_of_claims: v.string(),
          share_of_claimed: v.string(),
        }),
        v.description("The claims whose place is unknown (the null-state row), and their share."),
      ),
    },
  ),
  validate("query", SavingsQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const db = c.get("db");
    const { rows, unknown_place } = await savingsByState(db, filters);
    return sendTable(c, rows, {
      format,
      filename: "savings-by-state.csv",
      columns: [
        "state",
        "state_name",
        "districts",
        ...MEASURE_COLUMNS,
        "claims_by_address",
        "claimed_by_address",
        "share_of_claims",
        "share_of_claimed",
      ],
      meta: { ...(await rollupMeta(db)), unknown_place },
    });
  },
);
