import { describe, expect, it } from "vitest";
import { DRAFT_FIELDS, type ProposalDraft } from "../../worker/domain/draft.ts";
import {
  changedValues,
  compare,
  type DraftField,
  type Existing,
  goneMark,
  type PlanOptions,
  planSync,
  sourceValuesOf,
} from "../../worker/jobs/doge/sync-plan.ts";

const SEEN = "2025-04-01T00:00:00.000Z";

function draft(over: Partial<ProposalDraft> = {}): ProposalDraft {
  return {
    kind: "contract",
    naturalKey: "contract:P1",
    agencyName: "Department of Education",
    title: "Study of things",
    description: null,
    recipient: "Acme",
    piid: "P1",
    contractingAgencyId: null,
    parentPiid: null,
    parentAgencyId: null,
    modNumber: null,
    fain: null,
    awardId: null,
    leaseLocation: null,
    leaseSqFt: null,
    claimedSavings: "100.00",
    claimedValue: "200",
    claimDate: "2025-03-01",
    receiptCount: 1,
    receiptDates: null,
    sourceUrl: null,
    sourceStatus: null,
    ...over,
  };
}

/** A stored row made from a draft: its source values are what the draft said, unless given. */
function stored(d: ProposalDraft, over: Partial<Existing> = {}): Existing {
  const fields = Object.fromEntries(DRAFT_FIELDS.map((f) => [f, d[f]])) as Pick<
    ProposalDraft,
    DraftField
  >;
  return {
    ...fields,
    id: 1,
    naturalKey: d.naturalKey,
    version: 3,
    removedFromSourceAt: null,
    sourceValues: { ...fields },
    ...over,
  };
}

const byKey = (...rows: Existing[]) => new Map(rows.map((r) => [r.naturalKey, r]));
const opts = (over: Partial<PlanOptions> = {}): PlanOptions => ({
  complete: true,
  seenAt: SEEN,
  unobserved: new Set(),
  ...over,
});

