import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { addPostings, postedBetween } from "../../db/queries/postings.ts";
import { memberPostings, members } from "../../db/schema/index.ts";
import { type ApproxDate, postedOn } from "../../worker/lib/approx-date.ts";
import { makeCommission, testDb } from "../helpers/db.ts";

// The rule "was this posting at its agency on this day?" is written twice: in TypeScript
// (worker/lib/approx-date.ts, what the tests and readers reason with) and in SQL
// (db/queries/postings.ts, what /v1/members?posted_on= and the claim pages run). They must agree
// for every precision, month ends and leap days included.
const { db, close } = testDb();
afterAll(() => close());

const day = fc
  .date({
    min: new Date("2024-12-01T00:00:00Z"),
    max: new Date("2025-04-30T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

const approx: fc.Arbitrary<ApproxDate> = fc.oneof(
  day.map((on) => ({ on, precision: "day" as const })),
  day.map((on) => ({ on, precision: "approximate" as const })),
  day.map((on) => ({ on: `${on.slice(0, 7)}-01`, precision: "month" as const })),
  fc.constant({ on: null, precision: "unknown" as const }),
);

describe("postedOn (TypeScript) and postedBetween (SQL)", () => {
  it("agree on every posting and day", async () => {
    const commission = await makeCommission(db);
    const [member] = await db
      .insert(members)
      .values({ commissionId: commission.id, name: "Property test", sources: [] })
      .returning();
    if (!member) throw new Error("no member");

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(approx, approx), { minLength: 1, maxLength: 8 }),
        day,
        async (spans, on) => {
          await db.delete(memberPostings).where(eq(memberPostings.memberId, member.id));
          const rows = await addPostings(
            db,
            member.id,
            spans.map(([start, end]) => ({
              agencyRef: "OPM",
              agencyName: "Office of Personnel Management",
              agencyCode: "024",
              postingType: "detailed",
              sourceUrl: "https://example.org/report",
              startOn: start.on,
              startPrecision: start.precision,
              endOn: end.on,
              endPrecision: end.precision,
            })),
          );
          const matched = await db
            .select({ id: memberPostings.id })
            .from(memberPostings)
            .where(
              and(
                eq(memberPostings.memberId, member.id),
                postedBetween(sql`${on}::date`, sql`${on}::date`),
              ),
            );
          const expected = rows
            .filter((_, i) => {
              const [start, end] = spans[i] as [ApproxDate, ApproxDate];
              return postedOn(start, end, on);
            })
            .map((r) => r.id)
            .sort((a, b) => a - b);
          expect(matched.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
