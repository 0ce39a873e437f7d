import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.ts';
import { ConnectorError, Deferral, type DeliveryRef, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import { samplePost } from '../test-kit.ts';
import { createWordpressConnector } from './connector.ts';
import { wordpressMarker } from './content.ts';
import { startWordpressSimulator, type WordpressSimulator } from './simulator.ts';

const USER = 'bientap.congan';
const APP_PASSWORD = 'abcd EFGH 1234 ijkl MNOP 5678';
const logLines: string[] = [];
const log = createLogger('debug', { write: (line: string) => void logLines.push(line) });
const connector = createWordpressConnector();

let dir: string;
let jpegPath: string;
let jpegSha: string;
let jpegSize: number;
let sim: WordpressSimulator;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-wp-'));
  jpegPath = path.join(dir, 'anh.jpg');
  await sharp({ create: { width: 640, height: 360, channels: 3, background: '#1d4ed8' } }).jpeg({ quality: 80 }).toFile(jpegPath);
  const bytes = await fs.readFile(jpegPath);
  jpegSha = createHash('sha256').update(bytes).digest('hex');
  jpegSize = bytes.length;
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  // Credentials never reach a log line, whatever path printed them.
  const basic = Buffer.from(`${USER}:${APP_PASSWORD.replace(/\s+/g, '')}`).toString('base64');
  expect(logLines.join('\n')).not.toContain(basic);
  expect(logLines.join('\n')).not.toContain(APP_PASSWORD);
});
beforeEach(async () => {
  sim = await startWordpressSimulator({ username: USER, applicationPassword: APP_PASSWORD });
});
afterEach(() => sim.close());

function jpeg(opened = { count: 0 }): MediaRef {
  return {
    id: randomUUID(),
    kind: 'image',
    mimeType: 'image/jpeg',
    fileName: 'Ảnh hoàn lương.jpg',
    sizeBytes: jpegSize,
    altText: 'Cán bộ công an thăm hỏi người hoàn lương',
    open: () => {
      opened.count++;
      return createReadStream(jpegPath);
    },
  };
}

function makePost(over: Partial<RenderedPost> = {}): RenderedPost {
  return samplePost({
    deliveryId: randomUUID(),
    title: 'Hành trình "hoàn lương" & việc làm mới',
    text: '',
    body: 'Anh N. đã tìm được việc làm <ổn định>.\nCảm ơn công an xã.\n\nĐoạn thứ hai.',
    media: [jpeg()],
    ...over,
  });
}

interface CtxOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown> | null;
  allowPrivateNetwork?: boolean;
  timeoutMs?: number;
  target?: WordpressSimulator;
}

function makeCtx(o: CtxOptions = {}) {
  const target = o.target ?? sim;
  const saved: { patch: Record<string, unknown>; postsAtSave: number }[] = [];
  const progress: Record<string, unknown> = {};
  const ctx: PublishContext = {
    channel: {
      id: randomUUID(),
      name: 'Cổng thông tin Công an tỉnh',
      platform: 'wordpress',
      unitId: randomUUID(),
      settings: { baseUrl: target.baseUrl, ...o.settings },
      allowPrivateNetwork: o.allowPrivateNetwork ?? true,
      credentialsExpiresAt: null,
    },
    credentials: o.credentials === undefined ? { username: USER, applicationPassword: APP_PASSWORD } : o.credentials,
    progress,
    async saveProgress(patch) {
      saved.push({ patch, postsAtSave: target.state.posts.length });
      Object.assign(progress, patch);
    },
    http: createHttpClient({ allowPrivateNetwork: o.allowPrivateNetwork ?? true, timeoutMs: o.timeoutMs }),
    log,
    signal: new AbortController().signal,
    now: () => new Date(),
  };
  return { ctx, saved };
}

function refOf(post: RenderedPost): DeliveryRef {
  return { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt: new Date(), attemptEndedAt: new Date(), progress: {}, post };
}

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

const count = (method: string, route: string) => sim.state.requests.filter((r) => r.method === method && r.route === route).length;

