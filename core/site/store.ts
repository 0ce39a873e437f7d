import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { revisions, siteArticleDeliveries, siteArticles, themes, type Theme } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SiteArticleInput, SiteArticleRef, SiteStore } from '../../lib/site-store.ts';
import { foldVietnamese, nfc } from '../../lib/text.ts';
import { systemActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { markAnswered } from '../questions/answered.ts';
import { articleUrl } from './urls.ts';

export interface SiteStoreDeps {
  db: Db;
  /** Absolute base URL of the public site (config.publicUrl). */
  publicUrl: string;
  clock: Clock;
}

/**
 * The database side of the `site` connector (connectors/site/store.ts states the contract).
 * One article per content item: a newer revision replaces the content under the same slug,
 * an older or equal one is recorded as `stale` and changes nothing.
 */
export function createSiteStore(deps: SiteStoreDeps): SiteStore {
  const { db, publicUrl, clock } = deps;

  async function refOf(q: Db | Tx, deliveryId: string): Promise<SiteArticleRef | null> {
    const [row] = await q
      .select({ id: siteArticles.id, slug: siteArticles.slug, publishedAt: siteArticleDeliveries.publishedAt })
      .from(siteArticleDeliveries)
      .innerJoin(siteArticles, eq(siteArticles.id, siteArticleDeliveries.articleId))
      .where(eq(siteArticleDeliveries.deliveryId, deliveryId));
    return row ? { id: row.id, url: articleUrl(publicUrl, row.slug), publishedAt: row.publishedAt } : null;
  }

  return {
    async publish(input: SiteArticleInput): Promise<SiteArticleRef> {
      const content = contentOf(input);
      return db.transaction(async (tx) => {
        const done = await refOf(tx, input.deliveryId);
        if (done) return done;
        // An answer to a citizen's question carries the question as approved with it.
        const [revision] = await tx.select({ question: revisions.question }).from(revisions).where(eq(revisions.id, input.revisionId));
        const question = revision?.question ?? null;
        const searchText = searchTextOf({ ...content, question });
        const at = input.publishedAt;
        const [current] = await tx.select().from(siteArticles).where(eq(siteArticles.itemId, input.itemId)).for('update');
        let articleId: string;
        let stale = false;
        if (!current) {
          const slug = await freeSlug(tx, input.slug, input.itemId);
          const [row] = await tx
            .insert(siteArticles)
            .values({ ...content, question, searchText, itemId: input.itemId, slug, publishedAt: at, updatedAt: at })
            .onConflictDoNothing({ target: siteArticles.itemId })
            .returning({ id: siteArticles.id });
          // Another delivery of the same item created it a moment ago; the caller retries.
          if (!row) throw new Error('Concurrent first publication of the same item');
          articleId = row.id;
        } else {
          articleId = current.id;
          stale = !(await isNewer(tx, input.revisionId, current.revisionId));
          if (!stale) {
            await tx
              .update(siteArticles)
              .set({ ...content, question, searchText, updatedAt: at, takenDownAt: null, takedownReason: null })
              .where(eq(siteArticles.id, current.id));
          }
        }
        if (question && !stale) await markAnswered(tx, input.itemId, at);
        await tx.insert(siteArticleDeliveries).values({ deliveryId: input.deliveryId, articleId, revisionId: input.revisionId, publishedAt: at, stale });
        await audit(tx, systemActor, {
          action: !current ? 'site.article_created' : stale ? 'site.article_kept' : 'site.article_replaced',
          entityType: 'site_article',
          entityId: articleId,
          unitId: input.unitId,
          data: { deliveryId: input.deliveryId, revisionId: input.revisionId, ...(current ? { previousRevisionId: current.revisionId } : {}) },
        });
        return (await refOf(tx, input.deliveryId))!;
      });
    },

    findByDelivery(deliveryId: string): Promise<SiteArticleRef | null> {
      return refOf(db, deliveryId);
    },

    async revise(input: SiteArticleInput): Promise<SiteArticleRef | null> {
      const content = contentOf(input);
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(siteArticles).where(eq(siteArticles.deliveryId, input.deliveryId)).for('update');
        if (!current) return null;
        if (await isNewer(tx, input.revisionId, current.revisionId)) {
          const [revision] = await tx.select({ question: revisions.question }).from(revisions).where(eq(revisions.id, input.revisionId));
          const question = revision?.question ?? null;
          const at = input.publishedAt;
          await tx
            .update(siteArticles)
            .set({ ...content, question, searchText: searchTextOf({ ...content, question }), updatedAt: at })
            .where(eq(siteArticles.id, current.id));
          await tx.update(siteArticleDeliveries).set({ revisionId: input.revisionId }).where(eq(siteArticleDeliveries.deliveryId, input.deliveryId));
          if (question) await markAnswered(tx, input.itemId, at);
          await audit(tx, systemActor, {
            action: 'site.article_revised',
            entityType: 'site_article',
            entityId: current.id,
            unitId: input.unitId,
            data: { deliveryId: input.deliveryId, revisionId: input.revisionId, previousRevisionId: current.revisionId },
          });
        }
        return refOf(tx, input.deliveryId);
      });
    },

    async takeDown(articleId: string, deliveryId: string, reason: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(siteArticles)
          .set({ takenDownAt: sql`coalesce(${siteArticles.takenDownAt}, ${clock.now().toISOString()}::timestamptz)`, takedownReason: nfc(reason) })
          .where(and(eq(siteArticles.id, articleId), eq(siteArticles.deliveryId, deliveryId)))
          .returning({ id: siteArticles.id, unitId: siteArticles.unitId });
        if (!row) return false;
        await audit(tx, systemActor, {
          action: 'site.article_taken_down',
          entityType: 'site_article',
          entityId: row.id,
          unitId: row.unitId,
          data: { deliveryId, reason },
        });
        return true;
      });
    },

    async viewsByDelivery(deliveryIds: string[]): Promise<Map<string, number>> {
      const result = new Map<string, number>();
      if (deliveryIds.length === 0) return result;
      const ids = sql.join(
        deliveryIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      const rows = await db.execute<{ delivery_id: string; views: number }>(sql`
        with spans as (
          select d.delivery_id, d.article_id,
                 (d.published_at at time zone 'Asia/Ho_Chi_Minh')::date as from_day,
                 lead((d.published_at at time zone 'Asia/Ho_Chi_Minh')::date)
                   over (partition by d.article_id order by d.published_at, d.delivery_id) as to_day
          from site_article_deliveries d
          where not d.stale
            and d.article_id in (select article_id from site_article_deliveries where delivery_id in (${ids}))
        )
        select s.delivery_id, coalesce(sum(v.views), 0)::int as views
        from spans s
        left join site_page_views v
          on v.article_id = s.article_id and v.day >= s.from_day and (s.to_day is null or v.day < s.to_day)
        where s.delivery_id in (${ids})
        group by s.delivery_id`);
      for (const r of rows) result.set(r.delivery_id, Number(r.views));
      return result;
    },
  };
}

