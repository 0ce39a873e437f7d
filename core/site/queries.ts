import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { media, siteArticles, units, type Theme } from '../../db/schema/index.ts';
import { subtreeUnitIds } from '../units.ts';

/** Which articles a page or feed shows: everything, one theme, or one unit's subtree. */
export interface SiteScope {
  theme?: Theme;
  unitIds?: string[];
  /** Only answers to citizens' questions (the Hỏi – đáp page). */
  answersOnly?: boolean;
}

export interface ArticleSummary {
  id: string;
  /** Set when the article answers a citizen's question (a Q&A page). */
  question: string | null;
  slug: string;
  title: string;
  summary: string;
  theme: Theme;
  unitId: string;
  unitName: string;
  publishedAt: Date;
  updatedAt: Date;
}

export interface ArticleFull extends ArticleSummary {
  itemId: string;
  body: string;
  hashtags: string[];
  mediaIds: string[];
  takenDownAt: Date | null;
}

export interface PublicMedia {
  id: string;
  kind: 'image' | 'video' | 'document';
  mimeType: string;
  originalName: string;
  storageKey: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  altText: string | null;
  sha256: string | null;
}

export const summaryColumns = {
  id: siteArticles.id,
  question: siteArticles.question,
  slug: siteArticles.slug,
  title: siteArticles.title,
  summary: siteArticles.summary,
  theme: siteArticles.theme,
  unitId: siteArticles.unitId,
  unitName: siteArticles.unitName,
  publishedAt: siteArticles.publishedAt,
  updatedAt: siteArticles.updatedAt,
};

const fullColumns = {
  ...summaryColumns,
  itemId: siteArticles.itemId,
  body: siteArticles.body,
  hashtags: siteArticles.hashtags,
  mediaIds: siteArticles.mediaIds,
  takenDownAt: siteArticles.takenDownAt,
};

function scopeWhere(scope: SiteScope): SQL | undefined {
  return and(
    scope.theme ? eq(siteArticles.theme, scope.theme) : undefined,
    scope.unitIds ? inArray(siteArticles.unitId, scope.unitIds) : undefined,
    scope.answersOnly ? isNotNull(siteArticles.question) : undefined,
  );
}

/** Live (not taken down) articles of the scope, newest first. */
export function listArticles(q: Queryable, scope: SiteScope, page: { limit: number; offset?: number }): Promise<ArticleSummary[]> {
  return q
    .select(summaryColumns)
    .from(siteArticles)
    .where(and(isNull(siteArticles.takenDownAt), scopeWhere(scope)))
    .orderBy(desc(siteArticles.publishedAt), desc(siteArticles.id))
    .limit(page.limit)
    .offset(page.offset ?? 0);
}

/** Live articles with their bodies, for feeds. */
export function listFeedArticles(q: Queryable, scope: SiteScope, limit: number): Promise<ArticleFull[]> {
  return q
    .select(fullColumns)
    .from(siteArticles)
    .where(and(isNull(siteArticles.takenDownAt), scopeWhere(scope)))
    .orderBy(desc(siteArticles.publishedAt), desc(siteArticles.id))
    .limit(limit);
}

/**
 * The latest change in the scope, takedowns included (a takedown changes a feed), or null
 * when the scope never had an article.
 */
export async function lastModified(q: Queryable, scope: SiteScope): Promise<Date | null> {
  const [row] = await q
    .select({ at: sql<string | null>`max(greatest(${siteArticles.updatedAt}, ${siteArticles.takenDownAt}))` })
    .from(siteArticles)
    .where(scopeWhere(scope));
  return row?.at ? new Date(row.at) : null;
}

/** The article under `slug`, taken down or not (a taken-down one answers 410). */
export async function findArticle(q: Queryable, slug: string): Promise<ArticleFull | null> {
  const [row] = await q.select(fullColumns).from(siteArticles).where(eq(siteArticles.slug, slug));
  return row ?? null;
}

/** The media of an article that are ready to serve, in the article's order. */
export async function articleMedia(q: Queryable, mediaIds: string[]): Promise<PublicMedia[]> {
  if (mediaIds.length === 0) return [];
  const rows = await q
    .select(mediaColumns)
    .from(media)
    .where(and(inArray(media.id, mediaIds), eq(media.status, 'ready')));
  return mediaIds.flatMap((id) => rows.filter((r) => r.id === id));
}

const mediaColumns = {
  id: media.id,
  kind: media.kind,
  mimeType: media.mimeType,
  originalName: media.originalName,
  storageKey: media.storageKey,
  sizeBytes: media.sizeBytes,
  width: media.width,
  height: media.height,
  altText: media.altText,
  sha256: media.sha256,
};

/** A media file, only when a live article shows it: nothing else in storage is public. */
export async function findPublicMedia(q: Queryable, mediaId: string): Promise<PublicMedia | null> {
  const [row] = await q
    .select(mediaColumns)
    .from(media)
    .where(
      and(
        eq(media.id, mediaId),
        eq(media.status, 'ready'),
        sql`exists (select 1 from ${siteArticles} where ${siteArticles.mediaIds} @> array[${media.id}] and ${siteArticles.takenDownAt} is null)`,
      ),
    );
  return row ?? null;
}

export interface SiteUnit {
  id: string;
  name: string;
  /** The unit and every unit below it: a province's page shows its communes' articles. */
  subtree: string[];
}

export async function findSiteUnit(q: Queryable, unitId: string): Promise<SiteUnit | null> {
  const [unit] = await q.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unitId));
  if (!unit) return null;
  return { ...unit, subtree: await subtreeUnitIds(q, [unit.id]) };
}

/** Units that have live articles of their own, by name, for the site's unit index. */
export function unitsWithArticles(q: Queryable): Promise<{ id: string; name: string; articles: number }[]> {
  return q
    .select({ id: units.id, name: units.name, articles: sql<number>`count(*)::int` })
    .from(siteArticles)
    .innerJoin(units, eq(units.id, siteArticles.unitId))
    .where(isNull(siteArticles.takenDownAt))
    .groupBy(units.id, units.name)
    .orderBy(units.name);
}

/** Every live article's slug and last change, for the sitemap (capped at the sitemap limit). */
export function sitemapArticles(q: Queryable): Promise<{ slug: string; updatedAt: Date }[]> {
  return q
    .select({ slug: siteArticles.slug, updatedAt: siteArticles.updatedAt })
    .from(siteArticles)
    .where(isNull(siteArticles.takenDownAt))
    .orderBy(desc(siteArticles.publishedAt))
    .limit(50_000);
}
