import * as v from "valibot";
import { proposalKind } from "../../../db/schema/enums.ts";
import { savingsByAgency, savingsByMonth } from "../../domain/savings.ts";
import { describeDocument } from "../../openapi.ts";
import { Slug } from "../../schemas/common.ts";
import { validate } from "../../validate.ts";
import { agencyChartRows, monthChartRows } from "../chart-rows.ts";
import { SavingsChart } from "../charts.tsx";
import { AgencyCode, factory } from "../http.ts";

// An SVG document may be opened on its own: it gets no script and only its inline styling.
const SVG_HEADERS = {
  "Content-Type": "image/svg+xml; charset=utf-8",
  "Cache-Control": "public, max-age=300",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *",
};

const ChartQuery = v.strictObject({
  commission: v.optional(Slug),
  agency: v.optional(AgencyCode),
  kind: v.optional(v.picklist(proposalKind.enumValues)),
  by: v.optional(v.picklist(["agency", "month"])),
  top: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(25),
    ),
    "10",
  ),
  width: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number of pixels"),
      v.transform(Number),
      v.minValue(320),
      v.maxValue(1600),
    ),
    "760",
  ),
});

/** GET /embed/chart.svg */
export const chartImageHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "chartImage",
      tag: "Embeds",
      summary: "Claimed against verified as an SVG image",
      description:
        "By agency (the largest `top`) or by month of claim; filter by commission, agency and kind.",
    },
    "image/svg+xml",
    [400, 503],
  ),
  validate("query", ChartQuery),
  async (c) => {
    const q = c.req.valid("query");
    const filters = { commission: q.commission, agency: q.agency, kind: q.kind };
    const by = q.by ?? (q.agency ? "month" : "agency");
    const db = c.get("db");
    const rows =
      by === "agency"
        ? agencyChartRows(await savingsByAgency(db, filters), q.top)
        : monthChartRows(await savingsByMonth(db, filters));
    const scope = [q.commission, q.agency && `agency ${q.agency}`, q.kind].filter(Boolean);
    const title = `Claimed against verified savings by ${by}${scope.length ? ` (${scope.join(", ")})` : ""}`;
    const svg = await (
      <SavingsChart id="chart" title={title} rows={rows} width={q.width} standalone />
    ).toString();
    return c.body(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, 200, SVG_HEADERS);
  },
);
