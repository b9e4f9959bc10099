import { proposalKind, proposalStatus } from "../../db/schema/enums.ts";
import { DIVERGENCES, OUTCOME_KINDS } from "../savings/outcomes.ts";
import type { ManifestFile } from "./snapshots.ts";

/** Columns holding whole numbers. */
const INTEGERS = new Set([
  "id",
  "lease_sq_ft",
  "receipt_count",
  "version",
  "assessment_duplicate_of",
]);
/** Money: exact decimals written as plain decimal strings (never floats). */
const MONEY = new Set([
  "claimed_savings",
  "claimed_value",
  "assessment_claimed",
  "assessment_verified_low",
  "assessment_verified_high",
  "assessment_potential_avoided",
  "assessment_ceiling_cut",
]);
/** Nested values, written into a CSV cell as JSON text. */
const NESTED: Record<string, "object" | "array"> = { receipt_dates: "object", sources: "array" };
const ENUMS: Record<string, readonly string[]> = {
  kind: proposalKind.enumValues,
  status: proposalStatus.enumValues,
  outcome: OUTCOME_KINDS,
  divergence: DIVERGENCES,
};

type Field = {
  name: string;
  type: string;
  format?: string;
  description?: string;
  constraints?: { required?: boolean; unique?: boolean; enum?: readonly string[] };
};

/** A Table Schema field for a CSV column of the claims table. */
export function fieldOf(name: string): Field {
  if (name === "id")
    return { name, type: "integer", constraints: { required: true, unique: true } };
  if (INTEGERS.has(name)) return { name, type: "integer" };
  if (MONEY.has(name)) {
    return { name, type: "number", description: "US dollars, an exact decimal." };
  }
  const nested = NESTED[name];
  if (nested) return { name, type: nested, description: "JSON text." };
  if (name === "removed") return { name, type: "boolean" };
  if (name === "claim_date" || name === "outcome_on") return { name, type: "date" };
  // ISO 8601 in UTC with milliseconds ("2025-04-12T00:00:00.000Z").
  if (name.endsWith("_at")) return { name, type: "datetime", format: "any" };
  const values = ENUMS[name];
  if (values) return { name, type: "string", constraints: { enum: values } };
  return {
    name,
    type: "string",
    ...(name === "title"
      ? {
          description:
            "A cell a spreadsheet would read as a formula (starting =, +, -, @, tab or CR) has one apostrophe prepended.",
        }
      : {}),
  };
}

/**
 * The Frictionless Data Package descriptor of a snapshot (datapackage.org, v2): both files with
 * their size and SHA-256, the CSV with its dialect and a Table Schema of every column.
 */
export function dataPackage(opts: {
  date: string;
  generatedAt: string;
  header: readonly string[];
  files: ManifestFile[];
}) {
  const resource = (file: ManifestFile) => ({
    path: file.name,
    bytes: file.bytes,
    hash: `sha256:${file.sha256}`,
    encoding: "utf-8",
  });
  const [csv, json] = opts.files;
  if (!csv || !json) throw new Error("a snapshot has a CSV and a JSON file");
  return {
    $schema: "https://datapackage.org/profiles/2.0/datapackage.json",
    name: `cutwatch-proposals-${opts.date}`,
    title: `cutwatch: the commission's claimed cuts and how much of each the budget records confirm, ${opts.date}`,
    description:
      "Every claim (removed and retracted ones included, flagged) with its assessment under the current methodology, as the API served it on this date.",
    version: opts.date,
    created: opts.generatedAt,
    resources: [
      {
        name: "proposals",
        type: "table",
        ...resource(csv),
        format: "csv",
        mediatype: "text/csv",
        dialect: { header: true, delimiter: ",", lineTerminator: "\r\n", quoteChar: '"' },
        schema: { fields: opts.header.map(fieldOf), primaryKey: ["id"], missingValues: [""] },
      },
      {
        name: "proposals-json",
        ...resource(json),
        format: "json",
        mediatype: "application/json",
        description:
          "The same rows as one JSON document, `{snapshot_at, data: [...]}`, each record as `/v1/proposals/{id}` gives it.",
      },
    ],
  };
}
