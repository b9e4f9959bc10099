import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import type { AppEnv } from "../../worker/env.ts";
import { onError } from "../../worker/errors.ts";
import { sendList, sendRecord, sendTable } from "../../worker/http/lists.ts";
import type { ListSpec } from "../../worker/lib/paging.ts";

// The list responses on their own: a tiny app over an in-memory table, no database.
type Row = { id: number; title: string; amount: string };
const rows: Row[] = Array.from({ length: 7 }, (_, i) => ({
  id: i + 1,
  title:
    i === 2
      ? '=HYPERLINK("http://evil.example","x")'
      : i === 4
        ? "Two lines\nof title"
        : `Claim ${i + 1}`,
  amount: i === 3 ? "-12.50" : `${(i + 1) * 100}.00`,
}));

const spec: ListSpec<Row, Row> = {
  page: async (after: KeysetPosition | undefined, limit: number) =>
    rows.filter((r) => after === undefined || r.id > Number(after.key)).slice(0, limit),
  position: (row) => ({ value: null, key: row.id }),
  record: (row) => row,
  total: async () => rows.length,
  csv: {
    filename: "claims.csv",
    header: ["id", "title", "amount"],
    row: (r) => [r.id, r.title, r.amount],
  },
};

const app = new Hono<AppEnv>();
app.onError(onError);
app.get("/list", (c) =>
  sendList(
    c,
    {
      limit: c.req.query("limit") ? Number(c.req.query("limit")) : undefined,
      cursor: c.req.query("cursor"),
      count: c.req.query("count") as "true" | undefined,
      format: c.req.query("format") as "csv" | undefined,
      sort: c.req.query("sort") ?? "id",
    },
    spec,
  ),
);
app.get("/record/:id", (c) =>
  sendRecord(
    c,
    rows.find((r) => r.id === Number(c.req.param("id"))),
    (r) => ({ ...r, version: 3 }),
    "No such claim.",
  ),
);
app.get("/table", (c) =>
  sendTable(c, rows.slice(0, 2), {
    format: c.req.query("format") as "csv" | undefined,
    filename: "table.csv",
    columns: ["id", "amount"],
    meta: { note: "two rows" },
  }),
);

type Page = { data: Row[]; next_cursor: string | null; total?: number };

describe("sendList", () => {
  it("pages with an opaque cursor and a Link header until the last page", async () => {
    const first = await app.request("/list?limit=3&count=true");
    const page1 = (await first.json()) as Page;
    expect(page1.data.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(page1.total).toBe(7);
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(first.headers.get("Link")).toBe(
      `</list?limit=3&count=true&cursor=${page1.next_cursor}>; rel="next"`,
    );
    const page2 = (await (
      await app.request(`/list?limit=3&cursor=${page1.next_cursor}`)
    ).json()) as Page;
    expect(page2.data.map((r) => r.id)).toEqual([4, 5, 6]);
    const last = await app.request(`/list?limit=3&cursor=${page2.next_cursor}`);
    const page3 = (await last.json()) as Page;
    expect(page3).toEqual({ data: [rows[6]], next_cursor: null });
    expect(last.headers.get("Link")).toBeNull();
  });

  it("refuses a cursor issued for another sort order, or garbage, with a 400 problem", async () => {
    const page1 = (await (await app.request("/list?limit=2")).json()) as Page;
    const other = await app.request(`/list?limit=2&sort=-id&cursor=${page1.next_cursor}`);
    expect(other.status).toBe(400);
    expect(other.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await other.json()).toMatchObject({
      errors: [{ name: "cursor", message: "belongs to another sort order" }],
    });
    expect((await app.request("/list?cursor=not-a-cursor")).status).toBe(400);
  });

  it("quotes a field that holds a line break of any kind, so every reader keeps the row whole", async () => {
    const text = await (await app.request("/list?limit=7&format=csv")).text();
    expect(text).toContain('5,"Two lines\nof title",500.00\r\n');
    // Split on CRLF outside quotes, every row has the header's three cells.
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(8);
  });

  it("writes a CSV page with formulas made inert and negative amounts left as numbers", async () => {
    const res = await app.request("/list?limit=4&format=csv");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="claims.csv"');
    expect(await res.text()).toBe(
      [
        "id,title,amount",
        "1,Claim 1,100.00",
        "2,Claim 2,200.00",
        `3,"'=HYPERLINK(""http://evil.example"",""x"")",300.00`,
        "4,Claim 4,-12.50",
        "",
      ].join("\r\n"),
    );
  });
});

describe("sendRecord and sendTable", () => {
  it("answers one record with its version in the ETag, or a 404 naming what was asked", async () => {
    const res = await app.request("/record/2");
    expect(await res.json()).toEqual({ data: { ...rows[1], version: 3 } });
    expect(res.headers.get("ETag")).toMatch(/^"v3-[0-9a-f]{16}"$/);
    const missing = await app.request("/record/99");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toBe("No such claim.");
  });

  it("answers a small table as JSON with its meta, or as CSV of the named columns", async () => {
    expect(await (await app.request("/table")).json()).toEqual({
      data: rows.slice(0, 2),
      note: "two rows",
    });
    const csv = await app.request("/table?format=csv");
    expect(await csv.text()).toBe("id,amount\r\n1,100.00\r\n2,200.00\r\n");
  });
});
