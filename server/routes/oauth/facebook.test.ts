import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../../../connectors/facebook/simulator.ts';
import { auditLog, channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

const APP_SECRET = 'app-secret-cua-so';

describe('connecting a Facebook Page over HTTP', () => {
  let t: TestApp;
  let sim: GraphSimulator;
  let admin: Session;
  let editor: Session;
  let channelId: string;

  beforeAll(async () => {
    t = await createTestApp();
    sim = await startGraphSimulator({ appSecret: APP_SECRET });
    const unitId = await createUnit(t.db, 'Công an tỉnh');
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId }]);
    await createUser(t.db, 'bt@ca.vn', [{ role: 'editor', unitId }]);
    const [c] = await t.db
      .insert(channels)
      .values({
        unitId,
        platform: 'facebook_page',
        name: 'Fanpage Con đường hướng thiện',
        status: 'needs_reconnect',
        settings: { pageId: sim.state.pageId, appId: sim.state.appId, graphBaseUrl: sim.baseUrl },
        allowPrivateNetwork: true,
      })
      .returning();
    channelId = c!.id;
    admin = await login(t.app, 'admin@ca.vn');
    editor = await login(t.app, 'bt@ca.vn');
  });
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  it('exchanges a Facebook Login user token for the Page token, stores it sealed and reconnects the channel', async () => {
    expect((await editor.request('POST', `/api/v1/oauth/facebook/${channelId}/login`, { userAccessToken: sim.tokens.user, appSecret: APP_SECRET })).statusCode).toBe(403);
    const res = await admin.request('POST', `/api/v1/oauth/facebook/${channelId}/login`, { userAccessToken: sim.tokens.user, appSecret: APP_SECRET });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'connected', pageName: 'Con đường hướng thiện' });
    const [row] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    const stored = JSON.parse(t.deps.secrets.open(row!.credentialsSealed!)) as Record<string, string>;
    expect(sim.state.tokens.get(stored.pageAccessToken!)).toMatchObject({ type: 'PAGE', pageId: sim.state.pageId });
    expect(stored.appSecret).toBe(APP_SECRET);
    expect(res.body).not.toContain(stored.pageAccessToken!);
    expect(t.logs.join('\n')).not.toContain(sim.tokens.user);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, channelId));
    expect(audit.map((a) => a.action)).toContain('channel.credentials.replace');
  });

  it('checks a pasted Page token with debug_token, and refuses a user token on the field', async () => {
    const wrong = await admin.request('POST', `/api/v1/oauth/facebook/${channelId}/page-token`, { pageAccessToken: sim.tokens.user });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'FACEBOOK_FB_TOKEN_NOT_FOR_PAGE', field: '/pageAccessToken' });
    const ok = await admin.request('POST', `/api/v1/oauth/facebook/${channelId}/page-token`, { pageAccessToken: sim.tokens.page });
    expect(ok.statusCode).toBe(200);
    const [row] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    expect(JSON.parse(t.deps.secrets.open(row!.credentialsSealed!))).toMatchObject({ pageAccessToken: sim.tokens.page, appSecret: APP_SECRET });
  });
});
