import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMetricSample } from '../../../core/metrics/store.ts';
import { deliveries, metricDaily } from '../../../db/schema/index.ts';
import type { Platform } from '../../../lib/platforms.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';
import { approveWithMedia, createPlatformChannel } from '../../../test/metrics-fixtures.ts';

/** Vietnam time → instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('reach figures over HTTP: like metrics only, latest reading per period, report.read on the unit', () => {
  let t: TestApp;
  let manager: Session;
  let communeEditor: Session;
  let sibling: Session;
  let province: string;
  let communeA: string;
  let communeB: string;
  const d: Record<'fb' | 'site' | 'wp' | 'zalo', string> = { fb: '', site: '', wp: '', zalo: '' };
  let item1: string;
  let fbChannel: string;

  async function publishedTo(unitId: string, authorId: string, channels: [keyof typeof d, string][], theme: 'testimony' | 'warning') {
    const { itemId, deliveryIds } = await approveWithMedia(t.db, { unitId, authorId, channelIds: channels.map((c) => c[1]), publishAt: new Date(), theme });
    const rows = await t.db.select({ id: deliveries.id, channelId: deliveries.channelId }).from(deliveries).where(inArray(deliveries.id, deliveryIds));
    for (const [key, channelId] of channels) {
      const row = rows.find((r) => r.channelId === channelId)!;
      // Set up as published directly: these tests read figures, the publishing path is tested elsewhere.
      await t.db.update(deliveries).set({ state: 'published', externalId: `ext-${key}`, publishedAt: vn('2026-11-20T08:00:00') }).where(eq(deliveries.id, row.id));
      d[key] = row.id;
    }
    return itemId;
  }

  const sample = (deliveryId: string, metric: string, value: number, at: string) =>
    recordMetricSample(t.db, { deliveryId, metric, value, collectedAt: vn(at), source: 'test' });

  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh Sơn La');
    communeA = await createUnit(t.db, 'Công an xã Chiềng Cơi', province);
    communeB = await createUnit(t.db, 'Công an xã Hua La', province);
    const author = await createUser(t.db, 'bientap@ca.vn', [{ role: 'editor', unitId: province }]);
    await createUser(t.db, 'lanhdao@ca.vn', [{ role: 'viewer', unitId: province }]);
    const communeAuthor = await createUser(t.db, 'xa-a@ca.vn', [{ role: 'editor', unitId: communeA }]);
    await createUser(t.db, 'xa-b@ca.vn', [{ role: 'viewer', unitId: communeB }]);
    const ch = (unitId: string, platform: Platform, name: string) => createPlatformChannel(t.db, t.deps.secrets, { unitId, platform, name, settings: {}, credentials: null });
    fbChannel = await ch(province, 'facebook_page', 'Fanpage Con đường hướng thiện');
    const site = await ch(province, 'site', 'Trang Con đường hướng thiện');
    const wp = await ch(communeA, 'wordpress', 'Cổng xã Chiềng Cơi');
    const zalo = await ch(communeA, 'zalo_group_manual', 'Nhóm Zalo bản Hẹo');
    item1 = await publishedTo(province, author, [['fb', fbChannel], ['site', site]], 'testimony');
    await publishedTo(communeA, communeAuthor, [['wp', wp], ['zalo', zalo]], 'warning');

    for (const [metric, value] of [['post_total_media_view_unique', 480], ['reactions', 12], ['comments', 3], ['shares', 2], ['post_clicks', 5], ['post_reactions_by_type_total.like', 10]] as const) {
      await sample(d.fb, metric, value, '2026-11-20T10:00:00');
    }
    await sample(d.fb, 'post_total_media_view_unique', 900, '2026-11-21T23:30:00');
    await sample(d.fb, 'post_total_media_view_unique', 950, '2026-11-22T00:30:00');
    await sample(d.site, 'views', 100, '2026-11-20T12:00:00');
    await sample(d.site, 'views', 160, '2026-11-21T12:00:00');
    await sample(d.wp, 'comments', 4, '2026-11-21T12:00:00');
    await sample(d.zalo, 'link_clicks', 37, '2026-11-21T12:00:00');

    manager = await login(t.app, 'lanhdao@ca.vn');
    communeEditor = await login(t.app, 'xa-a@ca.vn');
    sibling = await login(t.app, 'xa-b@ca.vn');
  });
  afterAll(() => t.close());

  const get = async (s: Session, url: string, status = 200) => {
    const res = await s.request('GET', url);
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };

  it('rolls samples up by Vietnam day, the day keeping its last reading (23:30 and 00:30 are different days)', async () => {
    const rows = await t.db.select().from(metricDaily).where(eq(metricDaily.deliveryId, d.fb));
    const reach = rows.filter((r) => r.metric === 'post_total_media_view_unique').sort((a, b) => a.day.localeCompare(b.day));
    expect(reach.map((r) => [r.day, r.value])).toEqual([['2026-11-20', 480], ['2026-11-21', 900], ['2026-11-22', 950]]);
    // A reading arriving late for an earlier hour of the day does not replace the day's last one.
    await sample(d.site, 'views', 120, '2026-11-21T06:00:00');
    const [site] = await t.db.select().from(metricDaily).where(eq(metricDaily.deliveryId, d.site)).then((r) => r.filter((x) => x.day === '2026-11-21'));
    expect(site!.value).toBe(160);
  });

  it('a unit subtree: each figure adds like metrics only — views are not reach, clicks stand apart', async () => {
    const body = await get(manager, `/api/v1/stats/units/${province}?from=2026-11-20&to=2026-11-21`);
    expect(body.figures).toEqual({ views: 160, reach: 900, engagement: 12 + 3 + 2 + 5 + 4, clicks: 37 });
    expect(body.deliveries).toBe(4);
    const byPlatform = Object.fromEntries(body.byPlatform.map((p: { platform: string }) => [p.platform, p]));
    expect(byPlatform.facebook_page).toMatchObject({ views: 0, reach: 900, engagement: 22, clicks: 0, deliveries: 1 });
    expect(byPlatform.site).toMatchObject({ views: 160, reach: 0, engagement: 0, clicks: 0 });
    expect(byPlatform.zalo_group_manual).toMatchObject({ clicks: 37, reach: 0 });
  });

  it('the period picks each delivery\'s latest reading inside it', async () => {
    const first = await get(manager, `/api/v1/stats/units/${province}?from=2026-11-20&to=2026-11-20`);
    expect(first.figures).toEqual({ views: 100, reach: 480, engagement: 22, clicks: 0 });
    expect(first.deliveries).toBe(2);
    const third = await get(manager, `/api/v1/stats/units/${province}?from=2026-11-22&to=2026-11-22`);
    expect(third.figures).toEqual({ views: 0, reach: 950, engagement: 0, clicks: 0 });
    const bad = await manager.request('GET', `/api/v1/stats/units/${province}?from=2026-11-22&to=2026-11-20`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PERIOD_INVALID', field: 'querystring:/from' });
  });

  it('per theme, per item and per channel', async () => {
    const warning = await get(manager, `/api/v1/stats/units/${province}?from=2026-11-01&to=2026-11-30&theme=warning`);
    expect(warning.figures).toEqual({ views: 0, reach: 0, engagement: 4, clicks: 37 });
    const item = await get(manager, `/api/v1/stats/items/${item1}?from=2026-11-01&to=2026-11-21`);
    expect(item.figures).toEqual({ views: 160, reach: 900, engagement: 22, clicks: 0 });
    expect(item.byPlatform.map((p: { platform: string }) => p.platform).sort()).toEqual(['facebook_page', 'site']);
    const channel = await get(manager, `/api/v1/stats/channels/${fbChannel}?from=2026-11-01&to=2026-11-30`);
    expect(channel.figures).toEqual({ views: 0, reach: 950, engagement: 22, clicks: 0 });
  });

  it('breakdowns rank groups by one figure, page by page', async () => {
    const q = `from=2026-11-01&to=2026-11-30`;
    const first = await get(manager, `/api/v1/stats/units/${province}/breakdown?by=channel&sort=reach&limit=1&${q}`);
    expect(first.items).toEqual([expect.objectContaining({ key: fbChannel, label: 'Fanpage Con đường hướng thiện', platform: 'facebook_page', reach: 950 })]);
    const seen = [first.items[0].key];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = await get(manager, `/api/v1/stats/units/${province}/breakdown?by=channel&sort=reach&limit=1&cursor=${encodeURIComponent(cursor)}&${q}`);
      seen.push(...page.items.map((g: { key: string }) => g.key));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(4);
    expect(seen).toHaveLength(4);
    const units = await get(manager, `/api/v1/stats/units/${province}/breakdown?by=unit&sort=clicks&${q}`);
    expect(units.items[0]).toMatchObject({ key: communeA, label: 'Công an xã Chiềng Cơi', clicks: 37, engagement: 4 });
    const themes = await get(manager, `/api/v1/stats/units/${province}/breakdown?by=theme&sort=views&${q}`);
    expect(themes.items.map((g: { key: string; views: number }) => [g.key, g.views])).toEqual([['testimony', 160], ['warning', 0]]);
    expect((await manager.request('GET', `/api/v1/stats/units/${province}/breakdown?by=channel&cursor=bm9wZQ`)).json().code).toBe('CURSOR_INVALID');
  });

  it('one delivery: latest reading of every metric with its kind, figures, and the time series page by page', async () => {
    const body = await get(manager, `/api/v1/stats/deliveries/${d.fb}?from=2026-11-01&to=2026-11-30`);
    expect(body).toMatchObject({ id: d.fb, state: 'published', theme: 'testimony', channel: { id: fbChannel, platform: 'facebook_page' } });
    expect(body.figures).toEqual({ views: 0, reach: 950, engagement: 22, clicks: 0 });
    const latest = Object.fromEntries(body.latest.map((r: { metric: string }) => [r.metric, r]));
    expect(latest.post_total_media_view_unique).toMatchObject({ value: 950, kind: 'reach' });
    expect(latest['post_reactions_by_type_total.like']).toMatchObject({ value: 10, kind: null });
    const series = `/api/v1/stats/deliveries/${d.fb}/samples?metric=post_total_media_view_unique&limit=2`;
    const page1 = await get(manager, series);
    expect(page1.items.map((s: { value: number }) => s.value)).toEqual([480, 900]);
    const page2 = await get(manager, `${series}&cursor=${encodeURIComponent(page1.nextCursor)}`);
    expect(page2.items.map((s: { value: number }) => s.value)).toEqual([950]);
    expect(page2.nextCursor).toBeNull();
    const day21 = await get(manager, `/api/v1/stats/deliveries/${d.fb}/samples?metric=post_total_media_view_unique&from=2026-11-21&to=2026-11-21`);
    expect(day21.items.map((s: { value: number }) => s.value)).toEqual([900]);
  });

  it('report.read on the unit: a commune sees its own subtree, a sibling commune sees neither its figures nor its deliveries', async () => {
    const own = await get(communeEditor, `/api/v1/stats/units/${communeA}?from=2026-11-01&to=2026-11-30`);
    expect(own.figures).toEqual({ views: 0, reach: 0, engagement: 4, clicks: 37 });
    await get(communeEditor, `/api/v1/stats/units/${province}`, 403);
    await get(communeEditor, `/api/v1/stats/deliveries/${d.fb}`, 403);
    await get(sibling, `/api/v1/stats/units/${communeA}`, 403);
    await get(sibling, `/api/v1/stats/deliveries/${d.wp}`, 403);
    await get(sibling, `/api/v1/stats/channels/${fbChannel}`, 403);
    const empty = await get(sibling, `/api/v1/stats/units/${communeB}`);
    expect(empty).toMatchObject({ figures: { views: 0, reach: 0, engagement: 0, clicks: 0 }, deliveries: 0, byPlatform: [] });
    await get(manager, `/api/v1/stats/deliveries/00000000-0000-4000-8000-000000000000`, 404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/stats/units/${province}` })).statusCode).toBe(401);
  });
});
