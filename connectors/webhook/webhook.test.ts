import { Readable } from 'node:stream';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.ts';
import { ConnectorError, Deferral, type DeliveryRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import { createConnectorFor } from '../registry.ts';
import { createWebhookConnector } from './index.ts';
import { checkSendWindow } from './send-window.ts';
import { signWebhook } from './sign.ts';
import { startWebhookSimulator, type WebhookSimulator } from './simulator.ts';

const deliveryId = '0b8a6c1e-5f4e-4d2a-9c8b-7a6b5c4d3e2f';

function post(over: Partial<RenderedPost> = {}): RenderedPost {
  return {
    deliveryId,
    itemId: '11111111-1111-4111-8111-111111111111',
    revisionId: '22222222-2222-4222-8222-222222222222',
    marker: `loa:${deliveryId}`,
    title: 'Hỗ trợ người chấp hành xong án phạt tù vay vốn',
    text: 'Nội dung',
    body: 'Theo Quyết định 22/2023/QĐ-TTg, người chấp hành xong án phạt tù được vay vốn ưu đãi.',
    summary: 'Vay vốn ưu đãi',
    link: `http://localhost:3000/bai-viet/ho-tro?ref=loa:${deliveryId}`,
    linkLive: true,
    categories: [],
    hashtags: ['#ConDuongHuongThien'],
    theme: 'guidance',
    slug: 'ho-tro',
    unit: { id: '33333333-3333-4333-8333-333333333333', name: 'Công an tỉnh Bình Định' },
    publishAt: new Date(),
    media: [
      {
        id: '44444444-4444-4444-8444-444444444444',
        kind: 'image',
        mimeType: 'image/jpeg',
        fileName: 'anh.jpg',
        sizeBytes: 3,
        open: () => Readable.from([Buffer.from('abc')]),
      },
    ],
    ...over,
  };
}

function context(sim: WebhookSimulator, settings: Record<string, unknown> = {}, secret = sim.secret): PublishContext {
  const controller = new AbortController();
  return {
    channel: { id: 'c1', name: 'Cổng Sở Tư pháp', platform: 'webhook', unitId: 'u1', settings: { url: sim.url, ...settings }, allowPrivateNetwork: true, credentialsExpiresAt: null },
    credentials: { secret },
    progress: {},
    saveProgress: async () => {},
    http: createHttpClient({ allowPrivateNetwork: true, signal: controller.signal, timeoutMs: 2000 }),
    log: createLogger('silent'),
    signal: controller.signal,
    now: () => new Date(),
  };
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(err)}`);
  return err;
}

describe('webhook connector (Standard Webhooks) against the portal simulator', () => {
  let sim: WebhookSimulator;
  const connector = createWebhookConnector({ mediaUrl: (id) => `http://localhost:3000/media/${id}` });
  afterEach(() => sim?.close());

  it('signs what the standardwebhooks reference library verifies, with a stable per-delivery webhook-id', async () => {
    sim = await startWebhookSimulator();
    const published = await connector.publish(post(), context(sim));
    expect(published).toEqual({ kind: 'published', externalId: 'portal-1', url: expect.stringMatching(/\/posts\/portal-1$/) });
    expect(sim.rejectedSignatures).toBe(0);
    expect(sim.requests[0]!.webhookId).toBe(`msg_${deliveryId}`);
    const data = sim.posts[0]!.data;
    expect(data).toMatchObject({ marker: `loa:${deliveryId}`, title: post().title, link: post().link });
    expect((data.media as { url: string }[])[0]!.url).toBe('http://localhost:3000/media/44444444-4444-4444-8444-444444444444');

    const body = '{"type":"post.published"}';
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_x', 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(sim.secret, 'msg_x', ts, body) };
    expect(new Webhook(sim.secret).verify(body, headers)).toEqual({ type: 'post.published' });
  });

  it('a wrong secret is refused by the portal and classified as auth', async () => {
    sim = await startWebhookSimulator();
    const err = await failure(connector.publish(post(), context(sim, {}, `whsec_${Buffer.alloc(32, 7).toString('base64')}`)));
    expect([err.kind, err.code, err.sideEffectPossible]).toEqual(['auth', 'HTTP_401', false]);
    expect(sim.rejectedSignatures).toBe(1);
    expect(sim.posts).toHaveLength(0);
  });

  it.each([
    [{ status: 410 }, 'permanent', 'HTTP_410'],
    [{ status: 422 }, 'permanent', 'HTTP_422'],
    [{ status: 403 }, 'auth', 'HTTP_403'],
    [{ status: 500 }, 'transient', 'HTTP_500'],
    [{ status: 502 }, 'rate_limited', 'HTTP_502'],
  ] as const)('%j → %s', async (fault, kind, code) => {
    sim = await startWebhookSimulator();
    sim.failNext(fault);
    // A connector of its own: a throttle answer (502) holds the channel in the one that met it.
    const err = await failure(createWebhookConnector().publish(post(), context(sim)));
    expect([err.kind, err.code, err.sideEffectPossible]).toEqual([kind, code, false]);
    expect(err.excerpt).toContain(`simulated ${fault.status}`);
  });

  it('410 says the endpoint is gone for good, naming its host; other refusals do not', async () => {
    sim = await startWebhookSimulator();
    sim.failNext({ status: 410 }, { status: 422 });
    const gone = await failure(connector.publish(post(), context(sim)));
    expect(gone.endpointGone).toBe(true);
    expect(gone.messages.vi).toBe(`Cổng nhận bài ${new URL(sim.url).host} trả 410 (đã ngừng nhận): kiểm tra địa chỉ webhook rồi kết nối lại kênh`);
    expect((await failure(connector.publish(post(), context(sim)))).endpointGone).toBe(false);
  });

  it('404 fails the post saying which address to check (a moved or mistyped portal address, not a refused post)', async () => {
    sim = await startWebhookSimulator();
    sim.failNext({ status: 404 });
    const err = await failure(connector.publish(post(), context(sim)));
    expect([err.kind, err.code, err.endpointGone]).toEqual(['permanent', 'HTTP_404', false]);
    expect(err.messages.vi).toBe(`Cổng nhận bài ${new URL(sim.url).host} trả 404 (không có địa chỉ này): kiểm tra địa chỉ webhook của kênh`);
  });

  it('429 carries the Retry-After time, and throttles the channel until then (§5: 429/502/504 ⇒ throttle)', async () => {
    sim = await startWebhookSimulator();
    const throttled = createWebhookConnector();
    sim.failNext({ status: 429, retryAfter: '120' });
    const before = Date.now();
    const err = await failure(throttled.publish(post(), context(sim)));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAt!.getTime() - before).toBeGreaterThanOrEqual(119_000);

    // The channel's next sends wait for that time without calling the portal; another channel does not.
    const other = { ...post(), deliveryId: '5c1d2e3f-4a5b-4c6d-8e7f-901234567890', marker: 'loa:5c1d2e3f-4a5b-4c6d-8e7f-901234567890' };
    const held = await throttled.publish(other, context(sim)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(held).toBeInstanceOf(Deferral);
    expect((held as Deferral).code).toBe('WEBHOOK_THROTTLED');
    expect((held as Deferral).reason.vi).toMatch(/; Loa sẽ [^;]+ vào \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect((held as Deferral).notBefore.getTime()).toBeGreaterThanOrEqual(before + 119_000);
    expect(sim.requests).toHaveLength(1);
    const elsewhere = context(sim);
    await throttled.publish(other, { ...elsewhere, channel: { ...elsewhere.channel, id: 'c2' } });
    expect(sim.requests).toHaveLength(2);

    // Past the Retry-After time the channel sends again, and a 2xx releases it.
    const later = { ...context(sim), now: () => new Date(Date.now() + 121_000) };
    await throttled.publish(post(), later);
    await throttled.publish(post(), context(sim));
    expect(sim.requests).toHaveLength(4);
  });

  it('connection cut after the portal stored the post: transient without side effect, and a resend is stored once', async () => {
    sim = await startWebhookSimulator();
    sim.failNext({ kind: 'accept_then_reset' });
    const err = await failure(connector.publish(post(), context(sim)));
    expect([err.kind, err.sideEffectPossible]).toEqual(['transient', false]);
    await connector.publish(post(), context(sim));
    expect(sim.requests).toHaveLength(2);
    expect(sim.posts).toHaveLength(1);
  });

  it('connection cut before the request was read: transient, nothing stored', async () => {
    sim = await startWebhookSimulator();
    sim.failNext({ kind: 'reset_before_read' });
    const err = await failure(connector.publish(post(), context(sim)));
    expect(err.kind).toBe('transient');
    expect(sim.posts).toHaveLength(0);
  });

  it('reconcile with a lookup endpoint: found by marker, or proven absent', async () => {
    sim = await startWebhookSimulator();
    const ctx = context(sim, { lookupUrl: sim.lookupUrl });
    const ref: DeliveryRef = { deliveryId, marker: `loa:${deliveryId}`, attemptStartedAt: new Date(), attemptEndedAt: new Date(), progress: {}, post: post() };
    expect(await connector.reconcile!(ref, ctx)).toEqual({ kind: 'absent' });
    await connector.publish(post(), ctx);
    expect(await connector.reconcile!(ref, ctx)).toEqual({ kind: 'published', externalId: 'portal-1', url: expect.any(String) });
    expect(sim.requests).toHaveLength(1);
  });

  it('reconcile without a lookup endpoint offers the same message again: the portal holds one copy', async () => {
    sim = await startWebhookSimulator();
    const ctx = context(sim);
    await connector.publish(post(), ctx);
    const ref: DeliveryRef = { deliveryId, marker: `loa:${deliveryId}`, attemptStartedAt: new Date(), attemptEndedAt: new Date(), progress: {}, post: post() };
    expect(await connector.reconcile!(ref, ctx)).toMatchObject({ kind: 'published', externalId: 'portal-1' });
    expect(sim.requests).toHaveLength(2);
    expect(sim.posts).toHaveLength(1);
  });

  it('takedown sends post.unpublished and the portal removes the post', async () => {
    sim = await startWebhookSimulator();
    const ctx = context(sim);
    const { externalId } = (await connector.publish(post(), ctx)) as { externalId: string };
    await connector.unpublish!({ deliveryId, externalId, url: null, publishedAt: new Date() }, ctx);
    expect(sim.requests.map((r) => r.type)).toEqual(['post.published', 'post.unpublished']);
    expect(sim.posts[0]!.unpublishedAt).not.toBeNull();
  });

  it('refuses a payload over 20 KB before sending', async () => {
    sim = await startWebhookSimulator();
    expect(connector.validate(post({ body: 'Đ'.repeat(12_000) }))[0]?.code).toBe('PAYLOAD_TOO_LARGE');
    const err = await failure(connector.publish(post({ body: 'Đ'.repeat(12_000) }), context(sim)));
    expect(err.kind).toBe('permanent');
    expect(sim.requests).toHaveLength(0);
  });

  it('send window (Vietnam time): outside it, a Deferral to the next opening', () => {
    // 23:30 in Hà Nội is 16:30 UTC.
    const late = new Date('2026-11-23T16:30:00Z');
    expect(() => checkSendWindow({ from: '07:00', to: '21:00' }, late)).toThrow(Deferral);
    try {
      checkSendWindow({ from: '07:00', to: '21:00' }, late);
    } catch (e) {
      expect((e as Deferral).notBefore.toISOString()).toBe('2026-11-24T00:00:00.000Z');
      // Reason first, then when, in the app's dd/mm/yyyy HH:mm (it said only "sẽ gửi khi mở lại").
      expect((e as Deferral).reason.vi).toBe('Ngoài khung giờ nhận bài của cổng (07:00–21:00 giờ Việt Nam); Loa sẽ gửi vào 24/11/2026 07:00');
    }
    expect(() => checkSendWindow({ from: '22:00', to: '06:00' }, late)).not.toThrow();
    expect(() => checkSendWindow(undefined, late)).not.toThrow();
  });

  it('the registry maps the webhook platform to this connector', () => {
    expect(createConnectorFor({ platform: 'webhook' }, {})?.platform).toBe('webhook');
  });
});
