import { env } from "cloudflare:test";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import ledgerCsv from "../../data/outcomes/nasa-ledger-2026-07-30.csv?raw";
import terminationsCsv from "../../data/outcomes/nasa-terminations-2026-08-11.csv?raw";
import { outcomeEvents } from "../../db/schema/index.ts";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { AWARDS_CRON, claimFor, fire, lastRunId, runsAfter } from "../helpers/jobs.ts";

// The job derives outcomes from the award's transactions, on real rows: the Planetary Society's
// files (data/outcomes/) give NASA contract 80GSFC24CA024's termination (P00007) and its later
// supplemental agreement (P00013), which the USAspending stand-in serves as a scenario.
const { db, close } = testDb();
afterAll(() => close());

type Row = Record<string, string>;
const PIID = "80GSFC24CA024";
const termination = (parse(terminationsCsv, { columns: true }) as Row[]).find(
  (r) => r.award_id === PIID,
);
const ledger = (parse(ledgerCsv, { columns: true }) as Row[]).find((r) => r["Award ID"] === PIID);

type Event = {
  kind: string;
  occurred_on: string;
  evidence: string;
  recorded_by: string;
  modification_number: string;
  action_type: string;
  obligation: string | null;
  source_url: string;
  current: boolean;
};

describe("outcomes the job derives from an award's transactions", () => {
  it("records a termination, then new work on the award, and the claim continued", async () => {
    if (!termination || !ledger) throw new Error(`${PIID} is in both files`);
    const awardKey = termination.generated_award_id ?? "";
    const res = await fetch(`${env.USASPENDING_API_URL}/__scenarios`, {
      method: "POST",
      body: JSON.stringify({
        awards: [
          {
            award: {
              id: 1,
              generated_unique_award_id: awardKey,
              piid: PIID,
              category: "contract",
              type: termination.award_type_code,
              total_obligation: Number(ledger["Award Amount"]),
              total_outlay: Number(ledger["Total Outlays"]),
              base_exercised_options: null,
              base_and_all_options: null,
              recipient: { recipient_name: termination.recipient_name },
              period_of_performance: {
                start_date: ledger["Start Date"],
                end_date: ledger["End Date"],
              },
            },
            transactions: [
              {
                id: `CONT_TX_8000_${PIID}_${termination.modification_number}_-NONE-`,
                action_date: termination.action_date,
                action_type: termination.action_type,
                action_type_description: "TERMINATE FOR CONVENIENCE (COMPLETE OR PARTIAL)",
                modification_number: termination.modification_number,
                description: termination.transaction_description,
                federal_action_obligation: Number(termination.transaction_amount),
              },
              // The ledger names the later action but not its amount: none is made up.
              {
                id: `CONT_TX_8000_${PIID}_${ledger["Latest Modification Number"]}_-NONE-`,
                action_date: ledger["Latest Action Date"],
                action_type: ledger["Latest Action Type"],
                action_type_description: ledger["Latest Action Type Description"],
                modification_number: ledger["Latest Modification Number"],
                description: null,
                federal_action_obligation: null,
              },
            ],
          },
        ],
      }),
    });
    const { prefix } = (await res.json()) as { prefix: string };
    const id = await claimFor(db, PIID, "8000", null, { claimDate: "2025-04-14" });
    const mark = await lastRunId(db);
    try {
      await fire(AWARDS_CRON, {
        USASPENDING_API_URL: `${env.USASPENDING_API_URL}${prefix}`,
        JOB_MAX_SUBREQUESTS: "6",
      });
    } finally {
      await (
        await fetch(`${env.USASPENDING_API_URL}/__scenarios/${prefix.split("/").at(-1)}`, {
          method: "DELETE",
        })
      ).text();
    }
    const runs = await runsAfter(db, mark);
    expect(runs.map((r) => [r.step, r.status])).toContainEqual(["assess", "succeeded"]);

    const body = await json<{ data: { outcome: string; events: Event[] } }>(
      await call(`/v1/proposals/${id}/outcomes`),
    );
    expect(body.data.events.map((e) => [e.kind, e.occurred_on, e.modification_number])).toEqual([
      // The action's own text says the termination was partial.
      ["partially_terminated", "2025-04-08", "P00007"],
      ["continued", "2026-06-18", "P00013"],
    ]);
    expect(body.data.events[0]).toMatchObject({
      evidence: "transaction",
      recorded_by: "job",
      action_type: "F",
      obligation: "-47238.13",
      source_url: `https://www.usaspending.gov/award/${awardKey}/`,
      current: false,
    });
    expect(body.data.events[1]).toMatchObject({
      action_type: "B",
      obligation: null,
      current: true,
    });
    // The tracker found the same: its automatic status for this award is `continued`.
    expect(ledger["Auto Status"]).toBe("continued");
    expect(body.data.outcome).toBe("continued");

    // A second run records nothing new: one event per transaction.
    await fire(AWARDS_CRON, { JOB_MAX_SUBREQUESTS: "1" });
    const stored = await db
      .select()
      .from(outcomeEvents)
      .where(and(eq(outcomeEvents.proposalId, id), eq(outcomeEvents.recordedBy, "job")));
    expect(stored).toHaveLength(2);
  });

  it("records nothing for a claim whose award look-up failed", async () => {
    const id = await claimFor(db, `NOSUCH${crypto.randomUUID().slice(0, 6)}`, "8000", null);
    await fire(AWARDS_CRON, {
      USASPENDING_API_URL: `${env.USASPENDING_API_URL}/fault/error`,
      JOB_MAX_SUBREQUESTS: "4",
    });
    const body = await json<{ data: { outcome: string | null; events: Event[] } }>(
      await call(`/v1/proposals/${id}/outcomes`),
    );
    expect(body.data).toMatchObject({ outcome: null, events: [] });
  });
});
