import type { ValidationTargets } from "hono";
import { validator } from "hono-openapi";
import type { GenericSchema } from "valibot";
import { ApiError, type ProblemField } from "./errors.ts";

type Issue = {
  type?: string;
  expected?: string | null;
  input?: unknown;
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined;
};

/**
 * The one validator every route uses. It also puts the schema into the OpenAPI document; a
 * failure is a 400 problem+json naming each bad field, and query strings reject parameters the
 * schema does not know (use `v.strictObject`), so a typo never silently widens a filter.
 */
export const validate = <T extends GenericSchema, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  validator(target, schema, (result) => {
    if (result.success) return;
    const errors = (result.error as readonly Issue[]).map((issue) => fieldError(issue, target));
    const named = errors.map((e) => `${e.name}: ${e.message}`).join("; ");
    throw new ApiError("bad-request", `Invalid ${target} parameters: ${named}`, errors);
  });

function fieldError(issue: Issue, target: string): ProblemField {
  const name = (issue.path ?? [])
    .map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p))
    .join(".");
  // strictObject reports both an unknown key (expected: never) and a missing one.
  const unknown = issue.type === "strict_object" && issue.expected === "never";
  const missing = issue.type === "strict_object" && !unknown && issue.input === undefined;
  const where = target === "json" ? "field" : `${target} parameter`;
  const message = unknown
    ? `is not a ${where} of this endpoint`
    : missing
      ? "is required"
      : issue.message;
  return { name: name || target, message };
}
