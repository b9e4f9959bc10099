import { describe, expect, it } from "vitest";
import listCsv from "../../data/fpds/doge-contracts-2025-03-05.csv?raw";
import fpdsCsv from "../../data/fpds/fpds-doge-contracts-2025-03-05.csv?raw";
import { renderExample } from "../../dev/example/render.ts";
import { workedExample } from "../../dev/example/worked-example.ts";
import { fpdsMoney as money } from "../../dev/fpds.ts";
import methodology from "../../METHODOLOGY.md?raw";

describe("the worked example of METHODOLOGY.md", () => {
  it("is reproduced by the computation, to the cent", () => {
    const committed = /<!-- worked-example:start -->\n([\s\S]*?)\n<!-- worked-example:end -->/.exec(
      methodology,
    )?.[1];
    expect(committed).toBe(renderExample(workedExample(listCsv, fpdsCsv)));
  });

  it("claims what the list claims: $18.92 B", () => {
    expect(workedExample(listCsv, fpdsCsv).claimed).toBe("18917125204.00");
  });

  it("reads FPDS money strictly: blank is unknown, parentheses are negative", () => {
    expect(money("$249,000.00 ")).toBe("249000.00");
    expect(money("")).toBeNull();
    expect(money("($1,000.50)")).toBe("-1000.50");
    expect(money("-$5.00")).toBe("-5.00");
    expect(money("n/a")).toBeNull();
  });
});
