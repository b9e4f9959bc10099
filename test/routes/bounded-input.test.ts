import { afterAll, describe, expect, it } from "vitest";
import { parseTable } from "../../dev/import/table.ts";
import { receiptsToDrafts } from "../../worker/jobs/doge/receipts.ts";
import { csvText } from "../../worker/lib/csv.ts";
import { testDb } from "../helpers/db.ts";
import { call, json, type Problem } from "../helpers/http.ts";
import { jsonWith, makeKey } from "../helpers/keys.ts";

const { db, close } = testDb();
afterAll(() => close());

const receipt = (over: Record<string, unknown>) => ({
  piid: "75N91023F00001",
  agency: "Department of Health and Human Services",
  vendor: "V",
  value: 10,
  description: "D",
  fpds_status: "TERMINATED",
  fpds_link: null,
  deleted_date: "3/1/2025",
  savings: 5,
  ...over,
});

describe("bounded, clean text from every source", () => {
  it("the job's receipt schema refuses a field past its bound and drops control characters", () => {
    expect(() =>
      receiptsToDrafts("contracts", [receipt({ description: "x".repeat(8 * 1024 * 1024) })]),
    ).toThrow(/at most 20000 characters/);
    expect(() => receiptsToDrafts("contracts", [receipt({ vendor: "v".repeat(1001) })])).toThrow(
      /at most 1000 characters/,
    );
    const [draft] = receiptsToDrafts("contracts", [
      receipt({ description: "\u001b[2J\u001b[31mCancelled\u0007 line\none" }),
    ]);
    expect(draft?.description).toBe("[2J[31mCancelled line\none");
  });

  it("the importer refuses an over-long cell, naming its row, and drops control characters", () => {
    const long = `a,b\n1,${"y".repeat(20_001)}`;
    expect(() => parseTable(long)).toThrow(/row 2, column b: longer than 20000 characters/);
    expect(() => parseTable(JSON.stringify([{ title: "z".repeat(20_001) }]))).toThrow(
      /row 1, column title/,
    );
    expect(parseTable("a,b\n1,\u001b]0;pwned\u0007ok").rows[0]?.b).toBe("]0;pwnedok");
  });

  it("CSV never carries a control character raw, whatever the database holds", () => {
    const spec = { filename: "t.csv", header: ["title"], row: (r: { title: string }) => [r.title] };
    const csv = csvText(spec, [{ title: "\u001b[31mred\u001b[0m\ttab" }], true);
    expect(csv).toBe("title\r\n[31mred[0m\ttab\r\n");
  });

  it("an editor's text with a terminal escape is a 400 naming the field, and nothing is written", async () => {
    const editor = await makeKey(db, "editor");
    const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
    const res = await call("/v1/commissions", {
      method: "POST",
      headers: jsonWith(editor.auth),
      body: JSON.stringify({
        slug,
        name: "Escaped \u001b[2J name",
        jurisdiction: "Test",
        sources: [{ url: "https://example.org/escaped" }],
        reason: "a test",
      }),
    });
    expect(res.status).toBe(400);
    expect((await json<Problem>(res)).errors?.map((e) => e.name)).toEqual(["name"]);
    expect((await call(`/v1/commissions/${slug}`)).status).toBe(404);
  });
});
