import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../http.ts';
import { createFacebookConnector } from './connector.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { createLogCapture, makeCtx, makePost, rejection } from './test-kit.ts';
import { checkPastedPageToken, debugToken, exchangeForPageToken } from './tokens.ts';

const { lines, log } = createLogCapture();
const http = createHttpClient({ allowPrivateNetwork: true });
const APP_SECRET = 'app-secret-khong-lo';
let sim: GraphSimulator;
const seen = new Set<string>();

beforeEach(async () => {
  sim = await startGraphSimulator({ appSecret: APP_SECRET });
  seen.add(sim.tokens.page).add(sim.tokens.user);
});
afterEach(() => sim.close());
afterAll(() => {
  const all = lines.join('\n');
  for (const t of [...seen, APP_SECRET]) expect(all).not.toContain(t);
});

describe('Facebook tokens', () => {
  it('exchanges a short-lived user token for a long-lived one and the Page token, which then publishes', async () => {
    const settings = { graphBaseUrl: sim.baseUrl };
    const sent = Date.now();
    const grant = await exchangeForPageToken({ appId: sim.state.appId, appSecret: APP_SECRET, userToken: sim.tokens.user, pageId: sim.state.pageId }, http, settings);
    const answered = Date.now();
    seen.add(grant.pageAccessToken).add(grant.userAccessToken);
    expect(grant).toMatchObject({ pageName: 'Con đường hướng thiện', tasks: expect.arrayContaining(['CREATE_CONTENT']) });
    expect(grant.userTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(sim.state.tokens.get(grant.pageAccessToken)).toMatchObject({ type: 'PAGE', pageId: sim.state.pageId, expiresAt: null });

    const info = await debugToken(grant.pageAccessToken, sim.tokens.app, http, settings);
    expect(info).toMatchObject({ isValid: true, expiresAt: null, type: 'PAGE', profileId: sim.state.pageId, appId: sim.state.appId });
    expect(info.scopes).toContain('pages_manage_posts');
    const user = await debugToken(grant.userAccessToken, sim.tokens.app, http, settings);
    // Graph counts expires_in from when it answered and debug_token reports whole seconds; Loa counts
    // from when the answer arrived, at most the exchange's duration later.
    const later = grant.userTokenExpiresAt!.getTime() - user.expiresAt!.getTime();
    expect(later).toBeGreaterThanOrEqual(0);
    expect(later).toBeLessThan(answered - sent + 1_000);

    const { ctx } = makeCtx(sim, log, { credentials: { pageAccessToken: grant.pageAccessToken, appSecret: APP_SECRET } });
    await createFacebookConnector().publish(makePost(), ctx);
    expect(sim.state.posts).toHaveLength(1);
  });

  it('refuses a wrong app secret, an expired user token and a Page the person does not manage', async () => {
    const settings = { graphBaseUrl: sim.baseUrl };
    const input = { appId: sim.state.appId, appSecret: APP_SECRET, userToken: sim.tokens.user, pageId: sim.state.pageId };
    expect(await rejection(exchangeForPageToken({ ...input, appSecret: 'sai' }, http, settings))).toMatchObject({ code: 'FB_1' });
    expect(await rejection(exchangeForPageToken({ ...input, pageId: '999' }, http, settings))).toMatchObject({ kind: 'auth', code: 'FB_PAGE_NOT_MANAGED' });
    sim.state.tokens.get(sim.tokens.user)!.expiresAt = new Date(Date.now() - 1);
    expect(await rejection(exchangeForPageToken(input, http, settings))).toMatchObject({ kind: 'auth', code: 'FB_190_463' });
  });

  it('accepts a pasted Page token after debug_token, and refuses a user token or a voided one with what to fix', async () => {
    const settings = { graphBaseUrl: sim.baseUrl };
    const base = { pageId: sim.state.pageId, appId: sim.state.appId, appSecret: APP_SECRET };
    expect(await checkPastedPageToken({ ...base, pageToken: sim.tokens.page }, http, settings)).toMatchObject({ isValid: true, type: 'PAGE' });
    // Without the app secret the token inspects itself.
    expect(await checkPastedPageToken({ pageId: sim.state.pageId, pageToken: sim.tokens.page }, http, settings)).toMatchObject({ isValid: true });

    const notPage = await rejection(checkPastedPageToken({ ...base, pageToken: sim.tokens.user }, http, settings));
    expect(notPage).toMatchObject({ kind: 'auth', code: 'FB_TOKEN_NOT_FOR_PAGE' });
    expect(notPage.messages.vi).toContain('Page access token');

    const narrow = sim.mintToken({ type: 'PAGE', userId: sim.state.userId, pageId: sim.state.pageId, scopes: ['pages_show_list'], expiresAt: null });
    seen.add(narrow);
    const scopes = await rejection(checkPastedPageToken({ ...base, pageToken: narrow }, http, settings));
    expect(scopes.messages.en).toContain('pages_manage_posts, pages_read_engagement');

    sim.state.tokens.get(sim.tokens.page)!.valid = false;
    expect(await rejection(checkPastedPageToken({ ...base, pageToken: sim.tokens.page }, http, settings))).toMatchObject({ code: 'FB_TOKEN_INVALID' });
  });
});
