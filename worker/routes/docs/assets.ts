import swaggerPackage from "swagger-ui-dist/package.json" with { type: "json" };
import swaggerCss from "swagger-ui-dist/swagger-ui.css";
import swaggerBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import { hexDigest } from "../../lib/encoding.ts";

/**
 * The docs UI's files, bundled into the Worker from the installed `swagger-ui-dist` (its version
 * pinned by package-lock.json), so `/docs` loads no script from another origin. Their URLs carry
 * that version, so a file is cached for a year and a new release is a new URL.
 */
export const DOCS_UI_VERSION: string = swaggerPackage.version;
export const ASSETS_PATH = `/docs/assets/${DOCS_UI_VERSION}`;

// Our own start-up script: a file, not inline, so the page's CSP can forbid inline scripts.
const INIT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#docs",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

type Asset = { body: string; type: string };

export const ASSETS: Record<string, Asset> = {
  "swagger-ui-bundle.js": { body: swaggerBundle, type: "text/javascript; charset=utf-8" },
  "swagger-ui.css": { body: swaggerCss, type: "text/css; charset=utf-8" },
  "init.js": { body: INIT, type: "text/javascript; charset=utf-8" },
};

// A strong validator per file, hashed once per isolate (the bundle is 1.7 MB: never per request).
const etags = new Map<string, Promise<string>>();

export function assetEtag(name: string, asset: Asset): Promise<string> {
  let etag = etags.get(name);
  if (!etag) {
    etag = hexDigest("SHA-256", asset.body).then((hash) => `"${hash.slice(0, 32)}"`);
    etags.set(name, etag);
  }
  return etag;
}
