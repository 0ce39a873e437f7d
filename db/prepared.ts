import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/** Renders SQL as `createDb`'s drizzle does (same casing). */
const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Runs `query` as a named prepared statement, for the hot path's statements that run once per
 * batch of deliveries. drizzle sends every query unnamed, so PostgreSQL parses and plans it on
 * each run; prepared once per connection, it is parsed once and, once PostgreSQL finds its
 * generic plan no worse than the custom ones, planned once too. The text must not vary with
 * the values (pass lists as one array parameter each). Rows come back as `db.execute` gives them.
 */
export async function executePrepared<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await db.$client.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
}
