import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** `$client` is the postgres.js pool under it (LISTEN for live events). */
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** A transaction handle; every core function that writes takes one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction. */
export type Queryable = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function createDb(url: string, options: { max?: number } = {}): DbHandle {
  // JIT off for Loa's own connections: its statements are short, and a report over a custom range crossed the planner's
  // JIT threshold on cost estimates alone, then spent ~200 ms compiling a query that runs in less (docs/BENCHMARKS.md (r)).
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connection: { jit: 'off' } });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
