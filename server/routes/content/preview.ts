import type { Static } from '@sinclair/typebox';
import { previewItem } from '../../../core/content/preview.ts';
import type { ContentApp, ContentContext } from './index.ts';
import { IdParams, PreviewQuery, PreviewView } from './schemas.ts';

export function previewRoutes(app: ContentApp, ctx: ContentContext): void {
  const { db } = ctx.deps;
  app.get(
    '/:id/preview',
    {
      schema: {
        tags: ['content'],
        summary: 'Xem trước bài trên từng kênh (bản đã duyệt: nội dung đóng băng; bản nháp: dựng trực tiếp)',
        params: IdParams,
        querystring: PreviewQuery,
        response: { 200: PreviewView },
      },
    },
    // The injected renderer is templates' renderForChannel, so renderings have its full shape.
    async (request) =>
      (await previewItem(db, ctx, await ctx.caller(db, request), request.params.id, request.query.revision)) as Static<typeof PreviewView>,
  );
}
