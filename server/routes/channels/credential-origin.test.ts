import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

/** #11 finding 9: credentials are bound to the origin they were entered for. */
describe('changing where a channel sends its credentials', () => {
  let t: TestApp;
  let admin: Session;
  let unit: string;
  beforeAll(async () => {
    t = await createTestApp();
    unit = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: unit }]);
    admin = await login(t.app, 'admin@ca.vn');
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown>) => (await admin.request('POST', '/api/v1/channels', { unitId: unit, ...body })).json().id as string;
  const sealed = async (id: string) => openCredentials(t.deps.secrets, (await t.db.select().from(channels).where(eq(channels.id, id)))[0]!.credentialsSealed);

  it('refuses a WordPress baseUrl on another origin without new credentials, naming the field', async () => {
    const id = await create({
      platform: 'wordpress',
      name: 'Cổng tỉnh',
      settings: { baseUrl: 'https://congan.binhdinh.gov.vn' },
      credentials: { username: 'loa-bot', applicationPassword: 'abcd efgh ijkl mnop' },
    });
    const moved = await admin.request('PATCH', `/api/v1/channels/${id}`, { settings: { baseUrl: 'https://attacker.example' } });
    expect(moved.statusCode).toBe(422);
    expect(moved.json()).toMatchObject({ code: 'CHANNEL_ORIGIN_NEEDS_CREDENTIALS', field: '/credentials' });
    expect(moved.json().messages.en).toContain('settings.baseUrl');
    expect((await admin.request('GET', `/api/v1/channels/${id}`)).json().settings.baseUrl).toBe('https://congan.binhdinh.gov.vn');

    // Same origin, another path: the credentials stay.
    expect((await admin.request('PATCH', `/api/v1/channels/${id}`, { settings: { baseUrl: 'https://congan.binhdinh.gov.vn/tin-tuc' } })).statusCode).toBe(200);
    const withNew = await admin.request('PATCH', `/api/v1/channels/${id}`, {
      settings: { baseUrl: 'https://congan.quangngai.gov.vn' },
      credentials: { username: 'loa-qn', applicationPassword: 'wxyz wxyz wxyz wxyz' },
    });
    expect(withNew.statusCode).toBe(200);
    expect(withNew.json().settings.baseUrl).toBe('https://congan.quangngai.gov.vn');
    expect(await sealed(id)).toEqual({ username: 'loa-qn', applicationPassword: 'wxyz wxyz wxyz wxyz' });
  });

  it('counts a base URL added over its default as a move (Facebook Graph, YouTube token URL, webhook url)', async () => {
    const page = await create({ platform: 'facebook_page', name: 'Fanpage', settings: { pageId: '1234567890' }, credentials: { pageAccessToken: 'EAAB-token-cua-trang' } });
    const graph = await admin.request('PATCH', `/api/v1/channels/${page}`, { settings: { pageId: '1234567890', graphBaseUrl: 'https://graph.attacker.example' } });
    expect(graph.statusCode).toBe(422);
    expect(graph.json().messages.en).toContain('settings.graphBaseUrl');

    const hook = await create({ platform: 'webhook', name: 'Cổng đối tác', settings: { url: 'https://doitac.gov.vn/loa' } });
    const secretBefore = await sealed(hook);
    expect((await admin.request('PATCH', `/api/v1/channels/${hook}`, { settings: { url: 'https://other.example/hook' } })).json().code).toBe('CHANNEL_ORIGIN_NEEDS_CREDENTIALS');
    const replaced = await admin.request('PATCH', `/api/v1/channels/${hook}`, { settings: { url: 'https://other.example/hook' }, credentials: {} });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().webhookSecret).toMatch(/^whsec_/);
    expect(await sealed(hook)).not.toEqual(secretBefore);
  });
});
