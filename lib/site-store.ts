/**
 * The contract between the `site` connector and Loa's own database. It lives in lib/ so
 * both sides share one definition: connectors/site uses it, core/site/store.ts implements
 * it, and workers inject the implementation (connectors never import db/ or core/).
 */
export interface SiteArticleInput {
  deliveryId: string;
  itemId: string;
  revisionId: string;
  /** The content item's slug; the article keeps the slug it was first published under. */
  slug: string;
  title: string;
  summary: string;
  body: string;
  theme: string;
  unitId: string;
  unitName: string;
  hashtags: string[];
  mediaIds: string[];
  publishedAt: Date;
}

export interface SiteArticleRef {
  /** The article id: the delivery's external id. */
  id: string;
  /** Absolute public URL of the article page. */
  url: string;
  /** When this delivery's content went on the site. */
  publishedAt: Date;
}

export interface SiteStore {
  /**
   * Idempotent per delivery: a delivery already published returns its article unchanged.
   * Otherwise the item's article is created, or — for a newer delivery of the same item —
   * its content is replaced under the same slug and a takedown is lifted.
   */
  publish(article: SiteArticleInput): Promise<SiteArticleRef>;
  /**
   * A correction: the article this delivery's content is on now gets the newer revision
   * (`revisionId`) under the same slug; an older or equal revision changes nothing, so a
   * repeat is harmless. Null when the article no longer shows this delivery (nothing to edit).
   */
  revise(article: SiteArticleInput): Promise<SiteArticleRef | null>;
  /** The article a delivery published into, or null when that delivery never reached the site. */
  findByDelivery(deliveryId: string): Promise<SiteArticleRef | null>;
  /**
   * Hides the article (410 on its page, out of feeds, sitemap and media) when `deliveryId`
   * is the delivery whose content it shows now; a delivery already replaced by a newer one
   * has nothing left on the site, so that is a no-op. Returns whether the article was hidden.
   */
  takeDown(articleId: string, deliveryId: string, reason: string): Promise<boolean>;
  /**
   * Page views per delivery. A delivery owns its article's views from the day it was
   * published up to (not including) the day the next delivery replaced it, so successive
   * deliveries of one article never count the same view.
   */
  viewsByDelivery(deliveryIds: string[]): Promise<Map<string, number>>;
}
