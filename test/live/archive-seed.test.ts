/**
 * The first-start seed of `npm start`: the whole archive, on a stack and database of its own
 * (the shared test database holds the API snapshots only, which the stand-in DOGE API serves).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import Big from "big.js";
import { parse } from "csv-parse/sync";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { commissions, proposals, proposalVersions } from "../../db/schema/index.ts";
import { normalizeName } from "../../worker/domain/draft.ts";
import { type LiveApi, startLiveApi } from "./stack.ts";

const read = (file: string) => {
  const bytes = readFileSync(new URL(`../../data/${file}`, import.meta.url));
  return (bytes[0] === 0x1f ? gunzipSync(bytes) : bytes).toString("utf8");
};

let api: LiveApi;
let db: Db;
let closeDb: () => Promise<void>;
let commission: { id: number; slug: string };
beforeAll(async () => {
  api = await startLiveApi({ seed: true });
  ({ db, close: closeDb } = api.connect());
  const [row] = await db
    .select({ id: commissions.id, slug: commissions.slug })
    .from(commissions)
    .where(eq(commissions.slug, "doge"));
  if (!row) throw new Error("the seed made no DOGE commission");
  commission = row;
}, 240_000);
afterAll(async () => {
  await closeDb?.();
  await api?.close();
});

const call = (path: string) => api.fetch(path);

const versions = () =>
  db
    .select({
      key: proposals.naturalKey,
      version: proposalVersions.version,
      observedAt: proposalVersions.observedAt,
      fields: proposalVersions.changedFields,
      reason: proposalVersions.reason,
    })
    .from(proposalVersions)
    .innerJoin(proposals, eq(proposals.id, proposalVersions.proposalId))
    .where(eq(proposals.commissionId, commission.id))
    .orderBy(asc(proposalVersions.observedAt));

describe("the whole archive, as npm start seeds it", () => {
  it("dates every change as the source showed it, February to October 2025", async () => {
    const all = await versions();
    expect(all[0]?.observedAt.slice(0, 10)).toBe("2025-02-18");
    expect(all.at(-1)?.observedAt.slice(0, 7)).toBe("2025-10");
    expect(all.every((v) => v.observedAt.startsWith("2025-"))).toBe(true);
    // The change list a reader downloads is dated the same way.
    const csv = await (await call(`/v1/changes?commission=${commission.slug}&format=csv`)).text();
    // Outcome events are changes too, dated when this project recorded them (their own date is
    // `occurred_on`): the source's versions are the rest.
    const changes = (
      parse(csv, { columns: true }) as { changed_at: string; change: string }[]
    ).filter((c) => !c.change.startsWith("outcome"));
    expect(changes).toHaveLength(all.length);
    expect(changes.every((c) => c.changed_at.startsWith("2025-"))).toBe(true);
  });

  it("reports no pool of unidentified receipts removed, ever", async () => {
    const poolRemovals = (await versions()).filter(
      (v) => /^(contract|grant):pool:/.test(v.key) && v.fields?.removedFromSourceAt?.new,
    );
    // A pool that empties is a change of the pool. The grants of 2025-03-19 had no recipient or
    // link (one pool per agency); by 2025-03-30 every grant had its award: each pool empties.
    for (const v of poolRemovals) {
      expect(v.reason).toMatch(/^pool changed at source: −[\d,]+ receipts \([\d,]+ → 0\)/);
      expect(v.fields?.receiptCount?.new).toBe(0);
    }
    const grantPools = poolRemovals.filter((v) => v.key.startsWith("grant:pool:"));
    expect(grantPools.length).toBeGreaterThan(0);
    expect(grantPools.every((v) => v.observedAt.startsWith("2025-03-30"))).toBe(true);
    const csv = await (await call(`/v1/changes?commission=${commission.slug}&format=csv`)).text();
    const removed = (parse(csv, { columns: true }) as { what: string; title: string }[]).filter(
      (c) => c.what === "removed",
    );
    expect(removed.some((c) => /listed with/.test(c.title))).toBe(false);
    const removals = (await versions()).filter(
      (v) => v.fields?.removedFromSourceAt?.new && !v.fields?.receiptCount,
    );
    expect(removed).toHaveLength(removals.length);
  });

  it("reads a lease DOGE re-labelled as the same lease, changed, not removed and new", async () => {
    const [lease] = await db
      .select()
      .from(proposals)
      .where(
        and(
          eq(proposals.commissionId, commission.id),
          eq(proposals.naturalKey, "lease:LOS ANGELES, CA:6610"),
        ),
      );
    expect(lease?.firstSeenAt.slice(0, 10)).toBe("2025-02-18");
    const history = (await versions()).filter((v) => v.key === lease?.naturalKey);
    expect(history.find((v) => v.fields?.agencyName)?.fields?.agencyName).toEqual({
      old: "Department of Defense",
      new: "General Services Administration",
    });
    expect(history.some((v) => v.fields?.removedFromSourceAt)).toBe(false);
  });

  it("keeps the columns a list has beyond the claim's fields in the claim's source record", async () => {
    // The 2025-04-04 contract list carries the linked FPDS record's fields; the JSON lists after
    // it carry none, and leave them as they were.
    const [row] = await db
      .select({ id: proposals.id })
      .from(proposals)
      .where(
        and(
          eq(proposals.commissionId, commission.id),
          eq(proposals.naturalKey, "contract:fpds:2400:24322623C0003:-:-"),
        ),
      );
    const res = await call(`/v1/proposals/${row?.id}/source`);
    const body = (await res.json()) as { data: { extra: Record<string, string> | null } };
    expect(body.data.extra).toMatchObject({
      entity_congressional_district: "NEW YORK 98",
      product_service_code: "R699",
    });
    // A pool is many records: none of theirs is its own.
    const [pool] = await db
      .select({ id: proposals.id })
      .from(proposals)
      .where(
        and(
          eq(proposals.commissionId, commission.id),
          sql`${proposals.naturalKey} like 'contract:pool:%'`,
        ),
      )
      .limit(1);
    const poolSource = (await (await call(`/v1/proposals/${pool?.id}/source`)).json()) as {
      data: { extra: unknown };
    };
    expect(poolSource.data.extra).toBeNull();
  });

  it("records no change where a list only wrote a name in capitals", async () => {
    const caseOnly = (await versions()).filter((v) =>
      ["agencyName", "title", "description", "recipient"].some((f) => {
        const c = v.fields?.[f];
        return (
          typeof c?.old === "string" &&
          typeof c?.new === "string" &&
          normalizeName(c.old) === normalizeName(c.new)
        );
      }),
    );
    expect(caseOnly).toEqual([]);
  });

  it("holds, live, exactly the last contract list and the last grant list, to the cent", async () => {
    const live = async (kind: "contract" | "grant") => {
      const [row] = await db
        .select({
          claimed: sql<string>`coalesce(sum(${proposals.claimedSavings}), 0)::text`,
          receipts: sql<number>`coalesce(sum(${proposals.receiptCount}), 0)::int`,
        })
        .from(proposals)
        .where(
          and(
            eq(proposals.commissionId, commission.id),
            eq(proposals.kind, kind),
            sql`${proposals.removedFromSourceAt} is null`,
          ),
        );
      return row;
    };
    // The files' own text, summed as decimals: a second computation, not the importer's.
    const contracts0416 = read("doge/contracts-2025-04-16.json");
    const contracts = JSON.parse(contracts0416) as { savings: number | string }[];
    const contractsTotal = (contracts0416.match(/"savings":\s*-?[\d.]+/g) ?? []).reduce(
      (n, m) => n.plus(m.split(":")[1]?.trim() ?? "0"),
      new Big(0),
    );
    const contractLive = await live("contract");
    expect(new Big(contractLive?.claimed ?? "NaN").eq(contractsTotal)).toBe(true);
    expect(contractLive?.receipts).toBe(contracts.length);
    const grants = parse(read("archive/grants-2025-03-30.csv.gz"), {
      columns: true,
      relax_column_count: true,
    }) as { savings: string }[];
    const grantsTotal = grants.reduce((n, g) => n.plus(g.savings || "0"), new Big(0));
    const grantLive = await live("grant");
    expect(new Big(grantLive?.claimed ?? "NaN").eq(grantsTotal)).toBe(true);
    expect(grantLive?.receipts).toBe(grants.length);
  });
});