/** What site search matches (core/site/search.ts), folded once when the article is written. */
function searchTextOf(a: { title: string; summary: string; body: string; question: string | null }): string {
  return foldVietnamese([a.title, a.question ?? '', a.summary, a.body].join('\n'));
}

/** The item's slug, or — when another item's article already holds it — a suffixed one. */
async function freeSlug(tx: Tx, slug: string, itemId: string): Promise<string> {
  const [taken] = await tx.select({ id: siteArticles.id }).from(siteArticles).where(eq(siteArticles.slug, slug));
  return taken ? `${slug}-${itemId.slice(0, 8)}` : slug;
}

/** Whether revision `a` is a later revision (higher number) than `b` of the same item. */
async function isNewer(tx: Tx, a: string, b: string): Promise<boolean> {
  if (a === b) return false;
  const rows = await tx.select({ id: revisions.id, number: revisions.number }).from(revisions).where(inArray(revisions.id, [a, b]));
  const num = (id: string) => rows.find((r) => r.id === id)?.number ?? -1;
  return num(a) > num(b);
}

/** The article's columns from a delivery's content (NFC, as the site shows it). */
function contentOf(input: SiteArticleInput) {
  if (!(themes as readonly string[]).includes(input.theme)) throw new Error(`Unknown theme "${input.theme}"`);
  return {
    deliveryId: input.deliveryId,
    revisionId: input.revisionId,
    title: nfc(input.title.trim()),
    summary: nfc(input.summary.trim()),
    body: nfc(input.body),
    theme: input.theme as Theme,
    unitId: input.unitId,
    unitName: nfc(input.unitName),
    hashtags: input.hashtags.map(nfc),
    mediaIds: input.mediaIds,
  };
}
