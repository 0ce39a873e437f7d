import type { Static } from '@sinclair/typebox';
import { previewDraft } from '../../../core/content/preview-draft.ts';
import { previewItem } from '../../../core/content/preview.ts';
import { mayOnUnit } from '../../../core/content/permissions.ts';
import { articleUrl } from '../../../core/site/urls.ts';
import { unitAncestry } from '../../../core/units.ts';
import { units } from '../../../db/schema/index.ts';
import { forbidden, notFound } from '../../../lib/errors.ts';
import { platformLimits, type ChannelRendering } from '../../../templates/render.ts';
import type { Platform } from '../../../lib/platforms.ts';
import { createOgCards } from '../../site/og.ts';
import { articleDescription } from '../../site/pages.ts';
import { eq } from 'drizzle-orm';
import type { ContentApp, ContentContext } from './index.ts';
import { DraftPreviewBody, DraftPreviewView, IdParams, OgCardQuery, PreviewQuery, PreviewView } from './schemas.ts';
import { targetView, toRevisionInput } from './views.ts';

const tags = ['content'];

type Og = Static<typeof PreviewView>['og'];

/**
 * The card shared on Facebook and Zalo is the campaign site's article: its title and
 * description come from the `site` rendering when the item goes to the site, else from
 * the revision's own text.
 */
function ogOf(publicUrl: string, slug: string, unitId: string, theme: string, renderings: readonly unknown[], base: { title: string; summary: string; body: string }): Og {
  const site = (renderings as ChannelRendering[]).find((r) => r.platform === 'site');
  const text = site ? { title: site.title, summary: site.summary, body: site.body } : base;
  const image = `/api/v1/content/og-card?${new URLSearchParams({ title: text.title || '…', theme, unitId })}`;
  return { title: text.title, description: articleDescription(text), url: articleUrl(publicUrl, slug), image };
}

/** The counters' limits for the platforms shown. */
function limitsOf(renderings: readonly { platform: Platform }[]) {
  return Object.fromEntries(
    [...new Set(renderings.map((r) => r.platform))].map((p) => {
      const { title, text, description } = platformLimits[p];
      return [p, { ...(title ? { title } : {}), ...(text ? { text } : {}), ...(description ? { description } : {}) }];
    }),
  );
}

export function previewRoutes(app: ContentApp, ctx: ContentContext): void {
  const { db, clock, config } = ctx.deps;

  app.get(
    '/:id/preview',
    {
      schema: {
        tags,
        summary: 'Xem trước bài trên từng kênh (bản đã duyệt: nội dung đóng băng; bản nháp: dựng trực tiếp, kèm lỗi sẽ chặn gửi duyệt) · Preview an item on each channel (approved: the frozen content; draft: rendered live, with the problems that block submission)',
        params: IdParams,
        querystring: PreviewQuery,
        response: { 200: PreviewView },
      },
    },
    async (request) => {
      const caller = await ctx.caller(db, request);
      const p = await previewItem(db, ctx, caller, request.params.id, request.query.revision, clock.now());
      return {
        ...p,
        // The injected renderer is templates' renderForChannel, so renderings have its full shape.
        renderings: p.renderings as Static<typeof PreviewView>['renderings'],
        og: ogOf(config.publicUrl, p.slug, p.unitId, p.fields.theme, p.renderings, p.fields),
        limits: limitsOf(p.renderings as ChannelRendering[]),
      };
    },
  );

  app.post(
    '/preview',
    {
      schema: {
        tags,
        summary: 'Xem trước bản đang soạn (chưa lưu) trên từng kênh, với mọi lỗi sẽ chặn gửi duyệt; không lưu gì · Preview an unsaved draft on each channel, with every problem that blocks submission; stores nothing',
        body: DraftPreviewBody,
        response: { 200: DraftPreviewView },
      },
    },
    async (request) => {
      const caller = await ctx.caller(db, request);
      const { itemId, unitId, ...fields } = request.body;
      const p = await previewDraft(db, ctx, caller, { itemId, unitId, ...toRevisionInput(fields) }, clock.now());
      return {
        slug: p.slug,
        templateVersion: p.renderings[0]?.templateVersion ?? null,
        targets: p.targets.map(targetView),
        renderings: p.renderings as Static<typeof DraftPreviewView>['renderings'],
        problems: p.problems,
        og: p.fields ? ogOf(config.publicUrl, p.slug, p.unitId, p.fields.theme, p.renderings, p.fields) : null,
        limits: limitsOf(p.renderings as ChannelRendering[]),
      };
    },
  );

  const ogCards = createOgCards();
  app.get(
    '/og-card',
    {
      schema: {
        tags,
        summary: 'Ảnh OpenGraph (PNG 1200×630) của bài đang soạn, như khi chia sẻ lên Facebook, Zalo · OpenGraph image (PNG 1200×630) of the draft, as shared on Facebook or Zalo',
        querystring: OgCardQuery,
      },
    },
    async (request, reply) => {
      const caller = await ctx.caller(db, request);
      const { title, theme, unitId } = request.query;
      if ((await unitAncestry(db, unitId)).length === 0) throw notFound({ vi: 'đơn vị', en: 'Unit' }, 'querystring:/unitId');
      if (!(await mayOnUnit(db, caller, 'content.read', unitId))) throw forbidden();
      const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, unitId));
      const card = ogCards.cardFor({ title, theme, unitName: unit!.name });
      reply.header('etag', card.etag).header('cache-control', 'private, max-age=3600');
      if (request.headers['if-none-match'] === card.etag) return reply.status(304).send();
      return reply.type('image/png').send(await card.png);
    },
  );
}
