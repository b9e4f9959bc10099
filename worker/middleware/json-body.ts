import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";

export const MAX_BODY_BYTES = 64 * 1024;

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError("payload-too-large", `The request body is over ${MAX_BODY_BYTES} bytes.`);
  },
});

/**
 * Writes take JSON only, at most 64 KiB: anything else is a 415 or a 413 before a byte is
 * parsed or a row touched.
 *
 * @example app.post("/v1/proposals", jsonBody(), handler)
 */
export const jsonBody = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const type = c.req.header("Content-Type") ?? "";
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
      throw new ApiError(
        "unsupported-media-type",
        `Send the body as JSON with Content-Type: application/json (got "${type || "none"}").`,
      );
    }
    await limit(c, next);
  });
