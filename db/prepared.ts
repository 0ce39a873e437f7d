import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/** Renders SQL as `createDb`'s drizzle does (same casing). */
const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * A hot-path statement that runs once per batch of deliveries, run as a named prepared
 * statement. drizzle sends every query unnamed, so PostgreSQL parses and plans it on each
 * run; prepared once per connection, it is parsed once and, once PostgreSQL finds its generic
 * plan no worse than the custom ones, planned once too. Its text is also rendered once per
 * `key` (the statements embed their actor): rendering a large statement from drizzle's SQL
 * tree on every batch cost the worker's thread more than the rest of the batch's bookkeeping.
 * So `build` must not depend on the values: each is a `sql.placeholder(name)`, filled from
 * `values` at each run (lists as one array parameter each). Rows come back as `db.execute` gives them.
 */
export function preparedStatement<K extends object, T extends Record<string, unknown>>(
  build: (key: K) => SQL,
): (db: Db, key: K, values: Record<string, unknown>) => Promise<T[]> {
  const rendered = new WeakMap<K, { sql: string; params: unknown[] }>();
  return async (db, key, values) => {
    let query = rendered.get(key);
    if (!query) {
      query = dialect.sqlToQuery(build(key));
      rendered.set(key, query);
    }
    return (await db.$client.unsafe(query.sql, fillPlaceholders(query.params, values) as never[], { prepare: true })) as unknown as T[];
  };
}
