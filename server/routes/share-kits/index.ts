import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { shortUrl } from '../../../core/links/codes.ts';
import { createItemKits } from '../../../core/share-kits/create.ts';
import { issueKitLink, kitPath, revokeKitLink } from '../../../core/share-kits/links.ts';
import { listItemKits } from '../../../core/share-kits/list.ts';
import { renderForChannel } from '../../../templates/render.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const tags = ['share-kits'];
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Kit = Type.Object({
  deliveryId: Uuid,
  channelId: Uuid,
  recipient: Type.String(),
  audience: Nullable(Type.Integer()),
  state: Type.String({ description: 'scheduled (not open yet), awaiting_officer (open), missed, published (confirmed), cancelled' }),
  deadlineAt: Nullable(DateTime),
  late: Type.Boolean(),
  trackedUrl: Nullable(Type.String({ description: 'The recipient’s own tracked short link, carried in the kit text' })),
  linkId: Nullable(Type.String({ format: 'uuid', description: 'The tracked link’s id: its QR code is GET /api/v1/links/{id}/qr.png' })),
  secretLink: Nullable(Type.Object({ issuedAt: DateTime, expiresAt: DateTime }, { description: 'The live secret link (its address is shown only when issued)' })),
  confirmation: Nullable(Type.Object({ confirmedAt: DateTime, permalink: Nullable(Type.String()), reach: Nullable(Type.Integer()) })),
});

/**
 * `/api/v1/share-kits`: an item's kits for people outside Loa (KOLs, large groups, "người có
 * uy tín"; channels of platform `share_kit`), their secret links (issued, shown once,
 * revoked) and confirmations. Needs delivery.manage on the recipient channel's unit.
 */
export const shareKitRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, config } = deps;

  app.get(
    '/items/:itemId',
    { schema: { tags, summary: 'Các bộ chia sẻ của một bài, theo người nhận · An item\'s share kits, by recipient', params: Type.Object({ itemId: Uuid }), response: { 200: Type.Object({ items: Type.Array(Kit) }) } } },
    async (request) => {
      requireUser(request);
      const kits = await listItemKits(db, request.actor, request.params.itemId, clock.now());
      return {
        items: kits.map(({ linkCode, ...k }) => ({
          ...k,
          deadlineAt: k.deadlineAt?.toISOString() ?? null,
          trackedUrl: linkCode ? shortUrl(config.publicUrl, linkCode) : null,
          secretLink: k.secretLink ? { issuedAt: k.secretLink.issuedAt.toISOString(), expiresAt: k.secretLink.expiresAt.toISOString() } : null,
          confirmation: k.confirmation ? { ...k.confirmation, confirmedAt: k.confirmation.confirmedAt.toISOString() } : null,
        })),
      };
    },
  );

  app.post(
    '/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Gửi bài đã duyệt thành bộ chia sẻ cho thêm người nhận, hạn tuỳ chọn · Send an approved item as share kits to more recipients, optional deadline',
        params: Type.Object({ itemId: Uuid }),
        body: Type.Object({
          channelIds: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true, description: 'Recipients: channels of platform share_kit' }),
          deadlineAt: Type.Optional(Nullable(DateTime)),
        }),
        response: { 201: Type.Object({ created: Type.Integer({ description: 'New kits (recipients who already had this revision’s kit are skipped)' }) }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { channelIds, deadlineAt } = request.body;
      const render = (content: Parameters<typeof renderForChannel>[0], channel: Parameters<typeof renderForChannel>[1]) => renderForChannel(content, channel, config.publicUrl);
      const ids = await createItemKits(db, render, request.actor, request.params.itemId, { channelIds, deadlineAt: deadlineAt ? new Date(deadlineAt) : null }, clock.now());
      return reply.status(201).send({ created: ids.length });
    },
  );

  app.post(
    '/deliveries/:id/link',
    {
      schema: {
        tags,
        summary: 'Cấp liên kết bí mật cho người nhận (hiện một lần; cấp lại thì liên kết cũ mất hiệu lực) · Issue the recipient\'s secret link (shown once; issuing again voids the old one)',
        params: Type.Object({ id: Uuid }),
        response: { 201: Type.Object({ url: Type.String(), expiresAt: DateTime }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { token, expiresAt } = await issueKitLink(db, request.actor, request.params.id, clock.now());
      return reply.status(201).header('cache-control', 'no-store').send({ url: config.publicUrl.replace(/\/+$/, '') + kitPath(token), expiresAt: expiresAt.toISOString() });
    },
  );

  app.delete(
    '/deliveries/:id/link',
    { schema: { tags, summary: 'Thu hồi liên kết bí mật của người nhận · Revoke the recipient\'s secret link', params: Type.Object({ id: Uuid }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      requireUser(request);
      await revokeKitLink(db, request.actor, request.params.id, clock.now());
      return reply.status(204).send(null);
    },
  );
};
