import Big from "big.js";
import { parse } from "csv-parse/sync";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import contracts0218 from "../../data/archive/contracts-2025-02-18.csv.gz?url&inline";
import contracts0331 from "../../data/archive/contracts-2025-03-31.csv.gz?url&inline";
import contracts0404 from "../../data/archive/contracts-2025-04-04.csv.gz?url&inline";
import grants0319 from "../../data/archive/grants-2025-03-19.csv.gz?url&inline";
import grants0330 from "../../data/archive/grants-2025-03-30.csv.gz?url&inline";
import leases0218 from "../../data/archive/leases-2025-02-18.csv.gz?url&inline";
import leases0603 from "../../data/archive/leases-2025-06-03.csv.gz?url&inline";
import leases1005 from "../../data/archive/leases-2025-10-05.csv.gz?url&inline";
import contracts0412 from "../../data/doge/contracts-2025-04-12.json?raw";
import contracts0416 from "../../data/doge/contracts-2025-04-16.json?raw";
import leases0412 from "../../data/doge/leases-2025-04-12.json?raw";
import leases0416 from "../../data/doge/leases-2025-04-16.json?raw";
import leases0504 from "../../data/doge/leases-2025-05-04.json?raw";
import leases0512 from "../../data/doge/leases-2025-05-12.json?raw";
import contracts0305 from "../../data/fpds/doge-contracts-2025-03-05.csv?raw";
import { proposals, proposalVersions } from "../../db/schema/index.ts";
import { type ArchiveFile, loadArchive } from "../../dev/import/archive.ts";
import { normalizeName } from "../../worker/jobs/doge/receipts.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { gunzip } from "../helpers/files.ts";
import { call } from "../helpers/http.ts";

/** The files of the archive, as the seed reads them from disk. */
const FILES: Record<ArchiveFile, string> = {
  "archive/contracts-2025-02-18.csv.gz": contracts0218,
  "archive/leases-2025-02-18.csv.gz": leases0218,
  "fpds/doge-contracts-2025-03-05.csv": contracts0305,
  "archive/grants-2025-03-19.csv.gz": grants0319,
  "archive/grants-2025-03-30.csv.gz": grants0330,
  "archive/contracts-2025-03-31.csv.gz": contracts0331,
  "archive/contracts-2025-04-04.csv.gz": contracts0404,
  "doge/contracts-2025-04-12.json": contracts0412,
  "doge/leases-2025-04-12.json": leases0412,
  "doge/contracts-2025-04-16.json": contracts0416,
  "doge/leases-2025-04-16.json": leases0416,
  "doge/leases-2025-05-04.json": leases0504,
  "doge/leases-2025-05-12.json": leases0512,
  "archive/leases-2025-06-03.csv.gz": leases0603,
  "archive/leases-2025-10-05.csv.gz": leases1005,
};
const read = (file: ArchiveFile) =>
  file.endsWith(".gz") ? gunzip(FILES[file]) : Promise.resolve(FILES[file]);

const { db, close } = testDb();
afterAll(() => close());

let commission: { id: number; slug: string };
let loaded: Awaited<ReturnType<typeof loadArchive>>;
beforeAll(async () => {
  commission = await makeCommission(db);
  loaded = await loadArchive(db, commission.id, read);
}, 240_000);

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

describe("the whole archive, as the seed loads it", () => {
  it("dates every change as the source showed it, February to October 2025", async () => {
    const all = await versions();
    expect(all[0]?.observedAt.slice(0, 10)).toBe("2025-02-18");
    expect(all.at(-1)?.observedAt.slice(0, 7)).toBe("2025-10");
    expect(all.every((v) => v.observedAt.startsWith("2025-"))).toBe(true);
    // The change list a reader downloads is dated the same way.
    const csv = await (await call(`/v1/changes?commission=${commission.slug}&format=csv`)).text();
    const changes = parse(csv, { columns: true }) as { changed_at: string }[];
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
    const counted = loaded.reduce((n, l) => n + l.counts.removed, 0);
    expect(removed).toHaveLength(counted);
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
    const contracts = JSON.parse(contracts0416) as { savings: number | string }[];
    const contractsTotal = (contracts0416.match(/"savings":\s*-?[\d.]+/g) ?? []).reduce(
      (n, m) => n.plus(m.split(":")[1]?.trim() ?? "0"),
      new Big(0),
    );
    const contractLive = await live("contract");
    expect(new Big(contractLive?.claimed ?? "NaN").eq(contractsTotal)).toBe(true);
    expect(contractLive?.receipts).toBe(contracts.length);
    const grants = parse(await read("archive/grants-2025-03-30.csv.gz"), {
      columns: true,
      relax_column_count: true,
    }) as { savings: string }[];
    const grantsTotal = grants.reduce((n, g) => n.plus(g.savings || "0"), new Big(0));
    const grantLive = await live("grant");
    expect(new Big(grantLive?.claimed ?? "NaN").eq(grantsTotal)).toBe(true);
    expect(grantLive?.receipts).toBe(grants.length);
  });
});
