import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contentItems, revisions } from './content.ts';
import { deliveries } from './deliveries.ts';
import { themeEnum } from './enums.ts';
import { units } from './org.ts';

/**
 * Articles of the public campaign site "Con đường hướng thiện", one per content item:
 * a newer approved revision delivered to the site replaces the content and keeps the
 * slug (URL), so links already shared on Facebook/Zalo keep working. `deliveryId` and
 * `revisionId` name the delivery whose content is shown now; every delivery that ever
 * wrote here is in `site_article_deliveries`.
 */
export const siteArticles = pgTable(
  'site_articles',
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => contentItems.id, { onDelete: 'restrict' }),
    deliveryId: uuid()
      .notNull()
      .references(() => deliveries.id, { onDelete: 'restrict' }),
    revisionId: uuid()
      .notNull()
      .references(() => revisions.id, { onDelete: 'restrict' }),
    slug: text().notNull(),
    title: text().notNull(),
    summary: text().notNull().default(''),
    /** Plain text, paragraphs separated by blank lines (RenderedPost.body). */
    body: text().notNull(),
    theme: themeEnum().notNull(),
    unitId: uuid()
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    /** The unit's name when published (shown on the page; units may be renamed or merged). */
    unitName: text().notNull(),
    hashtags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Media shown with the article; only these are served publicly at /media/<id>. */
    mediaIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** First publication; stays when a newer revision replaces the content. */
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    /** Last change of the content (feeds' `updated`, OG card cache key). */
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    takenDownAt: timestamp({ withTimezone: true }),
    /** Why it was taken down; internal, never shown on the public page. */
    takedownReason: text(),
    /**
     * Title, summary and body folded to unaccented lower case (lib/text.ts foldVietnamese),
     * so "tai hoa nhap" finds "tái hòa nhập"; searched through the `simple` text index below.
     */
    searchText: text().notNull().default(''),
    /** The published question when the article answers one (a Q&A page, `/hoi-dap`). */
    question: text(),
  },
  (t) => [
    uniqueIndex('site_articles_item_key').on(t.itemId),
    uniqueIndex('site_articles_delivery_key').on(t.deliveryId),
    uniqueIndex('site_articles_slug_key').on(t.slug),
    index('site_articles_live_idx').on(t.publishedAt).where(sql`${t.takenDownAt} is null`),
    index('site_articles_theme_idx').on(t.theme, t.publishedAt),
    index('site_articles_unit_idx').on(t.unitId, t.publishedAt),
    index('site_articles_media_idx').using('gin', t.mediaIds),
    index('site_articles_qa_idx').on(t.publishedAt).where(sql`${t.question} is not null and ${t.takenDownAt} is null`),
    index('site_articles_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
  ],
);

/**
 * Every delivery that published into an article, with when it did. Makes publishing
 * idempotent per delivery (a second publish of the same delivery finds its row) and lets
 * page views be split between successive deliveries of one article without counting a
 * view twice: a delivery owns the days from its own publication up to the next one's.
 */
export const siteArticleDeliveries = pgTable(
  'site_article_deliveries',
  {
    deliveryId: uuid()
      .primaryKey()
      .references(() => deliveries.id, { onDelete: 'restrict' }),
    articleId: uuid()
      .notNull()
      .references(() => siteArticles.id, { onDelete: 'cascade' }),
    revisionId: uuid()
      .notNull()
      .references(() => revisions.id, { onDelete: 'restrict' }),
    publishedAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * The delivery arrived after a newer revision's content was already on the site, so its
     * content was never shown (what is published is always the newest approved revision).
     * It owns no page views.
     */
    stale: boolean().notNull().default(false),
  },
  (t) => [index('site_article_deliveries_article_idx').on(t.articleId, t.publishedAt)],
);

/** Views of an article page per day (Asia/Ho_Chi_Minh), counted without cookies, bots excluded. */
export const sitePageViews = pgTable(
  'site_page_views',
  {
    articleId: uuid()
      .notNull()
      .references(() => siteArticles.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    views: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.day] })],
);