describe('WordPress connector against the simulator over HTTP', () => {
  it('uploads the featured image as a stream, saves its id, then creates one post whose slug and content carry the short marker', async () => {
    const opened = { count: 0 };
    const image = jpeg(opened);
    const post = makePost({ media: [image] });
    const { ctx, saved } = makeCtx();
    const result = await connector.publish(post, ctx);

    expect(sim.state.media).toHaveLength(1);
    expect(sim.state.posts).toHaveLength(1);
    const [media] = sim.state.media;
    const [created] = sim.state.posts;
    expect(media).toMatchObject({ sha256: jpegSha, bytes: jpegSize, declaredLength: jpegSize, fileName: 'anh-hoan-luong.jpg', mimeType: 'image/jpeg' });
    expect(media!.altText).toBe('Cán bộ công an thăm hỏi người hoàn lương');
    // Finding 14: a short marker in the public URL, not the whole delivery id.
    const marker = wordpressMarker(post.deliveryId);
    expect(marker).toMatch(/^loa-[a-z2-7]{10}$/);
    expect(created!.slug).toBe(`hanh-trinh-hoan-luong-${marker}`);
    expect(created!.slug).not.toContain(post.deliveryId);
    expect(created!.content.endsWith(`<!-- ${marker} -->`)).toBe(true);
    expect(created).toMatchObject({ status: 'publish', featuredMedia: media!.id, excerpt: 'Câu chuyện tái hòa nhập cộng đồng' });
    expect(created!.title).toBe('Hành trình "hoàn lương" &amp; việc làm mới');
    expect(created!.content).toContain('<p>Anh N. đã tìm được việc làm &lt;ổn định&gt;.<br />\nCảm ơn công an xã.</p>\n\n<p>Đoạn thứ hai.</p>');
    // Hashtags are WordPress tags, not a paragraph.
    expect(created!.content).not.toContain('#ConDuongHuongThien');
    expect(created!.tags.map((id) => sim.state.tags.find((t) => t.id === id)!.name)).toEqual(['ConDuongHuongThien', 'TaiHoaNhap']);
    expect(created!.content).toContain(`href="https://conduonghuongthien.vn/bai-viet/hanh-trinh-hoan-luong?ref=loa:${post.deliveryId}"`);
    expect(result).toEqual({ kind: 'published', externalId: String(created!.id), url: `${sim.baseUrl}/${created!.slug}/` });
    // The image id was saved before the post existed.
    expect(saved).toEqual([{ patch: { wpMediaId: media!.id, wpMediaSource: image.id }, postsAtSave: 0 }]);
    expect(opened.count).toBe(1);
  });

  it('resumes after the image step without uploading the image again', async () => {
    const opened = { count: 0 };
    const post = makePost({ media: [jpeg(opened)] });
    const { ctx } = makeCtx();
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', status: 429, code: 'too_many_requests', headers: { 'Retry-After': '30' } });
    const err = await rejection(connector.publish(post, ctx));
    expect(err).toMatchObject({ kind: 'rate_limited', sideEffectPossible: false });
    expect(ctx.progress.wpMediaId).toBe(sim.state.media[0]!.id);
    expect(sim.state.posts).toHaveLength(0);

    // The retry comes at the time the site asked for.
    await connector.publish(post, { ...ctx, now: () => new Date(Date.now() + 31_000) });
    expect(count('POST', '/wp/v2/media')).toBe(1);
    expect(opened.count).toBe(1);
    expect(sim.state.media).toHaveLength(1);
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.posts[0]!.featuredMedia).toBe(sim.state.media[0]!.id);
  });

  it('reports a create whose answer was lost as side-effect-possible; reconcile then finds exactly one post', async () => {
    const post = makePost();
    const { ctx } = makeCtx();
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', action: 'reset-after' });
    const err = await rejection(connector.publish(post, ctx));
    expect(err.kind).toBe('transient');
    expect(err.sideEffectPossible).toBe(true);
    expect(sim.state.posts).toHaveLength(1);

    const found = await connector.reconcile!(refOf(post), ctx);
    expect(found).toEqual({ kind: 'published', externalId: String(sim.state.posts[0]!.id), url: expect.any(String) });
    // Even a blind retry finds the post by its slug instead of creating "-2".
    const again = await connector.publish(post, ctx);
    expect(again).toEqual(found);
    expect(sim.state.posts).toHaveLength(1);
    expect(count('POST', '/wp/v2/posts')).toBe(1);
  });

  it('treats a create answered after the client timeout as side-effect-possible', async () => {
    const post = makePost({ media: [] });
    const { ctx } = makeCtx({ timeoutMs: 300 });
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', action: 'delay', ms: 2_000 });
    const err = await rejection(connector.publish(post, ctx));
    expect(err).toMatchObject({ code: 'NET_TIMEOUT', sideEffectPossible: true });
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'published', externalId: String(sim.state.posts[0]!.id) });
  });

  it('proves a post absent when the create never reached WordPress, then publishes it once', async () => {
    const post = makePost();
    const { ctx } = makeCtx();
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'absent' });
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', action: 'reset-before' });
    const err = await rejection(connector.publish(post, ctx));
    expect(err.sideEffectPossible).toBe(true);
    expect(sim.state.posts).toHaveLength(0);
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'absent' });
    await connector.publish(post, ctx);
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.media).toHaveLength(1);
  });

  it('answers every 401 as auth (wrong password and stripped header alike) and a missing capability too', async () => {
    // WordPress serves a wrong password as anonymous: the lookup of non-public statuses is refused with a nested 401.
    const wrong = await rejection(connector.publish(makePost(), makeCtx({ credentials: { username: USER, applicationPassword: 'sai sai sai' } }).ctx));
    expect(wrong).toMatchObject({ kind: 'auth', code: 'WP_400_rest_invalid_param', sideEffectPossible: false, platformCode: 'rest_invalid_param' });
    expect(wrong.messages.vi).toContain('mật khẩu ứng dụng (Application Password) đã bị thu hồi, không đúng, hoặc máy chủ đã bỏ header Authorization');

    sim.failNext({ method: 'GET', route: '/wp/v2/posts', status: 401, code: 'rest_not_logged_in', message: 'You are not currently logged in.' });
    const stripped = await rejection(connector.publish(makePost(), makeCtx().ctx));
    expect(stripped).toMatchObject({ kind: 'auth', code: 'WP_401_rest_not_logged_in' });

    sim.failNext({ method: 'POST', route: '/wp/v2/media', status: 403, code: 'rest_cannot_create' });
    const role = await rejection(connector.publish(makePost(), makeCtx().ctx));
    expect(role).toMatchObject({ kind: 'auth', code: 'WP_403_rest_cannot_create', sideEffectPossible: false });
    expect(sim.state.posts).toHaveLength(0);
    expect(sim.state.media).toHaveLength(0);
  });

  it('finding 7: a revoked Application Password is auth at every step (lookup, reconcile), never a permanent refusal', async () => {
    const revoked = 'REVO KEDP ASSW ORDX XXXX XXXX';
    const site = await startWordpressSimulator({ username: USER, applicationPassword: APP_PASSWORD, users: [{ username: USER, applicationPassword: revoked, role: 'author' }] });
    try {
      site.revokeApplicationPassword(revoked);
      const { ctx } = makeCtx({ target: site, credentials: { username: USER, applicationPassword: revoked } });
      const post = makePost();
      const publish = await rejection(connector.publish(post, ctx));
      expect(publish).toMatchObject({ kind: 'auth', sideEffectPossible: false, platformCode: 'rest_invalid_param' });
      expect(publish.messages.en).toContain('Application Password was revoked');
      expect(publish.messages.en).not.toContain('category');
      const reconcile = await rejection(connector.reconcile!(refOf(post), ctx));
      expect(reconcile.kind).toBe('auth');
      expect(site.state.posts).toHaveLength(0);
      expect(site.state.media).toHaveLength(0);
    } finally {
      await site.close();
    }
  });

  it('honours Retry-After on 429, on 503 and on a gateway 504 (seconds and HTTP date)', async () => {
    const { ctx } = makeCtx();
    sim.failNext({ method: 'GET', route: '/wp/v2/posts', status: 429, code: 'rate_limit', headers: { 'Retry-After': '120' } });
    const before = Date.now();
    const limited = await rejection(connector.publish(makePost(), ctx));
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(limited.retryAt!.getTime()).toBeLessThanOrEqual(Date.now() + 120_000);
    // The host throttles the site (§7: host-level): the channel's next publish waits for that
    // time without a request; past it, the channel calls again.
    const requests = sim.state.requests.length;
    const held = await connector.publish(makePost(), ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(held).toBeInstanceOf(Deferral);
    expect(held).toMatchObject({ code: 'WP_THROTTLED' });
    expect((held as Deferral).reason.vi).toMatch(/; Loa sẽ [^;]+ vào \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect((held as Deferral).notBefore.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(sim.state.requests).toHaveLength(requests);
    await connector.publish(makePost({ media: [] }), { ...ctx, now: () => new Date(Date.now() + 121_000) });
    expect(sim.state.posts).toHaveLength(1);

    const at = new Date(Math.ceil((Date.now() + 600_000) / 1000) * 1000);
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', status: 503, html: '<h1>Maintenance</h1>', headers: { 'Retry-After': at.toUTCString() } });
    const maintenance = await rejection(connector.publish(makePost(), makeCtx().ctx));
    expect(maintenance).toMatchObject({ kind: 'rate_limited', code: 'WP_503_HTML', sideEffectPossible: true });
    expect(maintenance.retryAt).toEqual(at);

    // A proxy's 502/504 HTML page saying when to come back (§4.4 transient): not sooner than that.
    sim.failNext({ method: 'GET', route: '/wp/v2/posts', status: 504, html: '<html><body>504 Gateway Time-out</body></html>', headers: { 'Retry-After': '300' } });
    const beforeGateway = Date.now();
    const gateway = await rejection(connector.publish(makePost(), makeCtx().ctx));
    expect(gateway).toMatchObject({ kind: 'transient', code: 'WP_504_HTML', sideEffectPossible: false });
    expect(gateway.retryAt!.getTime()).toBeGreaterThanOrEqual(beforeGateway + 300_000);
  });

  it('marks a 5xx answer to the create call as side-effect-possible, not to other calls', async () => {
    const post = makePost();
    const { ctx } = makeCtx();
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', status: 500, code: 'internal_server_error', message: 'There has been a critical error on this website.' });
    const err = await rejection(connector.publish(post, ctx));
    expect(err).toMatchObject({ kind: 'transient', code: 'WP_500_internal_server_error', sideEffectPossible: true });
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'absent' });

    sim.failNext({ method: 'GET', route: '/wp/v2/posts', status: 502, html: '<html>Bad gateway</html>' });
    const lookup = await rejection(connector.publish(post, ctx));
    expect(lookup).toMatchObject({ kind: 'transient', code: 'WP_502_HTML', sideEffectPossible: false });
  });

  it('classifies refusals through the table and flags unknown ones in the log', async () => {
    const { ctx } = makeCtx();
    const cases = [
      { fault: { status: 400, code: 'rest_invalid_param' }, expected: { kind: 'permanent', code: 'WP_400_rest_invalid_param', sideEffectPossible: false } },
      { fault: { status: 404, code: 'rest_no_route' }, expected: { kind: 'permanent', code: 'WP_404_rest_no_route' } },
      { fault: { status: 403, html: '<html>Access denied by firewall</html>' }, expected: { kind: 'transient', code: 'WP_403_HTML' } },
      { fault: { status: 301, html: '', headers: { Location: 'https://www.example.vn/wp-json/wp/v2/posts' } }, expected: { kind: 'permanent', code: 'WP_301_HTML' } },
      { fault: { status: 418, code: 'rest_teapot' }, expected: { kind: 'transient', code: 'WP_418_rest_teapot' } },
    ];
    for (const c of cases) {
      sim.failNext({ method: 'POST', route: '/wp/v2/posts', ...c.fault });
      const err = await rejection(connector.publish(makePost({ media: [] }), ctx));
      expect(err).toMatchObject(c.expected);
    }
    expect(logLines.some((l) => l.includes('unclassified WordPress error') && l.includes('rest_teapot'))).toBe(true);
    expect(logLines.some((l) => l.includes('unclassified WordPress error') && l.includes('rest_invalid_param'))).toBe(false);
    expect(sim.state.posts).toHaveLength(0);
  });

  it('takes a post down by moving it to the trash, and a second takedown is harmless', async () => {
    const post = makePost({ media: [] });
    const { ctx } = makeCtx();
    const published = await connector.publish(post, ctx);
    if (published.kind !== 'published') throw new Error('expected published');
    const ref = { deliveryId: post.deliveryId, externalId: published.externalId, url: published.url, publishedAt: new Date() };
    await connector.unpublish!(ref, ctx);
    expect(sim.state.posts[0]!.status).toBe('trash');
    expect(count('DELETE', `/wp/v2/posts/${published.externalId}`)).toBe(1);
    await connector.unpublish!(ref, ctx);
    expect(sim.state.posts).toHaveLength(1);
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'absent' });
  });

  it('reads comment counts from X-WP-Total', async () => {
    const { ctx } = makeCtx();
    const posts = [makePost({ media: [] }), makePost({ media: [] })];
    const refs = [];
    for (const p of posts) {
      const r = await connector.publish(p, ctx);
      if (r.kind !== 'published') throw new Error('expected published');
      refs.push({ deliveryId: p.deliveryId, externalId: r.externalId, url: r.url, publishedAt: new Date() });
    }
    const first = Number(refs[0]!.externalId);
    sim.state.comments.push(
      { id: 1, post: first, status: 'approved' },
      { id: 2, post: first, status: 'approved' },
      { id: 3, post: first, status: 'approved' },
      { id: 4, post: first, status: 'hold' },
    );
    const samples = await connector.collectMetrics!(refs, ctx);
    expect(samples.map((s) => [s.deliveryId, s.metric, s.value])).toEqual([
      [posts[0]!.deliveryId, 'comments', 3],
      [posts[1]!.deliveryId, 'comments', 0],
    ]);
  });

  it('finding 14: a natively scheduled post is processing (no link) until WordPress publishes it, then published with its URL', async () => {
    const due = new Date(Date.now() + 2 * 3600_000);
    const post = makePost({ media: [], publishAt: due });
    // The site's clock and Loa's move together here, from now to past the due time.
    let clock = new Date();
    await sim.close();
    sim = await startWordpressSimulator({ username: USER, applicationPassword: APP_PASSWORD, now: () => clock });
    const { ctx: base } = makeCtx();
    const ctx = { ...base, now: () => clock };
    const result = await connector.publish(post, ctx);
    const [created] = sim.state.posts;
    expect(created).toMatchObject({ status: 'future', dateGmt: due.toISOString().slice(0, 19) });
    expect(result).toEqual({ kind: 'processing', handle: { wpPostId: created!.id, scheduledFor: due.toISOString().replace(/\.\d+Z$/, '.000Z') }, pollAfterMs: expect.any(Number) });
    if (result.kind !== 'processing') throw new Error('expected processing');
    expect(result.pollAfterMs).toBeGreaterThan(2 * 3600_000 - 60_000);
    // Before its time: still scheduled on the platform; a reconcile finds it without a public URL.
    expect(await connector.checkProcessing!(result.handle, ctx)).toMatchObject({ kind: 'processing' });
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'published', externalId: String(created!.id), url: null });
    // WP-cron publishes it at its time (the simulator runs it on the next request).
    clock = new Date(due.getTime() + 10_000);
    expect(await connector.checkProcessing!(result.handle, ctx)).toEqual({ kind: 'published', externalId: String(created!.id), url: `${sim.baseUrl}/${created!.slug}/` });
    // WP-cron never ran (a quiet site): within the grace Loa waits, past it Loa publishes the post itself.
    created!.status = 'future';
    sim.state.cronDisabled = true;
    const waiting = await connector.checkProcessing!(result.handle, ctx);
    expect(waiting.kind === 'processing' && waiting.pollAfterMs > 100_000 && waiting.pollAfterMs <= 110_000).toBe(true);
    clock = new Date(due.getTime() + 5 * 60_000);
    expect(await connector.checkProcessing!(result.handle, ctx)).toMatchObject({ kind: 'published', url: `${sim.baseUrl}/${created!.slug}/` });
    expect(created!.status).toBe('publish');
    sim.state.cronDisabled = false;

    await connector.publish(makePost({ media: [], publishAt: due }), makeCtx({ settings: { nativeScheduling: false } }).ctx);
    expect(sim.state.posts[1]!.status).toBe('publish');
    const pending = await connector.publish(makePost({ media: [] }), makeCtx({ settings: { status: 'pending' } }).ctx);
    expect(sim.state.posts[2]!.status).toBe('pending');
    expect(pending).toMatchObject({ kind: 'published', url: null });
  });

  it('finding 14: finds its post by the marker in the content when a site editor shortened the slug; never creates a second', async () => {
    const post = makePost({ media: [] });
    const { ctx } = makeCtx();
    const first = await connector.publish(post, ctx);
    sim.state.posts[0]!.slug = 'hanh-trinh';
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'published', externalId: first.kind === 'published' ? first.externalId : '', url: `${sim.baseUrl}/hanh-trinh/` });
    await connector.publish(post, ctx);
    expect(sim.state.posts).toHaveLength(1);
    expect(count('POST', '/wp/v2/posts')).toBe(1);
  });

  it('finding 14: the read-more link to the campaign site only when the item is live there', async () => {
    await connector.publish(makePost({ media: [], linkLive: false }), makeCtx().ctx);
    expect(sim.state.posts[0]!.content).not.toContain('Xem thêm');
    expect(sim.state.posts[0]!.content).not.toContain('conduonghuongthien.vn');
    await connector.publish(makePost({ media: [], linkLive: true }), makeCtx().ctx);
    expect(sim.state.posts[1]!.content).toContain('Xem thêm tại trang Con đường hướng thiện');
  });

  it('assigns the channel categories and tags plus the item categories and hashtags (as tags), creating only the missing ones once', async () => {
    sim.state.tags.push({ id: 50, name: 'Tái hòa nhập cộng đồng', slug: 'tai-hoa-nhap-cong-dong' });
    const settings = { categoryIds: [1], categoryNames: ['An ninh & trật tự'], tagNames: ['tái hòa nhập cộng đồng', 'Con đường hướng thiện'] };
    const item = { media: [], categories: ['Gương người tốt', 'an ninh & trật tự'], hashtags: ['#ConDuongHuongThien', '#TaiHoaNhap'] };
    await connector.publish(makePost(item), makeCtx({ settings }).ctx);
    const id = (list: { id: number; name: string }[], name: string) => list.find((t) => t.name === name)!.id;
    const categories = [1, id(sim.state.categories, 'An ninh & trật tự'), id(sim.state.categories, 'Gương người tốt')];
    const tags = [50, id(sim.state.tags, 'Con đường hướng thiện'), id(sim.state.tags, 'ConDuongHuongThien'), id(sim.state.tags, 'TaiHoaNhap')];
    expect(sim.state.posts[0]).toMatchObject({ categories, tags });

    await connector.publish(makePost(item), makeCtx({ settings }).ctx);
    expect(sim.state.tags).toHaveLength(4);
    expect(sim.state.categories).toHaveLength(3);
    expect(sim.state.posts[1]).toMatchObject({ categories, tags });
  });

  it('an Author account refused a new category (403 rest_cannot_create) fails that post for good, not the channel: its credentials still publish', async () => {
    const site = await startWordpressSimulator({ username: USER, applicationPassword: APP_PASSWORD, role: 'author' });
    try {
      const { ctx } = makeCtx({ target: site });
      const refused = await rejection(connector.publish(makePost({ media: [], categories: ['Gương người tốt'] }), ctx));
      expect(refused).toMatchObject({ kind: 'permanent', code: 'WP_TERM_NOT_ALLOWED', sideEffectPossible: false });
      expect(refused.messages.vi).toContain('Chuyên mục "Gương người tốt" chưa có trên website WordPress');
      expect(site.state.posts).toHaveLength(0);
      // New tags are within an Author's rights, and a post without the new category goes out.
      await connector.publish(makePost({ media: [], hashtags: ['#TaiHoaNhap'] }), makeCtx({ target: site }).ctx);
      expect(site.state.posts).toHaveLength(1);
      expect(site.state.tags.map((t) => t.name)).toContain('TaiHoaNhap');
    } finally {
      await site.close();
    }
  });

  it('finding 4: a newer revision updates the post in place (same id and URL, marker kept); the image is uploaded again only when it changed', async () => {
    const opened = { count: 0 };
    const image = jpeg(opened);
    const post = makePost({ media: [image] });
    const { ctx } = makeCtx();
    const first = await connector.publish(post, ctx);
    if (first.kind !== 'published') throw new Error('expected published');
    const ref = { deliveryId: post.deliveryId, externalId: first.externalId, url: first.url, publishedAt: new Date() };

    const revised = { ...post, revisionId: randomUUID(), title: 'Bản sửa: hành trình hoàn lương', body: 'Nội dung đã sửa.', hashtags: ['#ConDuongHuongThien'] };
    expect(await connector.update!(ref, revised, ctx)).toEqual(first);
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.posts[0]).toMatchObject({ title: 'Bản sửa: hành trình hoàn lương', featuredMedia: sim.state.media[0]!.id });
    expect(sim.state.posts[0]!.content).toContain('<p>Nội dung đã sửa.</p>');
    expect(sim.state.posts[0]!.content).toContain(`<!-- ${wordpressMarker(post.deliveryId)} -->`);
    expect(sim.state.media).toHaveLength(1);
    expect(opened.count).toBe(1);

    const photo = jpeg(opened);
    await connector.update!(ref, { ...revised, media: [photo] }, ctx);
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.media).toHaveLength(2);
    expect(sim.state.posts[0]!.featuredMedia).toBe(sim.state.media[1]!.id);
    expect(ctx.progress).toMatchObject({ wpMediaId: sim.state.media[1]!.id, wpMediaSource: photo.id });
    expect(count('POST', '/wp/v2/posts')).toBe(1);
  });

  it('speaks ?rest_route= to a site on plain permalinks, where /wp-json/ is a page not found', async () => {
    const plain = await startWordpressSimulator({ username: USER, applicationPassword: APP_PASSWORD, prettyPermalinks: false });
    try {
      const result = await connector.publish(makePost(), makeCtx({ target: plain, settings: { apiStyle: 'rest_route' } }).ctx);
      expect(plain.state.posts).toHaveLength(1);
      expect(plain.state.posts[0]!.featuredMedia).toBe(plain.state.media[0]!.id);
      expect(result).toMatchObject({ url: `${plain.baseUrl}/?p=${plain.state.posts[0]!.id}` });
      expect(new Set(plain.state.requests.map((r) => r.style))).toEqual(new Set(['rest_route']));

      const err = await rejection(connector.publish(makePost(), makeCtx({ target: plain }).ctx));
      expect(err).toMatchObject({ kind: 'permanent', code: 'WP_404_HTML' });
      expect(err.messages.vi).toContain('?rest_route=');
    } finally {
      await plain.close();
    }
  });

  it('surfaces the refusal of a private address when the channel does not allow it', async () => {
    const err = await rejection(connector.publish(makePost(), makeCtx({ allowPrivateNetwork: false }).ctx));
    expect(err).toMatchObject({ kind: 'permanent', code: 'NET_PRIVATE_ADDRESS_REFUSED' });
    expect(sim.state.requests).toHaveLength(0);
  });

  it('refuses missing credentials and broken settings before calling WordPress', async () => {
    const noCreds = await rejection(connector.publish(makePost(), makeCtx({ credentials: null }).ctx));
    expect(noCreds).toMatchObject({ kind: 'auth', code: 'WP_CREDENTIALS_MISSING' });
    const badSettings = await rejection(connector.publish(makePost(), makeCtx({ settings: { tagIds: ['x'] } }).ctx));
    expect(badSettings).toMatchObject({ kind: 'permanent', code: 'WP_SETTINGS_INVALID' });
    expect(sim.state.requests).toHaveLength(0);
  });

  it('validates what WordPress needs before approval', () => {
    const svg: MediaRef = { ...jpeg(), mimeType: 'image/svg+xml', fileName: 'logo.svg' };
    expect(connector.validate(makePost()).map((p) => p.code)).toEqual([]);
    expect(connector.validate(makePost({ title: ' ', body: '', media: [svg] })).map((p) => p.code)).toEqual([
      'WP_TITLE_REQUIRED',
      'WP_BODY_REQUIRED',
      'WP_IMAGE_TYPE',
    ]);
  });
});
