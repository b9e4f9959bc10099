import { ApiError } from "../../errors.ts";
import { factory } from "../factory.ts";
import { ASSETS, assetEtag, DOCS_UI_VERSION } from "./assets.ts";
import { DOCS_HEADERS } from "./headers.ts";

/** GET /docs/assets/{version}/{file}: one of the docs UI's files, immutable under its version. */
export const docsAsset = factory.createHandlers(async (c) => {
  const { version, file } = c.req.param() as { version: string; file: string };
  const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
  if (version !== DOCS_UI_VERSION || !asset) {
    throw new ApiError("not-found", `No docs asset ${version}/${file}.`);
  }
  const etag = await assetEtag(file, asset);
  const headers = {
    ...DOCS_HEADERS,
    ETag: etag,
    "Cache-Control": "public, max-age=31536000, immutable",
  };
  if (c.req.header("If-None-Match") === etag) return c.body(null, 304, headers);
  return c.body(asset.body, 200, { ...headers, "Content-Type": asset.type });
});
