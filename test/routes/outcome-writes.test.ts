import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { recordOutcomeEvents } from "../../db/queries/outcomes.ts";
import { auditLog, outcomeEvents } from "../../db/schema/index.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { claimFor } from "../helpers/jobs.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";

const { db, close } = testDb();
afterAll(() => close());

type Outcomes = {
  data: { outcome: string | null; events: { id: number; kind: string; current: boolean }[] };
};

describe("an editor's outcome events", () => {
  it("outrank the machine's, are audited, and fall back when retracted", async () => {
    const editor = await makeKey(db, "editor");
    const id = await claimFor(db, null, null, null);
    // A machine's newer evidence: the award continued.
    await recordOutcomeEvents(db, [
      {
        proposalId: id,
        kind: "continued",
        occurredOn: "2026-06-18",
        asOf: "2026-07-30",
        evidence: "transaction",
        recordedBy: "job",
        actor: "job:outcomes",
        sourceName: "USAspending award transactions",
        sourceUrl: "https://www.usaspending.gov/award/X/",
        evidenceKey: `test:${crypto.randomUUID()}`,
      },
    ]);
    const res = await call(`/v1/proposals/${id}/outcomes`, {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({
        kind: "vacated",
        occurred_on: "2025-05-01",
        evidence: "court_docket",
        source_name: "U.S. District Court for the District of Columbia",
        source_url: "https://www.courtlistener.com/docket/69638651/new-mexico-state-of-v-musk/",
        docket: "1:25-cv-00429",
        reason: "test",
      }),
    });
    expect(res.status).toBe(201);
    const created = await json<{ data: { id: number; recorded_by: string } }>(res);
    expect(created.data.recorded_by).toBe("editor");
    let body = await json<Outcomes>(await call(`/v1/proposals/${id}/outcomes`));
    // Older evidence, but an editor's: it is the outcome.
    expect(body.data.outcome).toBe("vacated");
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "outcome_event.create"), eq(auditLog.resourceId, String(id))));
    expect(audit).toHaveLength(1);

    const retract = await call(`/v1/proposals/${id}/outcomes/${created.data.id}`, {
      method: "DELETE",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ reason: "wrong docket" }),
    });
    expect(retract.status).toBe(200);
    await retract.body?.cancel();
    body = await json<Outcomes>(await call(`/v1/proposals/${id}/outcomes`));
    expect(body.data.outcome).toBe("continued");
    expect(body.data.events).toHaveLength(2);
    const again = await call(`/v1/proposals/${id}/outcomes/${created.data.id}`, {
      method: "DELETE",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({ reason: "twice" }),
    });
    expect(again.status).toBe(409);
    await again.body?.cancel();
  });

  it("refuse a bad event with a 400 naming the field, and write nothing", async () => {
    const editor = await makeKey(db, "editor");
    const id = await claimFor(db, null, null, null);
    const res = await call(`/v1/proposals/${id}/outcomes`, {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({
        kind: "cancelled",
        occurred_on: "2025-02-30",
        evidence: "court_docket",
        source_name: "x",
        source_url: "ftp://nowhere",
      }),
    });
    expect(res.status).toBe(400);
    const problem = await json<Problem>(res);
    expect(problem.errors?.map((e) => e.name)).toEqual(
      expect.arrayContaining(["kind", "occurred_on", "source_url"]),
    );
    expect(await db.select().from(outcomeEvents).where(eq(outcomeEvents.proposalId, id))).toEqual(
      [],
    );
    const anonymous = await call(`/v1/proposals/${id}/outcomes`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
  });
});
