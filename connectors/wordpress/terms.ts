import { decodeHtmlEntities } from '../../lib/text.ts';
import type { WordpressClient } from './client.ts';
import type { WordpressSettings } from './settings.ts';

/** WordPress returns term names HTML-escaped (`A &amp; B`). */
const same = (a: string, b: string) => decodeHtmlEntities(a).normalize('NFC').toLocaleLowerCase('vi') === b.toLocaleLowerCase('vi');

/**
 * Term ids for one taxonomy: configured ids plus configured names, each looked up first (an
 * Author may assign terms but not create them) and created only when missing.
 */
async function resolve(client: WordpressClient, taxonomy: 'tags' | 'categories', ids: number[], names: string[]): Promise<number[]> {
  const out = new Set(ids);
  for (const name of names) {
    const found = (await client.searchTerms(taxonomy, name)).find((t) => same(t.name, name));
    out.add(found ? found.id : await client.createTerm(taxonomy, name));
  }
  return [...out];
}

/**
 * The post's terms: the channel's categories and tags, plus the item's own categories and its
 * hashtags as tags (without '#'). Names are compared case-insensitively, each resolved once.
 */
export async function resolveTerms(
  client: WordpressClient,
  s: Pick<WordpressSettings, 'categoryIds' | 'categoryNames' | 'tagIds' | 'tagNames'>,
  item: { categories: string[]; tags: string[] },
): Promise<{ categories: number[]; tags: number[] }> {
  return {
    categories: await resolve(client, 'categories', s.categoryIds, distinct([...s.categoryNames, ...item.categories])),
    tags: await resolve(client, 'tags', s.tagIds, distinct([...s.tagNames, ...item.tags])),
  };
}

function distinct(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.normalize('NFC').toLocaleLowerCase('vi');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
