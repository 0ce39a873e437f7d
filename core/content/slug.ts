import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contentItems } from '../../db/schema/index.ts';
import { slugify } from '../../lib/text.ts';

type NewItem = Omit<typeof contentItems.$inferInsert, 'slug'>;

/**
 * Inserts the item under the slug of its first title ("Con đường hướng thiện" →
 * "con-duong-huong-thien"), suffixed "-2", "-3" … when taken. The unique index decides
 * races: a concurrent insert of the same slug makes this one try the next suffix.
 */
export async function insertItemWithSlug(q: Queryable, values: NewItem, title: string) {
  const base = slugify(title);
  const taken = await q.execute<{ n: number | null }>(sql`
    select max(case when slug = ${base} then 1 else substring(slug from '-([0-9]+)$')::int end) as n
    from ${contentItems} where slug = ${base} or slug ~ ${`^${escapeRegex(base)}-[0-9]+$`}`);
  let n = taken[0]?.n ?? 0;
  for (;;) {
    const slug = n === 0 ? base : `${base}-${n + 1}`;
    const [item] = await q.insert(contentItems).values({ ...values, slug }).onConflictDoNothing({ target: contentItems.slug }).returning();
    if (item) return item;
    n++;
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
