import { and, eq } from 'drizzle-orm';
import { decodeQR } from 'qr/decode.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordClickSamples } from '../../../core/links/clicks.ts';
import { deliveries, linkClicks, links, metricDaily, metricSamples } from '../../../db/schema/index.ts';
import { createTestApp, login, type Session, type TestApp } from '../../../test/app.ts';
import { approveItem, createCommuneWorld, openTasks, type CommuneWorld } from '../../../test/commune-fixtures.ts';

const PHONE = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const ZALO_IN_APP = 'Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 Zalo android/12100 ZaloTheme/light';

/** Agents that fetch a link without a person reading: previews, robots, scripts. */
const NOT_PEOPLE = [
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Zalo-Crawler/1.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Twitterbot/1.0',
  'WhatsApp/2.23.20.0 A',
  'TelegramBot (like TwitterBot)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'curl/8.5.0',
  '',
];

describe('tracked short links /l/<code>, QR codes and the links API', () => {
  let t: TestApp;
  let world: CommuneWorld;
  let editor: Session;
  let itemId: string;
  let groupDeliveryId: string;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { LOA_PUBLIC_URL: 'https://loa.congan.example.vn', LOA_LINK_TARGET_HOSTS: 'dichvucong.gov.vn' } });
    world = await createCommuneWorld(t.db, { communes: 1, groupsPerCommune: 1 });
    const now = new Date();
    const approved = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: world.communes[0]!.groups, publishAt: now, publicUrl: t.deps.config.publicUrl });
    itemId = approved.itemId;
    groupDeliveryId = approved.deliveryIds[0]!;
    await openTasks(t.db, approved.deliveryIds, now);
    editor = await login(t.app, world.editorEmail);
  });
  afterAll(async () => {
    await t?.close();
  });

  const follow = (code: string, headers: Record<string, string>, method: 'GET' | 'HEAD' = 'GET') =>
    t.app.inject({ method, url: `/l/${code}`, headers });
  const clicksOf = async (linkId: string) =>
    (await t.db.select().from(linkClicks).where(eq(linkClicks.linkId, linkId))).reduce((n, r) => n + r.clicks, 0);

  it('an editor creates a poster link for an item: short URL on the public address, target marked with the link', async () => {
    const res = await editor.request('POST', '/api/v1/links', { itemId, label: 'Áp phích trụ sở UBND xã Chiềng Cơi' });
    expect(res.statusCode).toBe(201);
    const link = res.json();
    expect(link.shortUrl).toBe(`https://loa.congan.example.vn/l/${link.code}`);
    expect(link.code).toMatch(/^[2-9a-hjkmnp-z]{7}$/);
    expect(link.targetUrl).toMatch(new RegExp(`^https://loa\\.congan\\.example\\.vn/bai-viet/vay-von-[0-9a-f]+\\?ref=link%3A${link.code}$`));

    const officer = await login(t.app, world.communes[0]!.officerEmail);
    expect((await officer.request('POST', '/api/v1/links', { itemId, label: 'x' })).statusCode).toBe(403);
    const bad = await editor.request('POST', '/api/v1/links', { itemId, label: 'x', targetUrl: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe('/targetUrl');
  });

  it('finding 11: a link leads only to the item\'s own approved pages or an allow-listed host; no open redirect', async () => {
    const create = (targetUrl: string) => editor.request('POST', '/api/v1/links', { itemId, label: 'Áp phích', targetUrl });
    for (const target of ['https://evil.example.com/dang-nhap', 'https://dichvucong.gov.vn.evil.example.com/', 'https://evil.example.com/?u=https://loa.congan.example.vn/']) {
      const refused = await create(target);
      expect(refused.statusCode, target).toBe(422);
      expect(refused.json().code).toBe('LINK_TARGET_NOT_ALLOWED');
      expect(refused.json().field).toBe('/targetUrl');
      expect(refused.json().messages.vi).toContain('dichvucong.gov.vn');
      expect(refused.json().messages.en).toContain('loa.congan.example.vn');
    }
    expect((await t.db.select().from(links).where(eq(links.targetUrl, 'https://evil.example.com/dang-nhap'))).length).toBe(0);

    // The campaign's own host and the admin's allow-list are accepted and followed.
    for (const target of ['https://loa.congan.example.vn/hoi-dap', 'https://DichVuCong.gov.vn/thu-tuc/123']) {
      const made = await create(target);
      expect(made.statusCode, target).toBe(201);
      expect((await follow(made.json().code, { 'user-agent': PHONE })).headers.location).toBe(made.json().targetUrl);
    }

    // One of the item's own published posts is approved content, whatever its host.
    const post = 'https://www.facebook.com/congan.example/posts/987654';
    expect((await create(post)).statusCode).toBe(422);
    const [before] = await t.db.select().from(deliveries).where(eq(deliveries.id, groupDeliveryId));
    await t.db.update(deliveries).set({ state: 'published', externalUrl: post, publishedAt: new Date() }).where(eq(deliveries.id, groupDeliveryId));
    const toPost = await create(post);
    expect(toPost.statusCode).toBe(201);
    expect((await follow(toPost.json().code, { 'user-agent': PHONE })).headers.location).toBe(toPost.json().targetUrl);
    // Taken back (e.g. the post was removed): the stored target is no longer followed.
    await t.db.update(deliveries).set({ state: before!.state, externalUrl: before!.externalUrl, publishedAt: before!.publishedAt }).where(eq(deliveries.id, groupDeliveryId));
    expect((await follow(toPost.json().code, { 'user-agent': PHONE })).statusCode).toBe(410);

    // A target stored before the rule (or whose host left the list) is not followed: the site's 410 page, no Location.
    const [old] = await t.db.insert(links).values({ code: 'evkabcd', itemId, label: 'cũ', targetUrl: 'https://evil.example.com/?ref=link:evkabcd' }).returning();
    const stale = await follow(old!.code, { 'user-agent': PHONE });
    expect(stale.statusCode).toBe(410);
    expect(stale.headers.location).toBeUndefined();
    expect(stale.headers['content-type']).toContain('text/html');
    expect(await clicksOf(old!.id)).toBe(0);
  });

  it('counts a person following the link once per follow per Vietnam day; previews, robots, HEAD and prefetch are redirected but not counted', async () => {
    const created = (await editor.request('POST', '/api/v1/links', { itemId, label: 'Tờ rơi' })).json();
    const first = await follow(created.code, { 'user-agent': PHONE });
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe(created.targetUrl);
    expect(first.headers['cache-control']).toBe('private, no-store');
    expect(first.headers['set-cookie']).toBeUndefined();
    await follow(created.code.toUpperCase(), { 'user-agent': ZALO_IN_APP });
    expect(await clicksOf(created.id)).toBe(2);

    for (const ua of NOT_PEOPLE) {
      const res = await follow(created.code, { 'user-agent': ua });
      expect(res.statusCode, ua).toBe(302);
    }
    expect((await follow(created.code, { 'user-agent': PHONE }, 'HEAD')).statusCode).toBe(302);
    await follow(created.code, { 'user-agent': PHONE, 'sec-purpose': 'prefetch;prerender' });
    await follow(created.code, { 'user-agent': PHONE, purpose: 'prefetch' });
    expect(await clicksOf(created.id)).toBe(2);

    offsetMs = 24 * 3600_000;
    try {
      await follow(created.code, { 'user-agent': PHONE });
    } finally {
      offsetMs = 0;
    }
    const days = await editor.request('GET', `/api/v1/links/${created.id}`);
    expect(days.json().clicks).toBe(3);
    expect(days.json().days.map((d: { clicks: number }) => d.clicks)).toEqual([2, 1]);
    expect((await follow('zzzzzzz', { 'user-agent': PHONE })).statusCode).toBe(404);
    expect((await follow('../../x', { 'user-agent': PHONE })).statusCode).toBe(404);
  });

  it('QR codes (SVG and PNG) decode to the short URL', async () => {
    const created = (await editor.request('POST', '/api/v1/links', { itemId, label: 'Băng rôn' })).json();
    const png = await editor.request('GET', `/api/v1/links/${created.id}/qr.png?scale=8`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    const svg = await editor.request('GET', `/api/v1/links/${created.id}/qr.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    for (const image of [png.rawPayload, await sharp(svg.rawPayload).resize(480).png().toBuffer()]) {
      const { data, info } = await sharp(image).flatten({ background: '#fff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(decodeQR({ width: info.width, height: info.height, data: new Uint8Array(data) })).toBe(created.shortUrl);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/links/${created.id}/qr.svg` })).statusCode).toBe(401);
  });

  it("an item's links include each commune group's link; group clicks become link_clicks metric samples", async () => {
    const list = (await editor.request('GET', `/api/v1/links?itemId=${itemId}`)).json();
    const group = list.items.find((l: { deliveryId: string | null }) => l.deliveryId === groupDeliveryId);
    expect(group.label).toBe('Nhóm Zalo bản 1 – Chiềng Cơi');
    for (let i = 0; i < 3; i++) await follow(group.code, { 'user-agent': ZALO_IN_APP });
    await follow(group.code, { 'user-agent': 'facebookexternalhit/1.1' });

    const samples = () => t.db.select().from(metricSamples).where(and(eq(metricSamples.deliveryId, groupDeliveryId), eq(metricSamples.metric, 'link_clicks')));
    expect(await recordClickSamples(t.db, new Date())).toBe(1);
    expect((await samples()).map((s) => s.value)).toEqual([3]);
    expect(await recordClickSamples(t.db, new Date())).toBe(0);
    await follow(group.code, { 'user-agent': PHONE });
    expect(await recordClickSamples(t.db, new Date(Date.now() + 1000))).toBe(1);
    expect((await samples()).map((s) => s.value).sort()).toEqual([3, 4]);
    const daily = await t.db.select().from(metricDaily).where(and(eq(metricDaily.deliveryId, groupDeliveryId), eq(metricDaily.metric, 'link_clicks')));
    expect(daily.map((d) => d.value)).toEqual([4]);
    expect((await t.db.select().from(links).where(eq(links.itemId, itemId))).length).toBe(list.items.length);
  });
});
