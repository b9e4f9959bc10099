import { vValidator } from "@hono/valibot-validator";
import type { ValidationTargets } from "hono";
import type { GenericSchema } from "valibot";
import { ApiError } from "./errors.ts";

/**
 * The one validator every route uses: a failure is a 400 problem+json naming each bad field,
 * and query strings reject parameters the schema does not know (use `v.strictObject`).
 */
export const validate = <T extends GenericSchema, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  vValidator(target, schema, (result) => {
    if (result.success) return;
    const errors = result.issues.map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join(".");
      const name = path || (issue.type === "strict_object" ? "" : target);
      return { name: name || String(issue.input ?? target), message: issue.message };
    });
    const named = errors.map((e) => `${e.name}: ${e.message}`).join("; ");
    throw new ApiError(400, "bad-request", `Invalid ${target} parameters: ${named}`, errors);
  });
