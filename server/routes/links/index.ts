import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { shortUrl } from '../../../core/links/codes.ts';
import { createItemLink, getLink, listItemLinks, type LinkRow } from '../../../core/links/links.ts';
import { qrPng, qrSvg } from '../../../core/links/qr.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const tags = ['links'];
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const LinkView = Type.Object({
  id: Uuid,
  code: Type.String(),
  shortUrl: Type.String({ description: 'The address to print or paste: <publicUrl>/l/<code>' }),
  targetUrl: Type.String(),
  itemId: Nullable(Uuid),
  deliveryId: Nullable(Uuid),
  channelId: Nullable(Uuid),
  label: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  clicks: Type.Number({ description: 'Human clicks so far (robots, previews, prefetches excluded)' }),
});

/** `/api/v1/links`: tracked links of items (posters, leaflets) with their QR codes and clicks. */
export const linkRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, config } = deps;
  const view = (l: LinkRow, clicks: number) => ({
    id: l.id,
    code: l.code,
    shortUrl: shortUrl(config.publicUrl, l.code),
    targetUrl: l.targetUrl,
    itemId: l.itemId,
    deliveryId: l.deliveryId,
    channelId: l.channelId,
    label: l.label,
    createdAt: l.createdAt.toISOString(),
    clicks,
  });

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Tạo liên kết theo dõi cho một bài (áp phích, tờ rơi, băng rôn có mã QR) · Create a tracked link for an item (posters, leaflets, banners with a QR code)',
        body: Type.Object(
          {
            itemId: Uuid,
            label: Type.String({ minLength: 1, maxLength: 200, description: 'Where it is printed, e.g. "Áp phích trụ sở UBND xã"' }),
            targetUrl: Type.Optional(Type.String({ maxLength: 2048, description: "Default: the item's page on the campaign site. Otherwise one of the item's published post URLs or a URL on a host in LOA_LINK_TARGET_HOSTS (LOA_PUBLIC_URL's host always allowed); else 422" })),
          },
          { additionalProperties: false },
        ),
        response: { 201: LinkView },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const link = await db.transaction((tx) => createItemLink(tx, request.actor, { ...request.body, publicUrl: config.publicUrl, allowedHosts: config.linkTargetHosts }));
      return reply.status(201).send(view(link, 0));
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Các liên kết theo dõi của một bài (kể cả của từng nhóm Zalo) và số lượt nhấp · An item\'s tracked links (including each Zalo group\'s) and their clicks',
        querystring: Type.Object({ itemId: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(LinkView) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const rows = await listItemLinks(db, request.actor, request.query.itemId);
      return { items: rows.map((r) => view(r, r.clicks)) };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Một liên kết và số lượt nhấp theo ngày (giờ Việt Nam) · One link and its clicks per day (Vietnam time)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Intersect([LinkView, Type.Object({ days: Type.Array(Type.Object({ day: Type.String(), clicks: Type.Number() })) })]) },
      },
    },
    async (request) => {
      requireUser(request);
      const { link, days } = await getLink(db, request.actor, request.params.id);
      return { ...view(link, days.reduce((n, d) => n + d.clicks, 0)), days };
    },
  );

  const qrSchema = (format: string) => ({
    tags,
    summary: `Mã QR (${format}) của liên kết rút gọn, để in · The short link's QR code (${format}), for print`,
    params: Type.Object({ id: Uuid }),
  });

  app.get('/:id/qr.svg', { schema: qrSchema('SVG') }, async (request, reply) => {
    requireUser(request);
    const { link } = await getLink(db, request.actor, request.params.id);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `inline; filename="loa-${link.code}.svg"`)
      .header('cache-control', 'private, max-age=86400')
      .send(qrSvg(shortUrl(config.publicUrl, link.code)));
  });

  app.get(
    '/:id/qr.png',
    { schema: { ...qrSchema('PNG'), querystring: Type.Object({ scale: Type.Integer({ minimum: 2, maximum: 40, default: 10, description: 'Pixels per module' }) }) } },
    async (request, reply) => {
      requireUser(request);
      const { link } = await getLink(db, request.actor, request.params.id);
      return reply
        .type('image/png')
        .header('content-disposition', `inline; filename="loa-${link.code}.png"`)
        .header('cache-control', 'private, max-age=86400')
        .send(await qrPng(shortUrl(config.publicUrl, link.code), request.query.scale));
    },
  );
};
