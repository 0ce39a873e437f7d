import { sql, type SQL } from 'drizzle-orm';

/** `a::uuid, b::uuid, …` for an `in (…)` list; the caller makes sure `ids` is not empty. */
export const uuidList = (ids: readonly string[]): SQL => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
