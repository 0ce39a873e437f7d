import { and, desc, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { siteArticles } from '../../db/schema/index.ts';
import { foldVietnamese, nfc } from '../../lib/text.ts';
import { type ArticleSummary, summaryColumns } from './queries.ts';

/** More words than this add nothing but cost; the rest of a pasted paragraph is ignored. */
const MAX_TERMS = 8;

/**
 * The words of a reader's query, folded like the articles' `search_text`: "Tái hòa nhập"
 * and "tai hoa nhap" give the same terms. Only [a-z0-9] survive, so a term can never carry
 * tsquery syntax.
 */
export function searchTerms(query: string): string[] {
  const words = foldVietnamese(nfc(query))
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * Live articles (Q&A answers included) containing every term, the last one also as a prefix
 * (a query typed halfway still finds), best match first: terms close together rank higher.
 * Uses the `simple` text index on the folded text (no language stemming, no extension).
 */
export async function searchArticles(q: Queryable, terms: string[], page: { limit: number; offset: number }): Promise<ArticleSummary[]> {
  if (terms.length === 0) return [];
  const tsquery = terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(' & ');
  const vector = sql`to_tsvector('simple', ${siteArticles.searchText})`;
  const query = sql`to_tsquery('simple', ${tsquery})`;
  return q
    .select(summaryColumns)
    .from(siteArticles)
    .where(and(isNull(siteArticles.takenDownAt), sql`${vector} @@ ${query}`))
    .orderBy(sql`ts_rank_cd(${vector}, ${query}) desc`, desc(siteArticles.publishedAt), desc(siteArticles.id))
    .limit(page.limit)
    .offset(page.offset);
}
