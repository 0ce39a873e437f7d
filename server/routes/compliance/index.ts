import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { itemCompliance, unitCompliance } from '../../../core/manual/compliance.ts';
import { readableProof } from '../../../core/manual/proofs.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

const tags = ['compliance'];
const Uuid = Type.String({ format: 'uuid' });

const counts = {
  pushes: Type.Integer({ description: 'Pushes expected: one approved revision to one commune group (cancelled ones excluded)' }),
  onTime: Type.Integer(),
  late: Type.Integer({ description: 'Confirmed after the deadline' }),
  missed: Type.Integer({ description: 'Deadline passed, not confirmed (yet)' }),
  awaiting: Type.Integer({ description: 'Open, before the deadline' }),
  scheduled: Type.Integer({ description: 'Not due yet' }),
  cancelled: Type.Integer(),
  estimatedReach: Type.Number({ description: 'Sum of the member counts recorded when pushed groups were confirmed' }),
  clicks: Type.Number({ description: 'Human clicks on the groups’ tracked links — shown beside reach, never added to it' }),
};
const Counts = Type.Object(counts);
const Commune = Type.Object({ unitId: Uuid, unitName: Type.String(), ...counts });
const Item = Type.Object({ itemId: Uuid, title: Type.String(), ...counts });
const KitRecipient = Type.Object({ channelId: Uuid, name: Type.String(), unitName: Type.String(), ...counts });
const ShareKits = Type.Object(
  { totals: Counts, recipients: Type.Array(KitRecipient) },
  { description: 'Share kits (KOLs, large groups, người có uy tín), per recipient: deliveries of their own kind; estimatedReach is the reach each reported' },
);

/**
 * `/api/v1/compliance`: how commune groups were pushed (on time, late, missed, still
 * open), estimated reach and clicks — per item and per unit subtree, broken down by commune.
 * Proof screenshots are served here too, to the unit's managers only.
 */
export const complianceRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, storage } = deps;

  app.get(
    '/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Mức độ đăng vào nhóm Zalo của một bài, theo từng xã · An item\'s Zalo group posting, by commune',
        params: Type.Object({ itemId: Uuid }),
        response: { 200: Type.Object({ itemId: Uuid, totals: Counts, communes: Type.Array(Commune), shareKits: ShareKits }) },
      },
    },
    async (request) => {
      requireUser(request);
      return itemCompliance(db, request.actor, request.params.itemId);
    },
  );

  app.get(
    '/units/:unitId',
    {
      schema: {
        tags,
        summary: 'Mức độ đăng vào nhóm Zalo của một đơn vị và các đơn vị trực thuộc, theo xã và theo bài · Zalo group posting of a unit and the units below it, by commune and by item',
        params: Type.Object({ unitId: Uuid }),
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date-time', description: 'Pushes due at or after this instant' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'Pushes due before this instant' })),
        }),
        response: { 200: Type.Object({ unitId: Uuid, totals: Counts, communes: Type.Array(Commune), items: Type.Array(Item) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const { from, to } = request.query;
      return unitCompliance(db, request.actor, request.params.unitId, {
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      });
    },
  );

  app.get(
    '/proofs/:deliveryId',
    {
      schema: {
        tags,
        summary: 'Ảnh chụp màn hình xác nhận đã đăng (chỉ lãnh đạo đơn vị: admin, approver, viewer) · Screenshot proving a group post (unit leaders only: admin, approver, viewer)',
        params: Type.Object({ deliveryId: Uuid }),
      },
    },
    async (request, reply) => {
      requireUser(request);
      const proof = await readableProof(db, request.actor, request.params.deliveryId);
      return reply
        .type(proof.mimeType)
        .headers({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff', 'content-length': String(proof.sizeBytes) })
        .send(storage.read(proof.storageKey));
    },
  );
};
