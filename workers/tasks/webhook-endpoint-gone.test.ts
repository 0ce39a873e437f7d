import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { replaceCredentials } from '../../core/channels/credentials.ts';
import { toChannelView } from '../../core/channels/view.ts';
import { auditLog, channels, notifications } from '../../db/schema/index.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';
import { approveForChannels, attemptsOf, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';

/**
 * A 410 from the agency portal means the endpoint is gone for good (Standard Webhooks: disable
 * the endpoint). The channel stops for an administrator the way refused credentials stop it:
 * nothing fails one by one, the posts wait, and reconnecting sends each of them once.
 */
describe('webhook 410: the channel stops for an administrator (real worker, simulator over HTTP)', () => {
  let h: WorkerHarness;

  beforeAll(async () => {
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '2', LOA_RETRY_BASE_MS: '200', LOA_RETRY_CAP_MS: '400' });
  });
  afterAll(() => h?.close());

  it('the refused post and the later ones wait (none failed), the admin is told naming 410 and the host; reconnecting sends each once', async () => {
    const { t, room, secrets } = h;
    const sim = await startWebhookSimulator();
    h.stopLater(() => sim.close());
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: sim.url, secret: sim.secret });
    const host = new URL(sim.url).host;
    sim.failNext({ status: 410 });
    const first = (await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() })).deliveryIds[0]!;

    const gone = await waitForState(t.db, first, 'needs_reconnect');
    expect([gone.lastErrorKind, gone.lastErrorCode]).toEqual(['permanent', 'HTTP_410']);
    expect(gone.holdReason).toContain(`Cổng nhận bài ${host} trả 410 (đã ngừng nhận)`);
    const [channel] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel!.status).toBe('needs_reconnect');
    const [stopped] = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, channelId), eq(auditLog.action, 'channel.needs_reconnect')));
    expect(stopped!.data).toMatchObject({ code: 'HTTP_410', reason: 'endpoint_gone' });
    const told = await t.db.select().from(notifications).where(and(eq(notifications.userId, room.adminId), eq(notifications.kind, 'needs_reconnect')));
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain(`${host} trả 410 (đã ngừng nhận): kiểm tra địa chỉ webhook rồi kết nối lại kênh`);
    // The channels page says why beside "Kết nối lại ngay", in the words of the notice.
    expect(toChannelView(channel!).reconnectReason?.vi).toBe(told[0]!.body);

    // Two more posts fall due: held visibly at claim time, never sent to the gone endpoint.
    const later = (await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId, channelId], publishAt: new Date() })).deliveryIds;
    for (const id of later) {
      const held = await waitFor(async () => {
        const d = await deliveryRow(t.db, id);
        return d.lastErrorCode === 'HELD_CHANNEL_NOT_CONNECTED' ? d : null;
      }, 'a later delivery to be held');
      expect(held.state).toBe('scheduled');
      expect(held.holdReason).toMatch(/kết nối lại/);
      expect(await attemptsOf(t.db, id)).toHaveLength(0);
    }
    expect(sim.requests).toHaveLength(1);
    const failedNotices = await t.db.select().from(notifications).where(and(eq(notifications.userId, room.adminId), eq(notifications.kind, 'delivery_failed')));
    expect(failedNotices).toHaveLength(0);

    // The administrator checks the address and reconnects the channel (its secret entered again).
    const admin = { kind: 'user' as const, userId: room.adminId };
    const { channel: back } = await replaceCredentials(t.db, secrets, admin, channelId, { credentials: { secret: sim.secret } });
    expect(back.status).toBe('connected');
    for (const id of [first, ...later]) await waitForState(t.db, id, 'published');
    expect(sim.posts.map((p) => p.marker).sort()).toEqual([first, ...later].map((id) => `loa:${id}`).sort());
    expect((await attemptsOf(t.db, first)).map((a) => a.outcome)).toEqual(['error', 'published']);
    for (const id of later) expect((await attemptsOf(t.db, id)).map((a) => a.outcome)).toEqual(['published']);
  }, 60_000);
});
