import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../../../connectors/webhook/simulator.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../../connectors/wordpress/simulator.ts';
import { channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('testing a channel connection before saving it', () => {
  let t: TestApp;
  let wp: WordpressSimulator;
  let hook: WebhookSimulator;
  let admin: Session;
  let viewer: Session;
  let unitId: string;

  beforeAll(async () => {
    t = await createTestApp();
    wp = await startWordpressSimulator({ username: 'loa-bot', applicationPassword: 'abcd EFGH 1234 ijkl MNOP 5678' });
    hook = await startWebhookSimulator();
    unitId = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'quantri@ca.vn', [{ role: 'admin', unitId }]);
    await createUser(t.db, 'xem@ca.vn', [{ role: 'viewer', unitId }]);
    admin = await login(t.app, 'quantri@ca.vn');
    viewer = await login(t.app, 'xem@ca.vn');
  });
  afterAll(async () => {
    await wp.close();
    await hook.close();
    await t.close();
  });

  const wordpress = (applicationPassword: string, baseUrl = wp.baseUrl) => ({
    unitId,
    platform: 'wordpress',
    settings: { baseUrl },
    credentials: { username: 'loa-bot', applicationPassword },
    allowPrivateNetwork: true,
  });

  it('signs in to WordPress with the Application Password and names the account', async () => {
    const res = await admin.request('POST', '/api/v1/channels/test-connection', wordpress('abcd EFGH 1234 ijkl MNOP 5678'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, account: 'loa-bot (editor)', note: null });
    // Read-only: nothing was posted and no channel was saved.
    expect(wp.state.posts).toEqual([]);
    expect(await t.db.select().from(channels)).toEqual([]);
  });

  it('refuses a wrong password on the credentials field, in the reader language', async () => {
    const res = await admin.request('POST', '/api/v1/channels/test-connection', wordpress('sai-mat-khau-roi'), { 'accept-language': 'en' });
    expect(res.statusCode).toBe(422);
    expect(res.json().field).toBe('/credentials');
    expect(res.json().messages.vi).toBeTruthy();
  });

  it('refuses an address that is not a WordPress site on the settings field', async () => {
    const res = await admin.request('POST', '/api/v1/channels/test-connection', wordpress('abcd EFGH 1234 ijkl MNOP 5678', `${hook.url.replace(/\/hooks$/, '')}/khong-phai-wp`));
    expect(res.statusCode).toBe(422);
    expect(res.json().field).toBe('/settings');
  });

  it('checks a webhook signing secret through its lookup address, and only reachability without one', async () => {
    const body = (secret: string, lookupUrl?: string) => ({
      unitId,
      platform: 'webhook',
      settings: { url: hook.url, ...(lookupUrl ? { lookupUrl } : {}) },
      credentials: { secret },
      allowPrivateNetwork: true,
    });
    const good = await admin.request('POST', '/api/v1/channels/test-connection', body(hook.secret, hook.lookupUrl));
    expect(good.json()).toMatchObject({ ok: true, note: null });
    const bad = await admin.request('POST', '/api/v1/channels/test-connection', body(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, hook.lookupUrl));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe('/credentials');
    const reachOnly = await admin.request('POST', '/api/v1/channels/test-connection', body(hook.secret));
    expect(reachOnly.json().note.vi).toContain('lookupUrl');
  });

  it('needs channel.manage on the unit, and says when a platform connects by consent page instead', async () => {
    expect((await viewer.request('POST', '/api/v1/channels/test-connection', wordpress('abcd EFGH 1234 ijkl MNOP 5678'))).statusCode).toBe(403);
    const fb = await admin.request('POST', '/api/v1/channels/test-connection', { unitId, platform: 'facebook_page', settings: { pageId: '123' } });
    expect(fb.statusCode).toBe(422);
    expect(fb.json()).toMatchObject({ code: 'CONNECTION_CHECK_UNAVAILABLE', field: '/platform' });
  });

  it('tests a saved channel with its stored credentials', async () => {
    const created = await admin.request('POST', '/api/v1/channels', { ...wordpress('abcd EFGH 1234 ijkl MNOP 5678'), name: 'Cổng thông tin tỉnh' });
    expect(created.statusCode).toBe(201);
    const res = await admin.request('POST', `/api/v1/channels/${created.json().id}/test-connection`);
    expect(res.json()).toMatchObject({ ok: true, account: 'loa-bot (editor)' });
  });
});
