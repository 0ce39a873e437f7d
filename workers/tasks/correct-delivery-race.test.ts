import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookConnector } from '../../connectors/webhook/index.ts';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { createWordpressConnector } from '../../connectors/wordpress/connector.ts';
import { startWordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { systemActor } from '../../core/actor.ts';
import { releaseChannelDeliveries } from '../../core/deliveries/channel-state.ts';
import { enqueueReconcile } from '../../core/deliveries/follow-up-jobs.ts';
import { enqueuePublish } from '../../core/deliveries/jobs.ts';
import { SETTLE_SETTING } from '../../core/deliveries/settle.ts';
import { auditLog, channels, deliveries, deliveryCorrections } from '../../db/schema/index.ts';
import { createLogger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { createCorrectionItems } from '../../test/correction-fixtures.ts';
import type { TestDatabase } from '../../test/db.ts';
import { createWebhookChannel, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';

/**
 * A newer revision approved while the older one's publish is still in flight (a call
 * running, unconfirmed) never leads to a second post: the correction waits for that delivery
 * to settle, then edits the post that landed, or — when nothing landed — the newer revision
 * is posted once. Real PostgreSQL, a real worker; the webhook portal simulator holds the
 * publish call, the WordPress simulator inserts late or never.
 */
describe('corrections approved while the older publish is in flight', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];
  let secrets: SecretBox;
  let items: ReturnType<typeof createCorrectionItems>;
  let portal: WebhookSimulator;
  const webhook = createWebhookConnector({ timeoutMs: 10_000 });
  const wordpress = createWordpressConnector({ requestTimeoutMs: 1500 });

  beforeAll(async () => {
    h = await startWorkerHarness(
      { LOA_WORKER_CONCURRENCY: '4', LOA_RETRY_BASE_MS: '200', LOA_RETRY_CAP_MS: '400', LOA_DELIVERY_LEASE_MS: '5000', LOA_DELIVERY_HEARTBEAT_MS: '1000' },
      { log: createLogger('warn'), connectors: { for: (p) => (p === 'webhook' ? webhook : p === 'wordpress' ? wordpress : null) } },
    );
    ({ t, room, secrets } = h);
    items = createCorrectionItems(t.db, room);
    portal = await startWebhookSimulator();
    h.stopLater(() => portal.close());
  }, 600_000);
  afterAll(() => h?.close());

  const channel = () => createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: portal.url, lookupUrl: portal.lookupUrl, secret: portal.secret, settleSeconds: 0 });
  const correctionOf = (deliveryId: string, states: string[]) =>
    waitFor(async () => {
      const [c] = await t.db.select().from(deliveryCorrections).where(eq(deliveryCorrections.deliveryId, deliveryId));
      return c && states.includes(c.state) ? c : null;
    }, `correction of ${deliveryId} in ${states.join('|')}`, 20_000);

  it('approved while the worker is inside the platform call: no cancel, no second delivery; the post that lands is edited in place', async () => {
    const channelId = await channel();
    portal.failNext({ kind: 'hold_after_store' });
    const first = await items.first({ title: 'Lịch trực ban Tết', body: 'Bản đầu.' }, [channelId]);
    const deliveryId = first.deliveryIds[0]!;
    await waitFor(async () => portal.requests.some((r) => r.marker === `loa:${deliveryId}`), 'the held publish request');
    expect((await deliveryRow(t.db, deliveryId)).state).toBe('publishing');

    const second = await items.next(first.itemId, 2, { title: 'Lịch trực ban Tết (đổi ca)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    expect(second.corrections).toBe(1);
    const held = await correctionOf(deliveryId, ['held']);
    expect(held.lastErrorMessage).toMatch(/Chờ kết quả đăng bản cũ/);
    expect((await deliveryRow(t.db, deliveryId)).state).toBe('publishing');

    portal.release();
    const done = await correctionOf(deliveryId, ['done', 'failed']);
    expect(done.state).toBe('done');
    const mine = portal.posts.filter((p) => p.marker === `loa:${deliveryId}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toBe('Lịch trực ban Tết (đổi ca)');
    expect(portal.requests.filter((r) => r.marker === `loa:${deliveryId}`).map((r) => r.type)).toEqual(['post.published', 'post.updated']);
    expect(await t.db.select().from(deliveries).where(eq(deliveries.itemId, first.itemId))).toHaveLength(1);
    expect(await deliveryRow(t.db, deliveryId)).toMatchObject({ state: 'published', revisionId: second.revision.id });
  });

  /** A WordPress simulator of the test's own, and a channel to it that settles after an hour (until `settledNow`). */
  async function wordpressSite() {
    const sim = await startWordpressSimulator({ username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD' });
    h.stopLater(() => sim.close());
    const [c] = await t.db
      .insert(channels)
      .values({
        unitId: room.unitId,
        platform: 'wordpress',
        name: 'Cổng thông tin Công an tỉnh',
        settings: { baseUrl: sim.baseUrl, [SETTLE_SETTING]: 3600 },
        credentialsSealed: secrets.seal(JSON.stringify({ username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD' })),
        allowPrivateNetwork: true,
      })
      .returning({ id: channels.id });
    return { sim, channelId: c!.id };
  }
  const firstAbsentRead = (deliveryId: string) =>
    waitFor(async () => {
      const reads = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.reconcile_absent_read')));
      return reads.length > 0;
    }, 'a first reconcile read that finds nothing', 20_000);
  /** The platform's Retry-After is over: the retry is due now (its time and its job). */
  const retryDueNow = (deliveryId: string) =>
    t.db.transaction(async (tx) => {
      await tx.update(deliveries).set({ notBefore: new Date() }).where(and(eq(deliveries.id, deliveryId), eq(deliveries.state, 'retrying')));
      await enqueuePublish(tx, deliveryId, new Date());
    });
  /**
   * The channel's settle time is over: with an hour to settle, a delivery stays `unconfirmed`
   * (one read, the next an hour away) for as long as the test needs; then it becomes 0 and the next read is now.
   */
  const settledNow = (channelId: string, deliveryId: string) =>
    t.db.transaction(async (tx) => {
      await tx.update(channels).set({ settings: sql`${channels.settings} || ${JSON.stringify({ [SETTLE_SETTING]: 0 })}::jsonb` }).where(eq(channels.id, channelId));
      await enqueueReconcile(tx, deliveryId, new Date());
    });

  it('approved while a retry is due after a request the portal stored (its answer was lost): the retry finishes, then the post is edited; one post', async () => {
    const channelId = await channel();
    // The retry after the lost answer gets a 503 asking to come back in 10 minutes: the delivery
    // stays `retrying` until the test says the wait is over, however slow the machine.
    portal.failNext({ kind: 'accept_then_reset' }, { status: 503, retryAfter: '600' });
    const first = await items.first({ title: 'Thông báo nghỉ lễ', body: 'Bản đầu.' }, [channelId]);
    const deliveryId = first.deliveryIds[0]!;
    await waitFor(async () => portal.requests.filter((r) => r.marker === `loa:${deliveryId}`).length === 2, 'the retry that gets the 503');
    await waitForState(t.db, deliveryId, 'retrying');
    expect(portal.posts.filter((p) => p.marker === `loa:${deliveryId}`)).toHaveLength(1);

    const second = await items.next(first.itemId, 2, { title: 'Thông báo nghỉ lễ (đổi ngày)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    await correctionOf(deliveryId, ['held']);
    await retryDueNow(deliveryId);
    expect((await correctionOf(deliveryId, ['done', 'failed', 'replaced'])).state).toBe('done');
    const mine = portal.posts.filter((p) => p.marker?.startsWith('loa:') && p.title?.startsWith('Thông báo nghỉ lễ'));
    expect(mine.map((p) => ({ marker: p.marker, title: p.title }))).toEqual([{ marker: `loa:${deliveryId}`, title: 'Thông báo nghỉ lễ (đổi ngày)' }]);
  });

  it('approved while unconfirmed, then reconcile finds the post: it is edited in place, one post', async () => {
    // WordPress inserts the post 4 s after the request (a locked table), the client gave up at 1.5 s.
    const { sim, channelId } = await wordpressSite();
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', action: 'slow-accept', ms: 4_000 });
    const first = await items.first({ title: 'Thông báo tuyển sinh', body: 'Bản đầu.' }, [channelId]);
    const deliveryId = first.deliveryIds[0]!;
    await firstAbsentRead(deliveryId);
    expect((await deliveryRow(t.db, deliveryId)).state).toBe('unconfirmed');

    const second = await items.next(first.itemId, 2, { title: 'Thông báo tuyển sinh (gia hạn)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    await correctionOf(deliveryId, ['held']);
    await waitFor(async () => sim.state.posts.length === 1, 'the late insert');
    await settledNow(channelId, deliveryId);

    expect((await correctionOf(deliveryId, ['done', 'failed'])).state).toBe('done');
    const d = await deliveryRow(t.db, deliveryId);
    expect(d).toMatchObject({ state: 'published', revisionId: second.revision.id });
    expect(sim.state.posts.map((p) => ({ id: String(p.id), title: p.title }))).toEqual([{ id: d.externalId, title: 'Thông báo tuyển sinh (gia hạn)' }]);
    expect(await t.db.select().from(deliveries).where(eq(deliveries.itemId, first.itemId))).toHaveLength(1);
  });

  it('approved while unconfirmed, then reconcile proves nothing landed: the newer revision is posted once, the older never', async () => {
    const { sim, channelId } = await wordpressSite();
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', action: 'reset-before' });
    const first = await items.first({ title: 'Cảnh báo lừa đảo', body: 'Bản đầu.' }, [channelId]);
    const deliveryId = first.deliveryIds[0]!;
    await firstAbsentRead(deliveryId);

    const second = await items.next(first.itemId, 2, { title: 'Cảnh báo lừa đảo (cập nhật)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    await correctionOf(deliveryId, ['held']);
    await settledNow(channelId, deliveryId);

    // Proven absent, the older delivery is due again: either its correction takes over first (the older
    // delivery cancelled, the newer revision posted by a delivery of its own: `replaced`), or its publish
    // does (it posts, then is edited: `done`). One post either way, showing the newer revision.
    const settled = await correctionOf(deliveryId, ['replaced', 'failed', 'done']);
    expect(['replaced', 'done']).toContain(settled.state);
    // `done` edits the older delivery in place, so it then carries the newer revision; `replaced` adds one.
    const rows = await t.db.select().from(deliveries).where(eq(deliveries.itemId, first.itemId));
    expect(rows).toHaveLength(settled.state === 'replaced' ? 2 : 1);
    const newer = settled.state === 'replaced' ? rows.find((r) => r.id !== deliveryId)! : rows[0]!;
    const published = await waitForState(t.db, newer.id, 'published', 20_000);
    expect(published.revisionId).toBe(second.revision.id);
    if (settled.state === 'replaced') expect((await deliveryRow(t.db, deliveryId)).state).toBe('cancelled');
    expect(sim.state.posts.map((p) => ({ id: String(p.id), title: p.title }))).toEqual([{ id: published.externalId, title: 'Cảnh báo lừa đảo (cập nhật)' }]);
  });

  it('a correction held by a paused channel follows the resume at once (not its 5-minute recheck)', async () => {
    const channelId = await channel();
    const first = await items.first({ title: 'Lịch tiếp dân tháng 12', body: 'Bản đầu.' }, [channelId]);
    const deliveryId = first.deliveryIds[0]!;
    await waitForState(t.db, deliveryId, 'published');
    await t.db.update(channels).set({ paused: true, pauseReason: 'Chờ lãnh đạo duyệt lịch' }).where(eq(channels.id, channelId));
    await items.next(first.itemId, 2, { title: 'Lịch tiếp dân tháng 12 (đổi ngày)', body: 'Bản sửa.' }, [channelId]);
    const held = await waitFor(async () => {
      const [c] = await t.db.select().from(deliveryCorrections).where(eq(deliveryCorrections.deliveryId, deliveryId));
      return c?.lastErrorCode === 'HELD_CHANNEL_PAUSED' ? c : null;
    }, 'the correction held by the pause');
    expect(held.runAt.getTime()).toBeGreaterThan(Date.now() + 60_000);

    const resumedAt = Date.now();
    await t.db.transaction(async (tx) => {
      await tx.update(channels).set({ paused: false, pauseReason: null }).where(eq(channels.id, channelId));
      await releaseChannelDeliveries(tx, systemActor, channelId, new Date());
    });
    expect((await correctionOf(deliveryId, ['done', 'failed'])).state).toBe('done');
    expect(Date.now() - resumedAt).toBeLessThan(20_000);
    expect(portal.posts.filter((p) => p.marker === `loa:${deliveryId}`).map((p) => p.title)).toEqual(['Lịch tiếp dân tháng 12 (đổi ngày)']);
  });
});
