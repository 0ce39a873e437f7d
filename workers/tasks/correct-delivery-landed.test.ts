import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookConnector } from '../../connectors/webhook/index.ts';
import { startWebhookSimulator, type WebhookSimulator } from '../../connectors/webhook/simulator.ts';
import { systemActor } from '../../core/actor.ts';
import { retryDelivery } from '../../core/deliveries/actions.ts';
import { auditLog, deliveries, deliveryCorrections } from '../../db/schema/index.ts';
import { createCorrectionItems } from '../../test/correction-fixtures.ts';
import { attemptsOf, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';

/**
 * A delivery of the older revision that ends `failed` after an attempt the platform may have
 * stored (retries ran out) is not "never reached the platform": before the newer revision is
 * posted, or the delivery is sent again by a person's retry, it is looked up. Found → the
 * correction edits that post; proven absent → the newer revision is posted once; cannot tell
 * → the correction fails visibly for a person. Real PostgreSQL, a real worker, the webhook
 * portal simulator over HTTP (it stores an event, then cuts the connection or answers 503).
 */
describe('corrections and retries after a failed delivery whose attempt may have landed', () => {
  let h: WorkerHarness;
  let portal: WebhookSimulator;
  let items: ReturnType<typeof createCorrectionItems>;
  const webhook = createWebhookConnector({ timeoutMs: 10_000 });

  beforeAll(async () => {
    h = await startWorkerHarness(
      { LOA_WORKER_CONCURRENCY: '4', LOA_RETRY_BASE_MS: '200', LOA_RETRY_CAP_MS: '400', LOA_DELIVERY_MAX_ATTEMPTS: '2', LOA_DELIVERY_LEASE_MS: '5000', LOA_DELIVERY_HEARTBEAT_MS: '1000' },
      { connectors: { for: (p) => (p === 'webhook' ? webhook : null) } },
    );
    portal = await startWebhookSimulator();
    h.stopLater(() => portal.close());
    items = createCorrectionItems(h.t.db, h.room);
  }, 600_000);
  afterAll(() => h?.close());

  const db = () => h.t.db;
  const channel = (lookupUrl = portal.lookupUrl) => createWebhookChannel(db(), h.secrets, { unitId: h.room.unitId, url: portal.url, lookupUrl, secret: portal.secret, settleSeconds: 0 });
  const correctionOf = (deliveryId: string, states: string[]) =>
    waitFor(async () => {
      const [c] = await db().select().from(deliveryCorrections).where(eq(deliveryCorrections.deliveryId, deliveryId));
      return c && states.includes(c.state) ? c : null;
    }, `correction of ${deliveryId} in ${states.join('|')}`, 20_000);
  const postsTitled = (prefix: string) => portal.posts.filter((p) => p.title?.startsWith(prefix)).map((p) => ({ marker: p.marker, title: p.title }));
  const lookedUp = async (deliveryId: string) =>
    (await db().select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition')))).some((a) => {
      const data = a.data as Record<string, unknown>;
      return data.from === 'failed' && data.to === 'unconfirmed';
    });

  /**
   * The first revision, whose only request the portal stores while Loa gets no answer it can
   * trust (the connection cut, or with `retryAfter` a 503 asking to come back then: a retry due
   * that long, whatever the jitter); the retry gets a 503: failed, retries spent.
   */
  async function failedAfterStoredAttempt(title: string, channelId: string, retryAfter?: string) {
    portal.failNext(retryAfter ? { status: 503, retryAfter, stored: true } : { kind: 'accept_then_reset' }, { status: 503 });
    const first = await items.first({ title, body: 'Bản đầu.' }, [channelId]);
    return { first, deliveryId: first.deliveryIds[0]! };
  }

  it('approved while a retry is due, then the retries run out: the stored post is found and edited in place; no second post', async () => {
    const channelId = await channel();
    const { first, deliveryId } = await failedAfterStoredAttempt('Thông báo tiếp công dân', channelId, '4');
    await waitForState(db(), deliveryId, 'retrying');
    const second = await items.next(first.itemId, 2, { title: 'Thông báo tiếp công dân (đổi giờ)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);

    expect((await correctionOf(deliveryId, ['done', 'failed', 'replaced'])).state).toBe('done');
    expect((await attemptsOf(db(), deliveryId)).slice(0, 2).map((a) => a.outcome)).toEqual(['sent', 'sent']);
    expect(await lookedUp(deliveryId)).toBe(true);
    expect(await deliveryRow(db(), deliveryId)).toMatchObject({ state: 'published', revisionId: second.revision.id });
    expect(postsTitled('Thông báo tiếp công dân')).toEqual([{ marker: `loa:${deliveryId}`, title: 'Thông báo tiếp công dân (đổi giờ)' }]);
    expect(await db().select().from(deliveries).where(eq(deliveries.itemId, first.itemId))).toHaveLength(1);
  });

  it('approved after it failed: the approval waits on the failed delivery (no new delivery), which is found and edited; no second post', async () => {
    const channelId = await channel();
    const { first, deliveryId } = await failedAfterStoredAttempt('Lịch cắt điện tuần này', channelId);
    expect((await waitForState(db(), deliveryId, 'failed')).lastErrorCode).toBe('STALE');

    const second = await items.next(first.itemId, 2, { title: 'Lịch cắt điện tuần này (bổ sung)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    expect(second.corrections).toBe(1);
    expect((await correctionOf(deliveryId, ['done', 'failed', 'replaced'])).state).toBe('done');
    expect(await deliveryRow(db(), deliveryId)).toMatchObject({ state: 'published', revisionId: second.revision.id });
    expect(postsTitled('Lịch cắt điện tuần này')).toEqual([{ marker: `loa:${deliveryId}`, title: 'Lịch cắt điện tuần này (bổ sung)' }]);
  });

  it('failed after 503s the portal did not store: proven absent after the settle time, the newer revision is posted once', async () => {
    const channelId = await channel();
    portal.failNext({ status: 503 }, { status: 503 });
    const first = await items.first({ title: 'Cảnh báo mưa lũ', body: 'Bản đầu.' }, [channelId]);
    const deliveryId = first.deliveryIds[0]!;
    await waitForState(db(), deliveryId, 'failed');

    const second = await items.next(first.itemId, 2, { title: 'Cảnh báo mưa lũ (cập nhật)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    const settled = await correctionOf(deliveryId, ['done', 'failed', 'replaced']);
    expect(['replaced', 'done']).toContain(settled.state);
    expect(await lookedUp(deliveryId)).toBe(true);
    const [fresh] = await db().select().from(deliveries).where(and(eq(deliveries.itemId, first.itemId), eq(deliveries.revisionId, second.revision.id)));
    const published = await waitForState(db(), settled.state === 'replaced' ? fresh!.id : deliveryId, 'published', 20_000);
    expect(postsTitled('Cảnh báo mưa lũ')).toEqual([{ marker: `loa:${published.id}`, title: 'Cảnh báo mưa lũ (cập nhật)' }]);
  });

  it('failed after a stored attempt and the lookup cannot answer: the correction fails visibly (LANDING_UNKNOWN), nothing is posted beside', async () => {
    const channelId = await channel('http://127.0.0.1:9/lookup');
    const { first, deliveryId } = await failedAfterStoredAttempt('Thông báo thu hồi giấy phép', channelId);
    await waitForState(db(), deliveryId, 'failed');

    const second = await items.next(first.itemId, 2, { title: 'Thông báo thu hồi giấy phép (đính chính)', body: 'Bản sửa.' }, [channelId]);
    expect(second.deliveryIds).toEqual([]);
    const failed = await correctionOf(deliveryId, ['done', 'failed', 'replaced']);
    expect(failed).toMatchObject({ state: 'failed', lastErrorCode: 'LANDING_UNKNOWN' });
    expect(failed.lastErrorMessage).toMatch(/không xác định được bài đã lên hay chưa/);
    expect(await deliveryRow(db(), deliveryId)).toMatchObject({ state: 'unconfirmed', lastErrorCode: 'CORRECTION_LANDING_UNKNOWN' });
    expect(await db().select().from(deliveries).where(eq(deliveries.itemId, first.itemId))).toHaveLength(1);
    expect(postsTitled('Thông báo thu hồi giấy phép')).toEqual([{ marker: `loa:${deliveryId}`, title: 'Thông báo thu hồi giấy phép' }]);
  });

  it('a person retries a failed delivery after a stored attempt: it is looked up (found, published), not sent again', async () => {
    const { deliveryId } = await failedAfterStoredAttempt('Kế hoạch diễn tập PCCC', await channel());
    await waitForState(db(), deliveryId, 'failed');
    const sent = portal.requests.filter((r) => r.marker === `loa:${deliveryId}`).length;

    const row = await retryDelivery(db(), systemActor, deliveryId, new Date());
    expect(row).toMatchObject({ state: 'unconfirmed', attemptCount: 0 });
    expect(await waitForState(db(), deliveryId, 'published')).toMatchObject({ externalId: portal.posts.find((p) => p.marker === `loa:${deliveryId}`)!.id });
    expect(portal.requests.filter((r) => r.marker === `loa:${deliveryId}`)).toHaveLength(sent);
  });
});
