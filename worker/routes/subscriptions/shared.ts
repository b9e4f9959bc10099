import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import { readConfig } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { canonicalWebhookUrl, webhookUrlProblem } from "../../lib/webhook-url.ts";

/** The endpoints of /v1/subscriptions share these: the OpenAPI tag and the key's security. */
export const tag = "Subscriptions";
export { BEARER as security } from "../../openapi.ts";

/**
 * A URL that may not be called is a 400 naming the field (https, public host, no credentials);
 * one that may is returned in the form it is stored and compared in.
 */
export function checkUrl(c: Context<AppEnv>, url: string): string;
export function checkUrl(c: Context<AppEnv>, url: string | undefined): string | undefined;
export function checkUrl(c: Context<AppEnv>, url: string | undefined) {
  if (url === undefined) return undefined;
  const problem = webhookUrlProblem(url, {
    allowLocalHttp: readConfig(c.env).WEBHOOK_ALLOW_LOCAL_HTTP === "1",
  });
  if (problem) {
    throw new ApiError("bad-request", `The webhook URL ${problem}.`, [
      { name: "url", message: problem },
    ]);
  }
  return canonicalWebhookUrl(url);
}

/** The subscriber key of the request (its subscriptions are its own). */
export const ownerOf = (c: Context<AppEnv>) => c.get("apiKey").id;
