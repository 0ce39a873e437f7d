import { eq, inArray } from 'drizzle-orm';
import { recordMetricSample } from '../core/metrics/store.ts';
import type { Db } from '../db/client.ts';
import { deliveries, metricSchedule, type DeliveryState, type Theme } from '../db/schema/index.ts';
import type { Platform } from '../lib/platforms.ts';
import type { SecretBox } from '../lib/secrets.ts';
import { createUnit, createUser } from './app.ts';
import { approveWithMedia, createPlatformChannel } from './metrics-fixtures.ts';

/** Vietnam local time → instant. */
export const vn = (local: string) => new Date(`${local}+07:00`);

/**
 * A province for report tests (test support only): its own Facebook, YouTube and site
 * channels, a department with a page, three communes (C has no group), a team under
 * commune A with its own Zalo group. Items of three themes published in Q4 2026 and one in
 * Q3; readings before, inside, across and after the quarter; pushes on time, late and missed.
 */
export interface ReportWorld {
  province: string;
  pc10: string;
  communeA: string;
  communeB: string;
  communeC: string;
  teamA1: string;
  channels: Record<'fb' | 'yt' | 'site' | 'pc10Fb' | 'wpA' | 'zaloA' | 'zaloA1' | 'zaloB', string>;
  items: Record<'q3' | 'policy' | 'warning' | 'unread', string>;
  managerEmail: string;
  managerId: string;
  communeManagerEmail: string;
  officerAEmail: string;
  editorId: string;
}

