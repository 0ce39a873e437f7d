import { ogCardEtag, type OgCardInput, renderOgCard } from '../../templates/og-card.ts';
import type { ArticleSummary } from '../../core/site/queries.ts';
import { SITE_TAGLINE } from './layout.ts';
import { themeInfo } from './themes.ts';

/** Cards kept in memory (≈ 50–100 KB each): the few articles being shared right now. */
const CACHE_SIZE = 32;

export interface OgCard {
  etag: string;
  png: Promise<Buffer>;
}

/**
 * OpenGraph cards of articles, rendered on first request and kept in a small LRU keyed by
 * the card's ETag (its text and template version), so an edited title gets a new card.
 * Concurrent requests for the same card share one render.
 */
export function createOgCards() {
  const cache = new Map<string, Promise<Buffer>>();
  function cardOf(input: OgCardInput): OgCard {
    const etag = ogCardEtag(input);
    let png = cache.get(etag);
    if (png) {
      cache.delete(etag);
    } else {
      png = renderOgCard(input);
      png.catch(() => cache.delete(etag));
    }
    cache.set(etag, png);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return { etag, png };
  }
  return {
    /** The campaign's own card, for the pages with no picture of their own (home, themes, units, Hỏi – đáp, video). */
    siteCard: (): OgCard => cardOf({ title: SITE_TAGLINE, kicker: 'Trang thông tin', unitName: 'Thực hiện Kế hoạch 563/KH-BCA-C11 của Bộ Công an' }),
    cardFor: (article: Pick<ArticleSummary, 'title' | 'theme' | 'unitName'>): OgCard =>
      cardOf({ title: article.title, kicker: themeInfo[article.theme].label, unitName: article.unitName }),
  };
}
