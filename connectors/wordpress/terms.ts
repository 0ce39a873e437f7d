import type { WordpressClient } from './client.ts';
import type { WordpressSettings } from './settings.ts';

/** WordPress returns term names HTML-escaped (`A &amp; B`). */
function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

const same = (a: string, b: string) => decodeEntities(a).normalize('NFC').toLocaleLowerCase('vi') === b.toLocaleLowerCase('vi');

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

export async function resolveTerms(
  client: WordpressClient,
  s: Pick<WordpressSettings, 'categoryIds' | 'categoryNames' | 'tagIds' | 'tagNames'>,
): Promise<{ categories: number[]; tags: number[] }> {
  return {
    categories: await resolve(client, 'categories', s.categoryIds, s.categoryNames),
    tags: await resolve(client, 'tags', s.tagIds, s.tagNames),
  };
}
