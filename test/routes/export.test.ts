import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { testDb } from "../helpers/db.ts";
import { call, json } from "../helpers/http.ts";
import { makeProposals } from "../helpers/proposals.ts";

type Row = { id: number | string; commission: string };

const { db, close } = testDb();
afterAll(() => close());

/** The seeded commission's ids, from the paged list (other files add rows elsewhere). */
async function dogeIds(): Promise<number[]> {
  const ids: number[] = [];
  let url: string | null = "/v1/proposals?commission=doge&limit=500";
  while (url) {
    const res: Response = await call(url);
    ids.push(...(await json<{ data: { id: number }[] }>(res)).data.map((p) => p.id));
    url = res.headers.get("link")?.match(/^<([^>]+)>/)?.[1] ?? null;
  }
  return ids;
}

describe("the dataset downloads", () => {
  it("stream every proposal as one JSON document with its snapshot time, each row once, in id order", async () => {
    const res = await call("/v1/export/proposals.json");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await json<{ snapshot_at: string; data: Row[] }>(res);
    expect(body.snapshot_at).toBe(res.headers.get("x-snapshot-at"));
    const ids = body.data.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const exported = new Set(ids);
    for (const id of await dogeIds()) expect(exported.has(id)).toBe(true);
  });

  it("stream the same rows as RFC 4180 CSV", async () => {
    const res = await call("/v1/export/proposals.csv");
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("x-snapshot-at")).toBeTruthy();
    const rows = parse(await res.text(), { columns: true }) as Row[];
    const doge = rows.filter((r) => r.commission === "doge").map((r) => Number(r.id));
    expect(doge).toEqual(await dogeIds());
  });

  it("write a title a spreadsheet would run as text, and a negative amount as a number", async () => {
    const title = '=HYPERLINK("http://evil.example","x")';
    const { slug } = await makeProposals(db, [{ title, claimedSavings: "-12.50" }]);
    const rows = parse(await (await call("/v1/export/proposals.csv")).text(), {
      columns: true,
    }) as (Row & { title: string; claimed_savings: string })[];
    const own = rows.filter((r) => r.commission === slug);
    expect(own.map((r) => [r.title, r.claimed_savings])).toEqual([[`'${title}`, "-12.50"]]);
  });
});