export async function createReportWorld(db: Db, secrets: SecretBox): Promise<ReportWorld> {
  const province = await createUnit(db, 'Công an tỉnh Sơn La', null, 'province');
  const pc10 = await createUnit(db, 'Phòng PC10', province, 'department');
  const communeA = await createUnit(db, 'Công an xã Chiềng Cơi', province, 'commune');
  const communeB = await createUnit(db, 'Công an xã Hua La', province, 'commune');
  const communeC = await createUnit(db, 'Công an xã Chiềng Đen', province, 'commune');
  const teamA1 = await createUnit(db, 'Tổ CSKV bản Hẹo', communeA, 'team');
  const editorId = await createUser(db, 'bientap@tinh.vn', [{ role: 'editor', unitId: province }]);
  const managerId = await createUser(db, 'lanhdao@tinh.vn', [{ role: 'viewer', unitId: province }]);
  await createUser(db, 'lanhdao@chiengcoi.vn', [{ role: 'viewer', unitId: communeA }]);
  await createUser(db, 'cskv@chiengcoi.vn', [{ role: 'commune_officer', unitId: communeA }]);
  const ch = (unitId: string, platform: Platform, name: string) => createPlatformChannel(db, secrets, { unitId, platform, name, settings: {}, credentials: null });
  const channels = {
    fb: await ch(province, 'facebook_page', 'Fanpage Con đường hướng thiện'),
    yt: await ch(province, 'youtube_channel', 'Kênh YouTube Công an Sơn La'),
    site: await ch(province, 'site', 'Trang Con đường hướng thiện'),
    pc10Fb: await ch(pc10, 'facebook_page', 'Fanpage PC10'),
    wpA: await ch(communeA, 'wordpress', 'Cổng xã Chiềng Cơi'),
    zaloA: await ch(communeA, 'zalo_group_manual', 'Nhóm Zalo xã Chiềng Cơi'),
    zaloA1: await ch(teamA1, 'zalo_group_manual', 'Nhóm Zalo bản Hẹo'),
    zaloB: await ch(communeB, 'zalo_group_manual', 'Nhóm Zalo xã Hua La'),
  };

  async function item(title: string, theme: Theme, unitId: string, targets: [string, string, DeliveryState, boolean?][]): Promise<{ itemId: string; d: Map<string, string> }> {
    const { itemId, deliveryIds } = await approveWithMedia(db, { unitId, authorId: editorId, channelIds: targets.map((x) => x[0]), publishAt: vn(targets[0]![1]), title, theme });
    const rows = await db.select({ id: deliveries.id, channelId: deliveries.channelId }).from(deliveries).where(inArray(deliveries.id, deliveryIds));
    const d = new Map<string, string>();
    for (const [channelId, at, state, late] of targets) {
      const id = rows.find((r) => r.channelId === channelId)!.id;
      const published = state === 'published' || state === 'taken_down';
      // Set up directly: these tests read reports; the publishing paths are tested elsewhere.
      await db.update(deliveries).set({ state, dueAt: vn(at), publishedAt: published ? vn(at) : null, late: late ?? false }).where(eq(deliveries.id, id));
      d.set(channelId, id);
    }
    return { itemId, d };
  }
  const c = channels;
  const q3 = await item('Tổng kết quý III', 'guidance', province, [[c.fb, '2026-08-01T08:00:00', 'published']]);
  const policy = await item('Vay vốn ưu đãi cho người chấp hành xong án phạt tù', 'policy', province, [
    [c.fb, '2026-10-05T08:00:00', 'published'],
    [c.yt, '2026-10-05T08:00:00', 'published'],
    [c.site, '2026-09-30T20:00:00', 'published'],
    [c.zaloA, '2026-10-05T08:00:00', 'published'],
    [c.zaloA1, '2026-10-05T08:00:00', 'published', true],
    [c.zaloB, '2026-10-05T08:00:00', 'missed'],
  ]);
  const warning = await item('Cảnh giác lừa đảo việc làm', 'warning', pc10, [
    [c.pc10Fb, '2026-11-15T08:00:00', 'published'],
    [c.wpA, '2026-11-30T08:00:00', 'published'],
    [c.zaloB, '2026-11-15T09:00:00', 'published'],
  ]);
  const unread = await item('Gương hoàn lương bản Hẹo', 'testimony', province, [[c.fb, '2026-12-31T20:00:00', 'published']]);

  const s = (deliveryId: string, metric: string, value: number, at: string) => recordMetricSample(db, { deliveryId, metric, value, collectedAt: vn(at), source: 'test' });
  const q3fb = q3.d.get(c.fb)!;
  await s(q3fb, 'post_total_media_view_unique', 1000, '2026-08-02T08:00:00');
  await s(q3fb, 'reactions', 40, '2026-08-02T08:00:00');
  const fb = policy.d.get(c.fb)!;
  await s(fb, 'post_total_media_view_unique', 100, '2026-10-05T09:00:00');
  await s(fb, 'reactions', 10, '2026-10-05T09:00:00');
  await s(fb, 'post_reactions_by_type_total.like', 9, '2026-10-05T09:00:00');
  await s(fb, 'post_total_media_view_unique', 300, '2026-10-20T23:30:00');
  await s(fb, 'post_total_media_view_unique', 250, '2026-10-20T08:00:00'); // arrives late, for an earlier hour
  await s(fb, 'post_total_media_view_unique', 320, '2026-11-04T08:00:00');
  const yt = policy.d.get(c.yt)!;
  await s(yt, 'views', 50, '2026-10-05T09:00:00');
  await s(yt, 'likes', 4, '2026-10-05T09:00:00');
  await s(yt, 'views', 60, '2026-12-31T23:30:00');
  await s(yt, 'views', 70, '2027-01-02T08:00:00'); // read after the quarter: Q4 keeps 60
  const site = policy.d.get(c.site)!;
  await s(site, 'views', 30, '2026-09-30T23:59:00');
  await s(site, 'views', 40, '2026-10-01T00:01:00');
  await s(policy.d.get(c.zaloB)!, 'link_clicks', 7, '2026-10-10T12:00:00');
  await s(policy.d.get(c.zaloA)!, 'link_clicks', 3, '2026-10-06T12:00:00');
  await s(warning.d.get(c.pc10Fb)!, 'post_total_media_view_unique', 500, '2026-11-15T09:00:00');
  await s(warning.d.get(c.pc10Fb)!, 'comments', 4, '2026-11-16T09:00:00');
  await s(warning.d.get(c.wpA)!, 'comments', 2, '2026-12-01T09:00:00');
  // Published on the quarter's last evening, its first reading still to come.
  await db.insert(metricSchedule).values({ deliveryId: unread.d.get(c.fb)!, channelId: c.fb, step: 0, nextAt: vn('2026-12-31T21:00:00') });

  return {
    province,
    pc10,
    communeA,
    communeB,
    communeC,
    teamA1,
    channels,
    items: { q3: q3.itemId, policy: policy.itemId, warning: warning.itemId, unread: unread.itemId },
    managerEmail: 'lanhdao@tinh.vn',
    managerId,
    communeManagerEmail: 'lanhdao@chiengcoi.vn',
    officerAEmail: 'cskv@chiengcoi.vn',
    editorId,
  };
}
