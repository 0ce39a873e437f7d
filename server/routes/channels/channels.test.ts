import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { auditLog, channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('channels API', () => {
  let t: TestApp;
  let province: string;
  let communeA: string;
  let communeB: string;
  let admin: Session;
  let adminA: Session;
  let editor: Session;

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh Bình Định');
    communeA = await createUnit(t.db, 'Công an xã Cát Tiến', province);
    communeB = await createUnit(t.db, 'Công an xã Cát Hải', province);
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'admin-a@ca.vn', [{ role: 'admin', unitId: communeA }]);
    await createUser(t.db, 'editor@ca.vn', [{ role: 'editor', unitId: province }]);
    admin = await login(t.app, 'admin@ca.vn');
    adminA = await login(t.app, 'admin-a@ca.vn');
    editor = await login(t.app, 'editor@ca.vn');
  });
  afterAll(() => t.close());

  const wordpress = (unitId: string, name = 'Cổng TTĐT Công an tỉnh') => ({
    unitId,
    platform: 'wordpress',
    name,
    settings: { baseUrl: 'https://congan.binhdinh.gov.vn', categoryNames: ['Tái hòa nhập'] },
    credentials: { username: 'loa-bot', applicationPassword: 'abcd efgh ijkl mnop' },
  });

  async function channelRows() {
    return t.db.select().from(channels);
  }

  it('answers POST with the bare channel, the same shape as GET (less its `can` flags) and PATCH (#11 finding 15)', async () => {
    const created = await admin.request('POST', '/api/v1/channels', wordpress(province, 'Cổng Công an phường'));
    expect(created.statusCode).toBe(201);
    const { can, ...read } = (await admin.request('GET', `/api/v1/channels/${created.json().id}`)).json();
    expect(can.manage.allowed).toBe(true);
    expect(created.json()).toEqual(read);
    const patched = await admin.request('PATCH', `/api/v1/channels/${created.json().id}`, { name: 'Cổng Công an phường Quy Nhơn' });
    expect(Object.keys(patched.json()).sort()).toEqual(Object.keys(created.json()).sort());
  });

  it('creates a channel with sealed credentials that the API never returns', async () => {
    const res = await admin.request('POST', '/api/v1/channels', wordpress(province));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ platform: 'wordpress', unitId: province, status: 'connected', hasCredentials: true, paused: false });
    expect(body.webhookSecret).toBeUndefined();
    expect(res.body).not.toContain('abcd efgh');
    expect(res.body).not.toContain('credentialsSealed');

    const [row] = await t.db.select().from(channels).where(eq(channels.id, body.id));
    expect(row!.credentialsSealed).not.toContain('loa-bot');
    expect(openCredentials(t.deps.secrets, row!.credentialsSealed)).toEqual({ username: 'loa-bot', applicationPassword: 'abcd efgh ijkl mnop' });

    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, body.id));
    expect(entry).toMatchObject({ action: 'channel.create', entityType: 'channel', unitId: province });
    expect(JSON.stringify(entry!.data)).not.toContain('abcd efgh');

    const read = await editor.request('GET', `/api/v1/channels/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().hasCredentials).toBe(true);
    expect(read.body).not.toContain('abcd efgh');
  });

  it.each([
    ['a WordPress channel without baseUrl', (p: string) => ({ ...wordpress(p), settings: {} }), 'CHANNEL_SETTINGS_REQUIRED', '/settings/baseUrl'],
    ['a WordPress baseUrl that is not http(s)', (p: string) => ({ ...wordpress(p), settings: { baseUrl: 'ftp://site.vn' } }), 'CHANNEL_SETTINGS_INVALID', '/settings/baseUrl'],
    ['a URL carrying user:password', (p: string) => ({ ...wordpress(p), settings: { baseUrl: 'https://u:p@site.vn' } }), 'CHANNEL_SETTINGS_INVALID', '/settings/baseUrl'],
    [
      'a Facebook pageId that is not an identifier',
      (p: string) => ({ unitId: p, platform: 'facebook_page', name: 'Fanpage', settings: { pageId: 'trang của tôi' }, credentials: {} }),
      'CHANNEL_SETTINGS_INVALID',
      '/settings/pageId',
    ],
    [
      'a credential the platform does not use',
      (p: string) => ({ ...wordpress(p), credentials: { username: 'u', applicationPassword: 'p', pageAccessToken: 'x' } }),
      'CHANNEL_CREDENTIALS_UNKNOWN_FIELD',
      '/credentials/pageAccessToken',
    ],
    ['a negative settle time', (p: string) => ({ ...wordpress(p), settings: { baseUrl: 'https://site.vn', reconcileSettleSeconds: -5 } }), 'CHANNEL_SETTINGS_INVALID', '/settings/reconcileSettleSeconds'],
    ['an absurd settle time (a year)', (p: string) => ({ ...wordpress(p), settings: { baseUrl: 'https://site.vn', reconcileSettleSeconds: 31_536_000 } }), 'CHANNEL_SETTINGS_INVALID', '/settings/reconcileSettleSeconds'],
    ['a settle time given as text', (p: string) => ({ ...wordpress(p), settings: { baseUrl: 'https://site.vn', reconcileSettleSeconds: '600' } }), 'CHANNEL_SETTINGS_INVALID', '/settings/reconcileSettleSeconds'],
    ['a token put into settings', (p: string) => ({ ...wordpress(p), settings: { baseUrl: 'https://site.vn', nested: { accessToken: 'x' } } }), 'CHANNEL_SETTINGS_SECRET', '/settings/nested/accessToken'],
    ['credentials for the campaign site', (p: string) => ({ unitId: p, platform: 'site', name: 'Website', credentials: { token: 'x' } }), 'CHANNEL_CREDENTIALS_NOT_USED', '/credentials'],
    ['a member count on a WordPress channel', (p: string) => ({ ...wordpress(p), memberCount: 40 }), 'CHANNEL_MEMBER_COUNT_NOT_USED', '/memberCount'],
    [
      'a webhook secret not in Standard Webhooks form',
      (p: string) => ({ unitId: p, platform: 'webhook', name: 'Cổng Sở Tư pháp', settings: { url: 'https://stp.binhdinh.gov.vn/hook' }, credentials: { secret: 'hunter2' } }),
      'CHANNEL_CREDENTIALS_INVALID',
      '/credentials/secret',
    ],
    [
      'a YouTube channel without its client secret',
      (p: string) => ({ unitId: p, platform: 'youtube_channel', name: 'YouTube', credentials: { refreshToken: 'r', clientId: 'c' } }),
      'CHANNEL_CREDENTIALS_REQUIRED',
      '/credentials/clientSecret',
    ],
    [
      'a Zalo OA without its app secret',
      (p: string) => ({ unitId: p, platform: 'zalo_oa', name: 'Zalo OA', credentials: { accessToken: 'a', refreshToken: 'r', appId: '1' } }),
      'CHANNEL_CREDENTIALS_REQUIRED',
      '/credentials/appSecret',
    ],
  ])('refuses %s with 422 naming the field, leaving no row', async (_label, payload, code, field) => {
    const before = (await channelRows()).length;
    const res = await admin.request('POST', '/api/v1/channels', payload(province));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, field });
    expect((await channelRows()).length).toBe(before);
  });

  it('refuses an unknown platform at the schema, naming the field', async () => {
    const res = await admin.request('POST', '/api/v1/channels', { ...wordpress(province), platform: 'tiktok' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('/platform');
  });

  it('generates a Standard Webhooks secret when none is given and shows it only once', async () => {
    const res = await admin.request('POST', '/api/v1/channels', {
      unitId: province,
      platform: 'webhook',
      name: 'Cổng Sở Tư pháp',
      settings: { url: 'https://stp.binhdinh.gov.vn/hook' },
    });
    expect(res.statusCode).toBe(201);
    const secret = res.json().webhookSecret as string;
    expect(secret).toMatch(/^whsec_/);
    const hook = new Webhook(secret);
    const payload = '{"type":"post.published"}';
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    const signature = hook.sign('msg_1', new Date(Number(headers['webhook-timestamp']) * 1000), payload);
    expect(hook.verify(payload, { ...headers, 'webhook-signature': signature })).toEqual({ type: 'post.published' });

    const id = res.json().id as string;
    const [row] = await t.db.select().from(channels).where(eq(channels.id, id));
    expect(openCredentials(t.deps.secrets, row!.credentialsSealed)).toEqual({ secret });
    const again = await admin.request('GET', `/api/v1/channels/${id}`);
    expect(again.body).not.toContain(secret.slice(6));

    const given = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const own = await admin.request('POST', '/api/v1/channels', {
      unitId: province,
      platform: 'webhook',
      name: 'Cổng Báo Bình Định',
      settings: { url: 'https://baobinhdinh.vn/loa-hook' },
      credentials: { secret: given },
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().webhookSecret).toBeUndefined();
    expect(own.body).not.toContain(given.slice(6));
  });

  it('takes a manual Zalo group with its member count and no credentials', async () => {
    const res = await adminA.request('POST', '/api/v1/channels', {
      unitId: communeA,
      platform: 'zalo_group_manual',
      name: 'Nhóm Zalo thôn Chánh Oai',
      memberCount: 87,
      settings: { groupUrl: 'https://zalo.me/g/abcdef' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ memberCount: 87, hasCredentials: false });
  });

  it('lets only admins covering the unit manage channels', async () => {
    expect((await editor.request('POST', '/api/v1/channels', wordpress(province))).statusCode).toBe(403);
    expect((await adminA.request('POST', '/api/v1/channels', wordpress(communeB))).statusCode).toBe(403);
    expect((await adminA.request('POST', '/api/v1/channels', wordpress(province))).statusCode).toBe(403);
    const missing = await admin.request('POST', '/api/v1/channels', wordpress('00000000-0000-4000-8000-000000000000'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().field).toBe('/unitId');

    const ofB = (await admin.request('POST', '/api/v1/channels', wordpress(communeB, 'Trang xã Cát Hải'))).json().id as string;
    expect((await adminA.request('GET', `/api/v1/channels/${ofB}`)).statusCode).toBe(404);
    expect((await adminA.request('PATCH', `/api/v1/channels/${ofB}`, { name: 'x' })).statusCode).toBe(404);
    expect((await editor.request('PATCH', `/api/v1/channels/${ofB}`, { name: 'x' })).statusCode).toBe(403);
    expect((await editor.request('POST', `/api/v1/channels/${ofB}/pause`, { reason: 'x' })).statusCode).toBe(403);
    const [row] = await t.db.select().from(channels).where(eq(channels.id, ofB));
    expect(row).toMatchObject({ name: 'Trang xã Cát Hải', paused: false });
  });

  it('lists readable channels with filters and cursor pagination', async () => {
    const all = await editor.request('GET', '/api/v1/channels');
    expect(all.statusCode).toBe(200);
    const names = all.json().items.map((c: { name: string }) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(all.body).not.toContain('abcd efgh');

    const ofA = await adminA.request('GET', '/api/v1/channels');
    expect(ofA.json().items.map((c: { unitId: string }) => c.unitId)).toEqual([communeA]);

    const webhooks = await editor.request('GET', '/api/v1/channels?platform=webhook');
    expect(webhooks.json().items.every((c: { platform: string }) => c.platform === 'webhook')).toBe(true);
    expect(webhooks.json().items.length).toBe(2);

    const inB = await editor.request('GET', `/api/v1/channels?unitId=${communeB}`);
    expect(inB.json().items.map((c: { name: string }) => c.name)).toEqual(['Trang xã Cát Hải']);
    const underProvince = await editor.request('GET', `/api/v1/channels?unitId=${province}`);
    expect(underProvince.json().items.length).toBe(names.length);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/channels?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await editor.request('GET', url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c: { name: string }) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names);
  });

  it('takes a settle time (reconcileSettleSeconds) of whole seconds up to a day, and refuses anything else by PATCH naming the field in Vietnamese (#11 finding 3b)', async () => {
    const id = (await admin.request('POST', '/api/v1/channels', wordpress(province, 'Báo Quy Nhơn'))).json().id as string;
    const settle = (s: unknown) => admin.request('PATCH', `/api/v1/channels/${id}`, { settings: { baseUrl: 'https://congan.binhdinh.gov.vn', reconcileSettleSeconds: s } });
    for (const wrong of [-1, 1.5, 86_401, 1e12]) {
      const refused = await settle(wrong);
      expect(refused.statusCode).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'CHANNEL_SETTINGS_INVALID', field: '/settings/reconcileSettleSeconds' });
      expect(JSON.stringify(refused.json())).toContain('số nguyên giây từ 0 đến 86400');
    }
    const kept = await settle(1200);
    expect(kept.statusCode).toBe(200);
    expect(kept.json().settings).toMatchObject({ reconcileSettleSeconds: 1200 });
  });

  it('edits name and settings, disables and re-enables, with old and new values audited', async () => {
    const id = (await admin.request('POST', '/api/v1/channels', wordpress(province, 'Báo Bình Định'))).json().id as string;
    const edited = await admin.request('PATCH', `/api/v1/channels/${id}`, {
      name: 'Báo Bình Định điện tử',
      settings: { baseUrl: 'https://baobinhdinh.vn' },
      // Another site: its credentials come with it (credential-origin.test.ts).
      credentials: { username: 'loa-bot', applicationPassword: 'abcd efgh ijkl mnop' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Báo Bình Định điện tử', settings: { baseUrl: 'https://baobinhdinh.vn' }, hasCredentials: true });
    const bad = await admin.request('PATCH', `/api/v1/channels/${id}`, { settings: {} });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe('/settings/baseUrl');

    expect((await admin.request('PATCH', `/api/v1/channels/${id}`, { status: 'disabled' })).json().status).toBe('disabled');
    expect((await admin.request('PATCH', `/api/v1/channels/${id}`, { status: 'connected' })).json().status).toBe('connected');

    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toEqual(['channel.create', 'channel.update', 'channel.disable', 'channel.enable']);
    expect(rows[1]!.data).toEqual({
      name: { old: 'Báo Bình Định', new: 'Báo Bình Định điện tử' },
      settings: { old: { baseUrl: 'https://congan.binhdinh.gov.vn', categoryNames: ['Tái hòa nhập'] }, new: { baseUrl: 'https://baobinhdinh.vn' } },
      credentialsSealed: { replaced: true },
    });

    const endpoint = { baseUrl: 'https://baobinhdinh.vn', oauthTokenUrl: 'https://baobinhdinh.vn/oauth/token' };
    expect((await admin.request('PATCH', `/api/v1/channels/${id}`, { settings: endpoint })).json().settings).toEqual(endpoint);
  });

  it('reconnects a channel only by replacing its credentials', async () => {
    const id = (await admin.request('POST', '/api/v1/channels', wordpress(province, 'Cổng Sở LĐTBXH'))).json().id as string;
    await t.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, id));
    const refused = await admin.request('PATCH', `/api/v1/channels/${id}`, { status: 'connected' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CHANNEL_CREDENTIALS_REQUIRED');

    const badCreds = await admin.request('PUT', `/api/v1/channels/${id}/credentials`, { credentials: { username: 'loa-bot' } });
    expect(badCreds.statusCode).toBe(422);
    expect(badCreds.json().field).toBe('/credentials/applicationPassword');

    const expiresAt = '2026-03-01T00:00:00.000Z';
    const res = await admin.request('PUT', `/api/v1/channels/${id}/credentials`, {
      credentials: { username: 'loa-bot-2', applicationPassword: 'new pass word' },
      expiresAt,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'connected', credentialsExpiresAt: expiresAt });
    expect(res.body).not.toContain('new pass word');
    const [row] = await t.db.select().from(channels).where(eq(channels.id, id));
    expect(openCredentials(t.deps.secrets, row!.credentialsSealed)).toEqual({ username: 'loa-bot-2', applicationPassword: 'new pass word' });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'channel.credentials.replace'));
    expect(entry!.data).toMatchObject({ status: { old: 'needs_reconnect', new: 'connected' } });
    expect(JSON.stringify(entry!.data)).not.toContain('new pass word');

    const site = (await admin.request('POST', '/api/v1/channels', { unitId: province, platform: 'site', name: 'Website chiến dịch' })).json().id;
    const none = await admin.request('PUT', `/api/v1/channels/${site}/credentials`, { credentials: { token: 'x' } });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('CHANNEL_CREDENTIALS_NOT_USED');
  });

  it('tells, from 14 days before, when a Facebook Page\'s video permission (its stored user token) runs out, and once it has', async () => {
    const page = async (name: string, expiresAt: Date) => {
      const res = await admin.request('POST', '/api/v1/channels', {
        unitId: province,
        platform: 'facebook_page',
        name,
        settings: { pageId: '1234567890' },
        credentials: { pageAccessToken: 'EAAB-page-token', userAccessToken: 'EAAB-user-token' },
        credentialsExpiresAt: expiresAt.toISOString(),
      });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    // 18:30 UTC is already the next day in Vietnam (UTC+7): the day shown is Vietnam's.
    const at = (days: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days, 18, 30));
    const vnDay = (d: Date) => {
      const vn = new Date(d.getTime() + 7 * 3_600_000);
      return `${String(vn.getUTCDate()).padStart(2, '0')}/${String(vn.getUTCMonth() + 1).padStart(2, '0')}/${vn.getUTCFullYear()}`;
    };
    const far = await page('Fanpage còn 20 ngày', at(20));
    const near = await page('Fanpage còn 10 ngày', at(10));
    const past = await page('Fanpage quá hạn', at(-3));
    const notice = async (id: string) => (await admin.request('GET', `/api/v1/channels/${id}`)).json().credentialsNotice;
    expect(await notice(far)).toBeNull();
    expect((await notice(near)).vi).toBe(`Quyền đăng video trên Fanpage hết hạn ngày ${vnDay(at(10))}: kết nối lại Fanpage trước ngày đó để tiếp tục đăng video`);
    expect((await notice(past)).vi).toMatch(new RegExp(`^Quyền đăng video trên Fanpage đã hết hạn ngày ${vnDay(at(-3))}: bài có video không đăng được cho đến khi kết nối lại Fanpage`));
    // The list, which the channels screen reads, says the same.
    const listed = (await admin.request('GET', '/api/v1/channels?platform=facebook_page&limit=200')).json().items as { id: string; credentialsNotice: unknown }[];
    expect(listed.find((c) => c.id === near)!.credentialsNotice).toEqual(await notice(near));
    // Other platforms' expiries are refreshed by Loa itself: no notice.
    const wp = (await admin.request('POST', '/api/v1/channels', { ...wordpress(province, 'Cổng sắp hết hạn'), credentialsExpiresAt: at(2).toISOString() })).json().id as string;
    expect(await notice(wp)).toBeNull();
  });

  it('pauses with a reason and resumes, both audited', async () => {
    const id = (await admin.request('POST', '/api/v1/channels', wordpress(province, 'Cổng Công an xã'))).json().id as string;
    const blank = await admin.request('POST', `/api/v1/channels/${id}/pause`, { reason: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().field).toBe('/reason');

    const paused = await admin.request('POST', `/api/v1/channels/${id}/pause`, { reason: 'Trang đang bảo trì' });
    expect(paused.json()).toMatchObject({ paused: true, pauseReason: 'Trang đang bảo trì' });
    expect((await editor.request('GET', `/api/v1/channels?paused=true`)).json().items.map((c: { id: string }) => c.id)).toEqual([id]);

    const resumed = await admin.request('POST', `/api/v1/channels/${id}/resume`);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ paused: false, pauseReason: null });

    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id);
    expect(rows.map((r) => [r.action, r.data])).toEqual([
      ['channel.create', expect.anything()],
      ['channel.pause', { reason: 'Trang đang bảo trì' }],
      ['channel.resume', { pauseReason: 'Trang đang bảo trì' }],
    ]);
  });
});
