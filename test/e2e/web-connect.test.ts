import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../../connectors/facebook/simulator.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from '../../connectors/youtube/simulator.ts';
import { startZaloSimulator, type ZaloSimulator } from '../../connectors/zalo/simulator.ts';
import { channels } from '../../db/schema/index.ts';
import { createPlatformChannel } from '../metrics-fixtures.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';

const APP_SECRET = 'app-secret-cua-trang-tinh';

/**
 * Connecting Facebook, YouTube and Zalo OA channels from the channels screen in a real browser:
 * the button navigates to the server's start route, the simulators' consent pages answer as the
 * platforms do, and the browser comes back to the web app to choose the Page and see it connected.
 */
describe('web app: connecting Facebook, YouTube and Zalo OA channels through their consent pages', () => {
  let h: WebHarness;
  let fb: GraphSimulator;
  let yt: YoutubeSimulator;
  let zalo: ZaloSimulator;

  beforeAll(async () => {
    h = await startWebHarness();
    fb = await startGraphSimulator({ appSecret: APP_SECRET });
    fb.state.otherPages.push({ id: '778899001122', name: 'Công an xã Hòa Bình', tasks: ['CREATE_CONTENT'] });
    yt = await startYoutubeSimulator();
    zalo = await startZaloSimulator();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await fb?.close();
    await yt?.close();
    await zalo?.close();
  });

  const status = async (id: string) => (await h.t.db.select().from(channels).where(eq(channels.id, id)))[0]!;

  it('Facebook: "Kết nối lại ngay" → consent page → choose the Page → connected', { timeout: 90_000 }, async () => {
    const id = await createPlatformChannel(h.t.db, h.t.deps.secrets, {
      unitId: h.org.provinceId,
      platform: 'facebook_page',
      name: 'Fanpage Công an tỉnh',
      settings: { appId: fb.state.appId, graphBaseUrl: fb.baseUrl, dialogBaseUrl: fb.baseUrl },
      credentials: { appSecret: APP_SECRET },
    });
    await h.t.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, id));
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await page.goto(`${h.base}/app/kenh`);
    const banner = page.getByRole('alert').filter({ hasText: 'Fanpage Công an tỉnh' });
    await h.checkPage(page, 'web/channels-needs-connect');
    await banner.getByRole('link', { name: 'Kết nối lại ngay' }).click();

    await page.waitForURL(`${fb.baseUrl}/**`);
    await page.getByRole('button', { name: 'Cho phép', exact: true }).click();
    await page.waitForURL(/\/app\/kenh\/ket-noi\?chon=/);
    await page.getByRole('radio', { name: 'Công an xã Hòa Bình (778899001122)' }).check();
    await h.checkPage(page, 'web/connect-choose-page');
    await page.getByRole('button', { name: 'Kết nối', exact: true }).click();
    await page.getByText('Đã kết nối kênh "Fanpage Công an tỉnh"').waitFor();
    await page.getByText('Kênh đăng lên Công an xã Hòa Bình.').waitFor();
    await h.checkPage(page, 'web/connect-connected');
    const row = await status(id);
    expect(row.status).toBe('connected');
    expect(row.settings.pageId).toBe('778899001122');

    await page.getByRole('link', { name: 'Về danh sách kênh' }).click();
    await page.locator(`tr[data-channel="${id}"]`).getByText('Đã kết nối').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Fanpage Công an tỉnh' }).count()).toBe(0);
  });

  it('YouTube: "Kết nối lại" on a connected channel → Google consent → connected; "Huỷ" says why nothing changed', { timeout: 90_000 }, async () => {
    const id = await createPlatformChannel(h.t.db, h.t.deps.secrets, {
      unitId: h.org.provinceId,
      platform: 'youtube_channel',
      name: 'YouTube Công an tỉnh',
      settings: { apiBaseUrl: yt.apiBaseUrl, tokenUrl: yt.tokenUrl, authUrl: yt.authUrl },
      credentials: { clientId: yt.oauth.clientId, clientSecret: yt.oauth.clientSecret, refreshToken: yt.oauth.refreshToken },
    });
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    await page.goto(`${h.base}/app/kenh`);
    const reconnect = page.locator(`tr[data-channel="${id}"]`).getByRole('link', { name: 'Kết nối lại' });

    await reconnect.click();
    await page.waitForURL(`${yt.apiBaseUrl}**`);
    await page.getByRole('button', { name: 'Huỷ' }).click();
    await page.waitForURL(/\/app\/kenh\/ket-noi\?loi=OAUTH_DENIED/);
    await page.getByText('Bạn đã không cho phép Loa truy cập').waitFor();
    await h.checkPage(page, 'web/connect-denied');
    expect((await status(id)).settings.channelId).toBeUndefined();

    await page.goto(`${h.base}/app/kenh`);
    await reconnect.click();
    await page.waitForURL(`${yt.apiBaseUrl}**`);
    await page.getByRole('button', { name: 'Cho phép', exact: true }).click();
    await page.getByText('Đã kết nối kênh "YouTube Công an tỉnh"').waitFor();
    const row = await status(id);
    expect(row.status).toBe('connected');
    expect(row.settings.channelId).toBe(yt.state.channelId);
    const stored = JSON.parse(h.t.deps.secrets.open(row.credentialsSealed!)) as Record<string, string>;
    expect(stored.refreshToken).not.toBe(yt.oauth.refreshToken);
  });

  it('Zalo OA: "Kết nối lại ngay" → Zalo\'s permission page; "Từ chối" says why, "Cho phép" connects on the same screen', { timeout: 90_000 }, async () => {
    const id = await createPlatformChannel(h.t.db, h.t.deps.secrets, {
      unitId: h.org.provinceId,
      platform: 'zalo_oa',
      name: 'Zalo OA Công an tỉnh',
      settings: { oauthBaseUrl: zalo.baseUrl, openApiBaseUrl: zalo.baseUrl },
      credentials: { appId: zalo.state.appId, appSecret: zalo.state.appSecret },
    });
    await h.t.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, id));
    const page = await h.newPage();
    await h.signInAs(page, 'admin');
    const reconnect = page.getByRole('alert').filter({ hasText: 'Zalo OA Công an tỉnh' }).getByRole('link', { name: 'Kết nối lại ngay' });

    await page.goto(`${h.base}/app/kenh`);
    await reconnect.click();
    await page.waitForURL((url) => url.href.startsWith(`${zalo.baseUrl}/v4/oa/permission`));
    await page.getByRole('button', { name: 'Từ chối' }).click();
    await page.waitForURL(/\/app\/kenh\/ket-noi\?loi=OAUTH_DENIED/);
    await page.getByText('Bạn đã không cho phép Loa truy cập').waitFor();
    expect((await status(id)).status).toBe('needs_reconnect');

    await page.goto(`${h.base}/app/kenh`);
    await reconnect.click();
    await page.waitForURL((url) => url.href.startsWith(`${zalo.baseUrl}/v4/oa/permission`));
    await page.getByRole('heading', { name: 'Cấp quyền cho ứng dụng' }).waitFor();
    await page.getByRole('button', { name: 'Cho phép' }).click();
    await page.waitForURL(new RegExp(`/app/kenh/ket-noi\\?kenh=${id}`));
    await page.getByText('Đã kết nối kênh "Zalo OA Công an tỉnh"').waitFor();
    await page.getByText('Các bài đang chờ trên kênh sẽ được đăng tiếp.').waitFor();
    await h.checkPage(page, 'web/connect-zalo-connected');
    const row = await status(id);
    expect(row.status).toBe('connected');
    // Zalo names the OA that granted access; the channel names it from now on.
    expect(row.settings.oaId).toBe(zalo.state.oaId);
    expect(zalo.state.accessTokens.size).toBe(1);
  });
});
