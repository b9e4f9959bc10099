import { describeDocument } from "../../openapi.ts";
import { COPY_JS, SITE_CSS } from "../assets.ts";
import { factory } from "../http.ts";

/** GET /assets/site.css */
export const siteCssHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "siteCss",
      tag: "Pages",
      summary: "The pages' stylesheet",
      description: "Plain CSS, no external fonts.",
    },
    "text/css",
    [],
  ),
  (c) =>
    c.body(SITE_CSS, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    }),
);

/** GET /assets/copy.js */
export const copyScriptHandlers = factory.createHandlers(
  describeDocument(
    {
      operationId: "copyScript",
      tag: "Pages",
      summary: "The pages' one script",
      description: "Copy buttons beside embed snippets; the pages work without it.",
    },
    "text/javascript",
    [],
  ),
  (c) =>
    c.body(COPY_JS, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    }),
);
