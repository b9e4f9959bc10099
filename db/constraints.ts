import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.ts";

/**
 * The columns behind each named constraint and unique index of the schema, so a violation can
 * be reported by the field a client sent ("agency_code") rather than by the database's name for
 * the rule ("member_postings_agency_code_agencies_code_fk").
 */
const COLUMNS_OF = new Map<string, string[]>();
for (const table of Object.values(schema)) {
  if (!is(table, PgTable)) continue;
  const config = getTableConfig(table);
  for (const fk of config.foreignKeys) {
    COLUMNS_OF.set(
      fk.getName(),
      fk.reference().columns.map((c) => c.name),
    );
  }
  for (const u of config.uniqueConstraints) {
    if (u.name)
      COLUMNS_OF.set(
        u.name,
        u.columns.map((c) => c.name),
      );
  }
  // A column's own `.unique()` (e.g. `commissions_slug_unique`).
  for (const column of config.columns) {
    if (column.isUnique && column.uniqueName) COLUMNS_OF.set(column.uniqueName, [column.name]);
  }
  for (const index of config.indexes) {
    const { name, columns, unique } = index.config;
    if (name && unique) {
      COLUMNS_OF.set(
        name,
        columns.flatMap((c) => ("name" in c && typeof c.name === "string" ? [c.name] : [])),
      );
    }
  }
}

/** The columns a constraint covers, by its name; empty when it is not the schema's. */
export function constraintColumns(name: string | undefined): string[] {
  return (name && COLUMNS_OF.get(name)) || [];
}
