import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { grantRoots } from '../../../core/policy.ts';
import { membershipsOf, subtreeUnitIds } from '../../../core/units.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { createEventHub, type LiveEvent } from './hub.ts';

/** A comment line keeps proxies and browsers from timing the stream out. */
const HEARTBEAT_MS = 25_000;
/**
 * Streams end after this long and the browser reconnects (EventSource does so by itself),
 * so a stream never outlives its session's expiry or a change of the reader's roles by much.
 */
const STREAM_MS = 10 * 60_000;

/**
 * GET /api/v1/events: server-sent events of delivery state changes, new deliveries and
 * channel status changes, fed by PostgreSQL LISTEN/NOTIFY (so changes made by a worker in
 * another process arrive too), each only when the reader may see it: deliveries of items
 * in their `content.read` subtree, channels in their `channel.read` subtree.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const hub = createEventHub(deps.db.$client, deps.log);
  const open = new Set<ServerResponse>();
  // Open streams would hold a shutdown for minutes: end them first (browsers reconnect).
  app.addHook('preClose', async () => {
    for (const out of open) out.end();
  });
  app.addHook('onClose', () => hub.close());

  app.get(
    '/',
    {
      schema: {
        tags: ['events'],
        summary: 'Luồng sự kiện trực tiếp (server-sent events): trạng thái lượt đăng và kênh · Live event stream (server-sent events): delivery and channel states',
        description:
          'text/event-stream. Events: `delivery` {id, itemId, channelId, state, from, dueAt, at}, `deliveries_created` {itemId, revisionId, count}, ' +
          '`channel` {id, status, paused}; only those within the reader\'s units. The stream ends after 10 minutes; EventSource reconnects.',
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const grants = await membershipsOf(deps.db, request.user!.id);
      const [items, channels] = await Promise.all([
        subtreeUnitIds(deps.db, grantRoots(grants, 'content.read')),
        subtreeUnitIds(deps.db, grantRoots(grants, 'channel.read')),
      ]);
      const readsItems = new Set(items);
      const readsChannels = new Set(channels);
      const visible = (e: LiveEvent) => (e.type === 'channel' ? readsChannels.has(e.unitId) : readsItems.has(e.unitId));

      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      out.write('retry: 3000\n\n');
      const unsubscribe = await hub.subscribe((e) => {
        if (!visible(e)) return;
        const { unitId: _unit, ...data } = e;
        out.write(`event: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      const heartbeat = setInterval(() => out.write(': ♥\n\n'), HEARTBEAT_MS);
      const end = setTimeout(() => out.end(), STREAM_MS);
      open.add(out);
      const stop = () => {
        open.delete(out);
        clearInterval(heartbeat);
        clearTimeout(end);
        unsubscribe();
      };
      out.on('close', stop);
      // Tells a waiting client (and tests) that the subscription is live.
      out.write('event: ready\ndata: {}\n\n');
    },
  );
};
