import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { systemActor } from '../../core/actor.ts';
import { requestTakedown } from '../../core/deliveries/actions.ts';
import { reconnectChannel } from '../../core/deliveries/channel-state.ts';
import { setFreeze } from '../../core/system-settings.ts';
import { auditLog, channels, notifications } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorker, type LoaWorker } from '../runner.ts';

describe('publishing pipeline: real worker, webhook connector, simulator over HTTP', () => {
  let t: TestDatabase;
  let worker: LoaWorker;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let sim: WebhookSimulator;
  const secrets = createSecretBox(generateSecretKey());
  const logs: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-publish-'));

  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    const config = loadConfig({
      LOA_DATA_DIR: dataDir,
      LOA_WORKER_CONCURRENCY: '4',
      LOA_RETRY_BASE_MS: '300',
      LOA_RETRY_CAP_MS: '600',
      LOA_DELIVERY_MAX_ATTEMPTS: '3',
      LOA_DELIVERY_LEASE_MS: '5000',
      LOA_DELIVERY_HEARTBEAT_MS: '1000',
    });
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger('debug', sink);
    worker = await startWorker({ db: t.db, databaseUrl: t.url, log, config, clock: systemClock, secrets, storage: new LocalStorage(dataDir) });
  });
  afterEach(async () => {
    await sim?.close();
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function channelAndDelivery(o: { dueInMs?: number; lookup?: boolean; sendWindow?: { from: string; to: string } } = {}) {
    sim = await startWebhookSimulator();
    const channelId = await createWebhookChannel(t.db, secrets, {
      unitId: room.unitId,
      url: sim.url,
      secret: sim.secret,
      ...(o.lookup ? { lookupUrl: sim.lookupUrl } : {}),
      ...(o.sendWindow ? { sendWindow: o.sendWindow } : {}),
    });
    const dueAt = new Date(Date.now() + (o.dueInMs ?? 300));
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: dueAt });
    return { channelId, deliveryId: deliveryIds[0]!, dueAt };
  }

  it('publishes at its time; the receiver verified the Standard Webhooks signature; one attempt row', async () => {
    const { deliveryId, dueAt } = await channelAndDelivery({ dueInMs: 1500 });
    const d = await waitForState(t.db, deliveryId, 'published');
    expect(sim.rejectedSignatures).toBe(0);
    expect(sim.posts).toHaveLength(1);
    expect(sim.posts[0]!.marker).toBe(`loa:${deliveryId}`);
    expect(sim.posts[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(d.externalId).toBe(sim.posts[0]!.id);
    expect(d.externalUrl).toMatch(/\/posts\/portal-1$/);
    const attempts = await attemptsOf(t.db, deliveryId);
    expect(attempts.map((a) => [a.number, a.outcome])).toEqual([[1, 'published']]);
    expect(attempts[0]!.finishedAt).not.toBeNull();
    expect(logs.join('')).not.toContain(sim.secret.slice(6, 30));
  });

  it('transient 503, then success: retried with backoff, two attempt rows, one post', async () => {
    const { deliveryId } = await channelAndDelivery();
    sim.failNext({ status: 503 });
    const d = await waitForState(t.db, deliveryId, 'published');
    expect(d.attemptCount).toBe(2);
    const attempts = await attemptsOf(t.db, deliveryId);
    // A 5xx may follow a stored event: retried (same webhook-id), but stored as `sent`.
    expect(attempts.map((a) => [a.outcome, a.errorKind, a.errorCode])).toEqual([
      ['sent', 'transient', 'HTTP_503'],
      ['published', null, null],
    ]);
    expect(attempts[0]!.excerpt).toContain('simulated 503');
    expect(sim.requests).toHaveLength(2);
    expect(sim.posts).toHaveLength(1);
  });

  it('429 with Retry-After: the next attempt does not start before the time the endpoint gave', async () => {
    const { deliveryId } = await channelAndDelivery();
    sim.failNext({ status: 429, retryAfter: '2' });
    await waitForState(t.db, deliveryId, 'published');
    const [first, second] = sim.requests;
    expect(second!.receivedAt.getTime() - first!.receivedAt.getTime()).toBeGreaterThanOrEqual(1990);
    const attempts = await attemptsOf(t.db, deliveryId);
    expect(attempts.map((a) => [a.outcome, a.errorKind, a.errorCode])).toEqual([
      ['error', 'rate_limited', 'HTTP_429'],
      ['published', null, null],
    ]);
    expect(second!.receivedAt.getTime()).toBeGreaterThanOrEqual(attempts[0]!.finishedAt!.getTime() + 1000);
  });

  it('a connection reset after the portal stored the post: re-delivered under the same webhook-id, stored once', async () => {
    const { deliveryId } = await channelAndDelivery();
    sim.failNext({ kind: 'accept_then_reset' });
    await waitForState(t.db, deliveryId, 'published');
    expect(sim.requests.map((r) => r.webhookId)).toEqual([`msg_${deliveryId}`, `msg_${deliveryId}`]);
    expect(sim.posts).toHaveLength(1);
  });

  it('auth failure: delivery and channel need reconnecting, the channel holds its other deliveries, reconnect publishes both', async () => {
    const { channelId, deliveryId } = await channelAndDelivery();
    sim.failNext({ status: 401 });
    const failed = await waitForState(t.db, deliveryId, 'needs_reconnect');
    expect(failed.lastErrorKind).toBe('auth');
    const [channel] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel!.status).toBe('needs_reconnect');
    const told = await t.db.select().from(notifications).where(and(eq(notifications.userId, room.adminId), eq(notifications.kind, 'needs_reconnect')));
    expect(told.length).toBeGreaterThan(0);

    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 200) });
    const other = deliveryIds[0]!;
    const held = await waitFor(async () => {
      const d = await deliveryRow(t.db, other);
      return d.lastErrorCode === 'HELD_CHANNEL_NOT_CONNECTED' ? d : null;
    }, 'the other delivery to be held');
    expect(held.state).toBe('scheduled');
    expect(held.holdReason).toMatch(/kết nối lại/);
    expect(await attemptsOf(t.db, other)).toHaveLength(0);

    const released = await t.db.transaction((tx) => reconnectChannel(tx, systemActor, { id: channelId, name: channel!.name, unitId: room.unitId }, new Date()));
    expect(released).toBe(2);
    await waitForState(t.db, deliveryId, 'published');
    await waitForState(t.db, other, 'published');
    expect(sim.posts.map((p) => p.marker).sort()).toEqual([`loa:${deliveryId}`, `loa:${other}`].sort());
    expect((await attemptsOf(t.db, other)).map((a) => a.outcome)).toEqual(['published']);
  });

  // A 410 (endpoint gone) no longer fails here: it stops the channel (webhook-endpoint-gone.test.ts).
  it('permanent failure (422 content refused): failed with a reason a person can act on, and the unit is told', async () => {
    const { deliveryId } = await channelAndDelivery();
    sim.failNext({ status: 422 });
    const d = await waitForState(t.db, deliveryId, 'failed');
    expect(d.lastErrorCode).toBe('HTTP_422');
    expect(d.lastErrorMessage).toMatch(/từ chối nội dung \(422\)/);
    expect(await attemptsOf(t.db, deliveryId)).toHaveLength(1);
    const told = await t.db.select().from(notifications).where(and(eq(notifications.userId, room.adminId), eq(notifications.kind, 'delivery_failed')));
    expect(told.some((n) => (n.data as { deliveryId?: string }).deliveryId === deliveryId)).toBe(true);
  });

  it('transient failures beyond the attempt cap end failed as stale, naming the last error', async () => {
    const { deliveryId } = await channelAndDelivery();
    sim.failNext({ status: 500 }, { status: 500 }, { status: 500 });
    const d = await waitForState(t.db, deliveryId, 'failed');
    expect(d.lastErrorCode).toBe('STALE');
    // Officers read the reason (board, home, notice): the last error in words, its code only in the attempt rows.
    expect(d.lastErrorMessage).toBe('Đã thử 3 lần không thành công; lần cuối: Cổng nhận gặp lỗi máy chủ (500)');
    expect((await attemptsOf(t.db, deliveryId)).map((a) => a.errorCode)).toEqual(['HTTP_500', 'HTTP_500', 'HTTP_500']);
    expect(sim.posts).toHaveLength(0);
  });

  it('"not now" (outside the portal\'s send window): deferred to the opening, no attempt spent, then published', async () => {
    const hhmmss = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 19);
    const opensAt = Date.now() + 2500;
    const { deliveryId } = await channelAndDelivery({ sendWindow: { from: hhmmss(opensAt), to: hhmmss(opensAt + 3600_000) } });
    const deferred = await waitFor(async () => {
      const d = await deliveryRow(t.db, deliveryId);
      return d.lastErrorCode === 'WEBHOOK_SEND_WINDOW' && d.state === 'scheduled' ? d : null;
    }, 'the deferral');
    expect(deferred.attemptCount).toBe(0);
    expect(deferred.holdReason).toMatch(/Ngoài khung giờ/);
    expect(Math.abs(deferred.notBefore!.getTime() - Math.floor(opensAt / 1000) * 1000)).toBeLessThan(1000);
    const d = await waitForState(t.db, deliveryId, 'published');
    expect(d.attemptCount).toBe(1);
    expect(sim.posts[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(deferred.notBefore!.getTime());
    expect((await attemptsOf(t.db, deliveryId)).map((a) => a.outcome)).toEqual(['deferred', 'published']);
  });

  it('the freeze holds everything due (reason shown, no attempt) and lifting it publishes them', async () => {
    sim = await startWebhookSimulator();
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: sim.url, secret: sim.secret });
    await t.db.transaction((tx) => setFreeze(tx, { kind: 'user', userId: room.adminId }, { on: true, reason: 'Chờ chỉ đạo của Ban Giám đốc' }, new Date()));
    const { deliveryIds } = await approveForChannels(t.db, {
      unitId: room.unitId,
      authorId: room.authorId,
      channelIds: [channelId],
      publishAt: new Date(Date.now() + 300),
    });
    const second = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300) });
    const ids = [deliveryIds[0]!, second.deliveryIds[0]!];
    for (const id of ids) {
      const held = await waitFor(async () => {
        const d = await deliveryRow(t.db, id);
        return d.lastErrorCode === 'HELD_FROZEN' ? d : null;
      }, 'a frozen hold');
      expect(held.state).toBe('scheduled');
      expect(held.holdReason).toBe('Toàn hệ thống đang tạm dừng đăng bài: Chờ chỉ đạo của Ban Giám đốc');
      expect(held.attemptCount).toBe(0);
    }
    // The hold commits inside the task; graphile-worker deletes the finished job a moment later
    // (batched completion), so the job's absence is awaited, not read at once.
    await waitFor(async () => {
      const jobs = await t.db.execute(sql`select 1 from graphile_worker.jobs where key = any(${`{publish:${ids[0]},publish:${ids[1]}}`}::text[])`);
      return jobs.length === 0;
    }, 'the held deliveries to have no publish job');
    expect(sim.requests).toHaveLength(0);

    const { released } = await t.db.transaction((tx) => setFreeze(tx, { kind: 'user', userId: room.adminId }, { on: false }, new Date()));
    expect(released).toBe(2);
    for (const id of ids) {
      const d = await waitForState(t.db, id, 'published');
      expect(d.holdReason).toBeNull();
      expect((await attemptsOf(t.db, id)).map((a) => a.outcome)).toEqual(['published']);
    }
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'system.unfreeze'));
    expect(audits).toHaveLength(1);
  });

  it('takedown: the portal gets post.unpublished and the delivery becomes taken_down with the reason', async () => {
    const { deliveryId } = await channelAndDelivery();
    await waitForState(t.db, deliveryId, 'published');
    await requestTakedown(t.db, { kind: 'user', userId: room.adminId }, deliveryId, 'Người trong bài rút lại sự đồng ý');
    const d = await waitForState(t.db, deliveryId, 'taken_down');
    expect(d.holdReason).toBe('Người trong bài rút lại sự đồng ý');
    expect(sim.requests.map((r) => r.type)).toEqual(['post.published', 'post.unpublished']);
    expect(sim.posts[0]!.unpublishedAt).not.toBeNull();
  });
});
