import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import methodology from "../../../METHODOLOGY.md";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

const MethodologySchema = v.object({
  data: v.object({
    version: v.pipe(v.string(), v.description("The version every current assessment names.")),
    markdown: v.pipe(
      v.string(),
      v.description("METHODOLOGY.md: each rule, its source, its limits."),
    ),
  }),
});

/** GET /v1/methodology: the document the assessments follow, as JSON or as Markdown. */
export const methodologyHandlers = factory.createHandlers(
  describeRoute({
    operationId: "methodology",
    tags: ["Operations"],
    summary: "How claims are checked",
    description:
      "The versioned methodology (METHODOLOGY.md). `?format=md` or `Accept: text/markdown` gives the Markdown itself.",
    responses: {
      200: {
        ...jsonResponse("The methodology and its version.", MethodologySchema),
        content: {
          ...jsonResponse("", MethodologySchema).content,
          "text/markdown": { schema: { type: "string" as const } },
        },
      },
      ...errorResponses(400, 429),
    },
  }),
  validate("query", v.strictObject({ format: v.optional(v.picklist(["json", "md"])) })),
  (c) => {
    const { format } = c.req.valid("query");
    c.header("Cache-Control", "public, max-age=3600");
    c.header("Vary", "Accept");
    const markdown =
      format === "md" || (!format && /\btext\/markdown\b/.test(c.req.header("Accept") ?? ""));
    if (markdown)
      return c.body(methodology, 200, { "Content-Type": "text/markdown; charset=utf-8" });
    return c.json({ data: { version: METHODOLOGY_VERSION, markdown: methodology } });
  },
);
