import { type AnyColumn, getTableName, sql } from "drizzle-orm";

/**
 * A column with its table's name. Drizzle drops the table name from `sql` in the selection of a
 * query without joins, so `proposals.commission_id = commissions.id` in a correlated subquery
 * would silently compare two columns of the inner table.
 */
export const qualified = (column: AnyColumn) =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
