import { getTableColumns, type Column, type Table } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';

/** Each column of a table with its key in the row and its name in `to_jsonb` (worked out once: every claim reads two rows per delivery). */
const fieldsByTable = new WeakMap<Table, { key: string; name: string; column: Column }[]>();

function fieldsOf(table: Table) {
  let fields = fieldsByTable.get(table);
  if (!fields) {
    fields = Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, name: column.keyAsName ? toSnakeCase(key) : column.name, column }));
    fieldsByTable.set(table, fields);
  }
  return fields;
}

/**
 * A table's row from its `to_jsonb(…)` in a raw statement, typed and converted exactly as a
 * drizzle select returns it (timestamps as Dates, jsonb as objects): a statement that returns
 * rows of several tables at once (a claim and its context) needs no second query.
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const { key, name, column } of fieldsOf(table)) {
    const value = json[name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
