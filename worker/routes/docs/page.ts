import { factory } from "../factory.ts";
import { ASSETS_PATH } from "./assets.ts";
import { DOCS_HEADERS } from "./headers.ts";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cutwatch API</title>
<link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<noscript><p>The interactive reference needs JavaScript. The API is described by
<a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p></noscript>
<div id="docs"></div>
<script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${ASSETS_PATH}/init.js"></script>
</body>
</html>
`;

/** GET /docs: the interactive API reference, rendered from /openapi.json by the bundled UI. */
export const docsPage = factory.createHandlers((c) =>
  c.html(PAGE, 200, { ...DOCS_HEADERS, "Cache-Control": "public, max-age=3600" }),
);
