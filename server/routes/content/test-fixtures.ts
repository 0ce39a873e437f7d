import { channels, type Platform } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

/**
 * A province with two communes, their channels and one user per role that the content
 * tests need. Test support only (imported by *.test.ts).
 */
export interface ContentWorld {
  t: TestApp;
  unit: { province: string; communeA: string; communeB: string };
  channel: { provincePage: string; provinceSite: string; groupA: string; groupB: string };
  /** Editor and approver of the province: may approve others' content, never their own. */
  author: Session;
  approver: Session;
  approverA: Session;
  approverB: Session;
  officerA: Session;
  officerB: Session;
  userId: Record<'author' | 'approver' | 'approverA' | 'approverB' | 'officerA' | 'officerB', string>;
}

export async function createContentWorld(): Promise<ContentWorld> {
  const t = await createTestApp();
  const province = await createUnit(t.db, 'Công an tỉnh Bình Định', null, 'province');
  const communeA = await createUnit(t.db, 'Công an xã Phước Lộc', province, 'commune');
  const communeB = await createUnit(t.db, 'Công an xã Nhơn Hải', province, 'commune');
  const channel = async (unitId: string, platform: Platform, name: string) =>
    (await t.db.insert(channels).values({ unitId, platform, name }).returning({ id: channels.id }))[0]!.id;
  const userId = {
    author: await createUser(t.db, 'bientap@ca.vn', [
      { role: 'editor', unitId: province },
      { role: 'approver', unitId: province },
    ]),
    approver: await createUser(t.db, 'pheduyet@ca.vn', [{ role: 'approver', unitId: province }]),
    approverA: await createUser(t.db, 'pheduyet.a@ca.vn', [{ role: 'approver', unitId: communeA }]),
    approverB: await createUser(t.db, 'pheduyet.b@ca.vn', [{ role: 'approver', unitId: communeB }]),
    officerA: await createUser(t.db, 'cskv.a@ca.vn', [{ role: 'commune_officer', unitId: communeA }]),
    officerB: await createUser(t.db, 'cskv.b@ca.vn', [{ role: 'commune_officer', unitId: communeB }]),
  };
  return {
    t,
    unit: { province, communeA, communeB },
    channel: {
      provincePage: await channel(province, 'facebook_page', 'Fanpage Con đường hướng thiện'),
      provinceSite: await channel(province, 'site', 'Trang Con đường hướng thiện'),
      groupA: await channel(communeA, 'zalo_group_manual', 'Nhóm Zalo thôn 1 Phước Lộc'),
      groupB: await channel(communeB, 'zalo_group_manual', 'Nhóm Zalo thôn 2 Nhơn Hải'),
    },
    author: await login(t.app, 'bientap@ca.vn'),
    approver: await login(t.app, 'pheduyet@ca.vn'),
    approverA: await login(t.app, 'pheduyet.a@ca.vn'),
    approverB: await login(t.app, 'pheduyet.b@ca.vn'),
    officerA: await login(t.app, 'cskv.a@ca.vn'),
    officerB: await login(t.app, 'cskv.b@ca.vn'),
    userId,
  };
}

/** A valid item body: a policy explainer for the given unit and channels. */
export function itemBody(unitId: string, channelIds: string[], extra: Record<string, unknown> = {}) {
  return {
    unitId,
    title: 'Chính sách vay vốn ưu đãi cho người chấp hành xong án phạt tù',
    summary: 'Quyết định 22/2023/QĐ-TTg: ai được vay, vay bao nhiêu, hỏi ở đâu.',
    body: 'Người chấp hành xong án phạt tù được vay vốn ưu đãi để học nghề, tạo việc làm. Liên hệ Công an xã để được hướng dẫn.',
    theme: 'policy',
    hashtags: ['TaiHoaNhap'],
    targets: channelIds.map((channelId) => ({ channelId })),
    ...extra,
  };
}
