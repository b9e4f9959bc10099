import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import leases0218Gz from "../../data/archive/leases-2025-02-18.csv.gz?url&inline";
import { listText } from "../../dev/import/inflate.ts";
import { importList, prepareImport, RefusedFileError } from "../../dev/import/load.ts";
import { ShrinkError } from "../../worker/jobs/doge/shrink.ts";
import { makeCommission, testDb } from "../helpers/db.ts";
import { gunzip } from "../helpers/files.ts";
import { proposalsOf } from "../helpers/proposals.ts";

const { db, close } = testDb();
afterAll(() => close());

const FILE = "leases-2025-02-18.csv.gz";

/** The lease list of 2025-02-18 (data/archive: 291 rows, read as 97 leases), or its first `n` rows. */
async function leases(n?: number) {
  const text = await gunzip(leases0218Gz);
  const lines = text.trimEnd().split("\n");
  return n === undefined ? text : lines.slice(0, n + 1).join("\n");
}

describe("the importer's guards", () => {
  it("refuses a complete list far shorter than the one on record, unless told the shrink is real", async () => {
    const c = await makeCommission(db);
    await importList(db, prepareImport(await leases(), FILE), c.id);
    const before = await proposalsOf(db, c.id);
    expect(before.filter((p) => !p.removedFromSourceAt)).toHaveLength(97);

    // One lease of 97, as a truncated download would look: nothing is marked removed.
    const one = prepareImport(await leases(1), "leases-2025-02-19.csv");
    await expect(importList(db, one, c.id)).rejects.toThrow(ShrinkError);
    await expect(importList(db, one, c.id)).rejects.toThrow(
      /shrank from 97 to 1 entries.*--allow-shrink/,
    );
    expect(await proposalsOf(db, c.id)).toEqual(before);

    // --allow-shrink: the operator says the source really dropped them.
    const { counts } = await importList(db, one, c.id, { maxShrink: 1 });
    expect(counts.removed).toBe(96);
  });

  it("refuses a header-only file and an empty JSON list, before writing anything", async () => {
    const header = await leases(0);
    expect(() => prepareImport(header, "leases-2025-02-19.csv")).toThrow(RefusedFileError);
    expect(() => prepareImport(header, "leases-2025-02-19.csv")).toThrow(/lists no receipts/);
    expect(() => prepareImport('{"result":{"leases":[]}}', "leases-2025-02-19.json")).toThrow();
  });

  it("refuses an observed time in the future, from the file's name or from --observed-at", async () => {
    const text = await leases(3);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(() => prepareImport(text, "leases-2099-01-01.csv", undefined, now)).toThrow(
      /the date in the file name leases-2099-01-01.csv \(2099-01-01T00:00:00Z\) is in the future/,
    );
    expect(() => prepareImport(text, "leases-2025-02-18.csv", "2099-01-01T00:00:00Z", now)).toThrow(
      /--observed-at .* is in the future/,
    );
    // A clock a minute apart is not the future.
    expect(
      prepareImport(text, "leases-2025-02-18.csv", "2026-01-01T00:01:00Z", now).observedAt,
    ).toBe("2026-01-01T00:01:00Z");
  });

  it("inflates a gzip file only up to its cap, so a small bomb cannot exhaust memory", async () => {
    const bomb = gzipSync(new Uint8Array(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(8 * 1024);
    expect(() => listText(bomb, 1024 * 1024)).toThrow(/inflates to more than 1048576 bytes/);
    expect(listText(bomb).length).toBe(4 * 1024 * 1024);
    expect(listText(new TextEncoder().encode("a,b\n1,2"))).toBe("a,b\n1,2");
  });
});
