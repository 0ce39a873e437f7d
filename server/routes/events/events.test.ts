import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { transitionDelivery } from '../../../core/deliveries/transition.ts';
import { createDb } from '../../../db/client.ts';
import { channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../../test/app.ts';
import { approveForChannels, createWebhookChannel } from '../../../test/delivery-fixtures.ts';

interface Received {
  event: string;
  data: Record<string, unknown>;
}

/** Opens the stream as a browser would and collects its events until closed. */
function openStream(base: string, cookie: string): Promise<{ events: Received[]; next(match: (e: Received) => boolean): Promise<Received>; close(): void }> {
  return new Promise((resolve, reject) => {
    const events: Received[] = [];
    const waiters: { match: (e: Received) => boolean; done: (e: Received) => void }[] = [];
    const req = http.get(`${base}/api/v1/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      const stream = {
        events,
        next: (match: (e: Received) => boolean) =>
          new Promise<Received>((done) => {
            const seen = events.find(match);
            if (seen) done(seen);
            else waiters.push({ match, done });
          }),
        close: () => req.destroy(),
      };
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || !data) continue;
          const e = { event, data: JSON.parse(data) as Record<string, unknown> };
          events.push(e);
          if (event === 'ready') resolve(stream);
          for (const w of waiters.filter((x) => x.match(e))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.done(e);
          }
        }
      });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

describe('live event stream (SSE fed by LISTEN/NOTIFY)', () => {
  let t: TestApp;
  let base: string;
  let unitA: string;
  let unitB: string;
  let editorA: string;
  let authorA: string;
  let authorB: string;
  let channelA: string;
  let channelB: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const province = await createUnit(t.db, 'Công an tỉnh');
    unitA = await createUnit(t.db, 'Công an xã A', province);
    unitB = await createUnit(t.db, 'Công an xã B', province);
    authorA = await createUser(t.db, 'tacgia.a@ca.vn', [{ role: 'editor', unitId: unitA }]);
    authorB = await createUser(t.db, 'tacgia.b@ca.vn', [{ role: 'editor', unitId: unitB }]);
    await createUser(t.db, 'doc.a@ca.vn', [{ role: 'viewer', unitId: unitA }]);
    editorA = (await login(t.app, 'doc.a@ca.vn')).cookie;
    const secret = 'whsec_' + Buffer.alloc(24, 1).toString('base64');
    channelA = await createWebhookChannel(t.db, t.deps.secrets, { unitId: unitA, url: 'http://127.0.0.1:9/a', secret, name: 'Cổng A' });
    channelB = await createWebhookChannel(t.db, t.deps.secrets, { unitId: unitB, url: 'http://127.0.0.1:9/b', secret, name: 'Cổng B' });
  });
  afterAll(() => t.close());

  it('refuses a reader who is not signed in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(res.statusCode).toBe(401);
  });

  it("carries state changes made by another process's connection, only within the reader's units", async () => {
    const stream = await openStream(base, editorA);
    // A separate connection pool stands in for a worker process: NOTIFY reaches the server through PostgreSQL.
    const worker = createDb(t.database.url, { max: 1 });
    try {
      const b = await approveForChannels(worker.db, { unitId: unitB, authorId: authorB, channelIds: [channelB], publishAt: new Date(Date.now() + 3600_000) });
      const a = await approveForChannels(worker.db, { unitId: unitA, authorId: authorA, channelIds: [channelA], publishAt: new Date(Date.now() + 3600_000) });
      const created = await stream.next((e) => e.event === 'deliveries_created');
      expect(created.data).toMatchObject({ count: 1, revisionId: a.revisionId });

      await worker.db.transaction((tx) => transitionDelivery(tx, systemActor, b.deliveryIds[0]!, ['scheduled'], 'publishing'));
      await worker.db.transaction((tx) => transitionDelivery(tx, systemActor, a.deliveryIds[0]!, ['scheduled'], 'publishing'));
      const moved = await stream.next((e) => e.event === 'delivery');
      expect(moved.data).toMatchObject({ id: a.deliveryIds[0], channelId: channelA, state: 'publishing', from: 'scheduled' });

      // A rolled-back change is never announced.
      await worker.db
        .transaction(async (tx) => {
          await transitionDelivery(tx, systemActor, a.deliveryIds[0]!, ['publishing'], 'published');
          throw new Error('rollback');
        })
        .catch(() => {});
      await worker.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, channelB));
      await worker.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, channelA));
      const channel = await stream.next((e) => e.event === 'channel');
      expect(channel.data).toMatchObject({ id: channelA, status: 'needs_reconnect', paused: false });

      // Everything before the channel event is in commit order: nothing of unit B, no rolled-back state.
      expect(stream.events.map((e) => [e.event, e.data.state ?? e.data.status ?? e.data.count])).toEqual([
        ['ready', undefined],
        ['deliveries_created', 1],
        ['delivery', 'publishing'],
        ['channel', 'needs_reconnect'],
      ]);
      expect(JSON.stringify(stream.events)).not.toContain(unitA);
    } finally {
      stream.close();
      await worker.close();
    }
  });
});