describe("planSync", () => {
  it("plans a draft with no row as an insert and counts a pool's receipts as fetched", () => {
    const pool = draft({ naturalKey: "contract:pool:X", receiptCount: 7 });
    const plan = planSync(new Map(), [draft(), pool], opts());
    expect(plan.fresh.map((d) => d.naturalKey)).toEqual(["contract:P1", "contract:pool:X"]);
    expect(plan.fetched).toBe(8);
    expect(plan.changed).toEqual([]);
  });

  it("leaves an unchanged row only seen again, and stores source values it lacks", () => {
    const d = draft();
    const kept = stored(d, { id: 1 });
    const legacy = stored(draft({ naturalKey: "contract:P2" }), { id: 2, sourceValues: null });
    const plan = planSync(byKey(kept, legacy), [d, draft({ naturalKey: "contract:P2" })], opts());
    expect(plan.unchangedIds).toEqual([1, 2]);
    expect(plan.sourceOnly.map((s) => s.id)).toEqual([2]);
    expect(plan.changed).toEqual([]);
  });

  it("stores the other columns of an unchanged receipt's record when they change, as no version", () => {
    const was = { entity_state: "VA" };
    const now = { entity_state: "VA", performance_state: "DC" };
    const row = (id: number, extra: Record<string, string>) =>
      stored(draft({ naturalKey: `contract:P${id}` }), {
        id,
        sourceValues: { ...sourceValuesOf(draft(), new Set()), extra },
      });
    const plan = planSync(
      byKey(row(1, was), row(2, now), row(3, was)),
      [
        draft({ naturalKey: "contract:P1", sourceExtra: now }),
        draft({ naturalKey: "contract:P2", sourceExtra: { ...now } }),
        // A list that carries no record columns (the API's) keeps those stored.
        draft({ naturalKey: "contract:P3" }),
      ],
      opts(),
    );
    expect(plan.unchangedIds).toEqual([1, 2, 3]);
    expect(plan.changed).toEqual([]);
    expect(plan.sourceOnly.map((s) => s.id)).toEqual([1]);
    const [first] = plan.sourceOnly;
    expect(first && sourceValuesOf(first.draft, new Set(), first.row).extra).toEqual(now);
  });

  it("follows the source on a field nobody corrected", () => {
    const row = stored(draft());
    const plan = planSync(byKey(row), [draft({ claimedSavings: "150" })], opts());
    expect(plan.changed).toHaveLength(1);
    const [change] = plan.changed;
    expect(change?.changes).toEqual({ claimedSavings: { old: "100.00", new: "150" } });
    expect(change?.reason).toBe("changed at source");
    expect(change && changedValues(change).claimedSavings).toBe("150");
  });

  it("keeps an editor's correction and records the source's new value beside it", () => {
    const row = stored(draft(), { title: "Study of things (corrected)" });
    const plan = planSync(byKey(row), [draft({ title: "Study of other things" })], opts());
    const [change] = plan.changed;
    expect(change?.live).toEqual({});
    expect(change?.changes).toEqual({
      titleAtSource: { old: "Study of things", new: "Study of other things" },
    });
    expect(change?.reason).toBe("changed at source; an editor's correction of title is kept");
    expect(change && changedValues(change).title).toBe("Study of things (corrected)");
  });

  it("sees no change in letter case or spacing of names, nor in a decimal's trailing zeros", () => {
    const row = stored(draft());
    const plan = planSync(
      byKey(row),
      [draft({ title: "STUDY  OF THINGS", claimedSavings: "100" })],
      opts(),
    );
    expect(plan.changed).toEqual([]);
    expect(plan.unchangedIds).toEqual([1]);
  });

  it("never compares a field the list does not carry", () => {
    const row = stored(draft());
    const plan = planSync(
      byKey(row),
      [draft({ claimedSavings: "0" })],
      opts({ unobserved: new Set(["claimedSavings"]) }),
    );
    expect(plan.changed).toEqual([]);
  });

  it("brings back a removed row the list holds again", () => {
    const row = stored(draft(), { removedFromSourceAt: "2025-03-15T00:00:00.000Z" });
    const plan = planSync(byKey(row), [draft()], opts());
    const [change] = plan.changed;
    expect(change?.changes).toEqual({
      removedFromSourceAt: { old: "2025-03-15T00:00:00.000Z", new: null },
    });
    expect(change?.reason).toBe("back at source");
  });

  it("on a complete list, removes the rows gone, retires legacy groups and empties pools", () => {
    const gone = stored(draft({ naturalKey: "contract:GONE" }), { id: 2 });
    const group = stored(draft({ naturalKey: "contract:group:A" }), { id: 3 });
    const pool = stored(
      draft({ naturalKey: "contract:pool:B", receiptCount: 3, claimedSavings: "30" }),
      { id: 4 },
    );
    const already = stored(draft({ naturalKey: "contract:OLD" }), {
      id: 5,
      removedFromSourceAt: "2025-02-01T00:00:00.000Z",
    });
    const plan = planSync(byKey(gone, group, pool, already), [], opts());
    expect(plan.removed.map((r) => r.id)).toEqual([2]);
    expect(plan.regrouped.map((r) => r.id)).toEqual([3]);
    const [emptied] = plan.changed;
    expect(emptied?.row.id).toBe(4);
    expect(emptied?.changes.receiptCount).toEqual({ old: 3, new: 0 });
    expect(emptied?.changes.removedFromSourceAt).toEqual({ old: null, new: SEEN });
    expect(emptied?.reason).toBe(
      "pool changed at source: −3 receipts (3 → 0), −$30.00 claimed; no receipt of it is listed",
    );
  });

  it("on an incomplete list, removes nothing", () => {
    const gone = stored(draft({ naturalKey: "contract:GONE" }));
    const plan = planSync(byKey(gone), [], opts({ complete: false }));
    expect(plan).toMatchObject({ removed: [], regrouped: [], changed: [] });
  });

  it("says how a pool moved", () => {
    const row = stored(draft({ naturalKey: "grant:pool:C", receiptCount: 2, claimedSavings: "5" }));
    const plan = planSync(
      byKey(row),
      [draft({ naturalKey: "grant:pool:C", receiptCount: 1002, claimedSavings: "1005" })],
      opts(),
    );
    expect(plan.changed[0]?.reason).toBe(
      "pool changed at source: +1,000 receipts (2 → 1,002), +$1,000.00 claimed",
    );
  });
});

describe("compare", () => {
  it("takes a row synced before source values were kept at its live values", () => {
    const row = stored(draft(), { sourceValues: null, recipient: "Acme Corp" });
    const { live, kept } = compare(row, draft({ recipient: "Acme Inc" }));
    expect(live).toEqual({ recipient: { old: "Acme Corp", new: "Acme Inc" } });
    expect(kept).toEqual({});
  });
});

describe("sourceValuesOf", () => {
  it("keeps what the source said before for a field the list does not carry", () => {
    const row = stored(draft({ claimedSavings: "100" }));
    const values = sourceValuesOf(draft({ claimedSavings: "0" }), new Set(["claimedSavings"]), row);
    expect(values.claimedSavings).toBe("100");
    expect(values.title).toBe("Study of things");
  });

  it("leaves such a field unknown on a new row, and keeps an archive's unmapped columns", () => {
    const values = sourceValuesOf(
      draft({ sourceExtra: { office: "X" } }),
      new Set(["claimedSavings"]),
    );
    expect(values.claimedSavings).toBeNull();
    expect(values.extra).toEqual({ office: "X" });
  });
});

describe("goneMark", () => {
  it("marks a removal as removed from source and a regrouping as a retraction saying why", () => {
    expect(goneMark("removed", SEEN)).toMatchObject({
      set: { removedFromSourceAt: SEEN },
      reason: "removed from source",
    });
    const regrouped = goneMark("regrouped", SEEN);
    expect(regrouped.set).toMatchObject({ retractedAt: SEEN });
    expect(regrouped.reason).toMatch(/^regrouped: /);
  });
});
