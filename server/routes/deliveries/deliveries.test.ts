import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { createDeliveriesForRevision } from '../../../core/deliveries/create.ts';
import { transitionDelivery } from '../../../core/deliveries/transition.ts';
import { auditLog, channels, contentItems, deliveries, deliveryAttempts, revisionTargets, revisions } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

describe('delivery actions over HTTP', () => {
  let t: TestApp;
  let editor: Session;
  let outsider: Session;
  let approver: Session;
  let ids: string[];
  const jobRunAt = async (id: string) =>
    (await t.db.execute<{ run_at: string }>(sql`select run_at from graphile_worker.jobs where key = ${`publish:${id}`}`))[0]?.run_at;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await createUnit(t.db, 'Công an tỉnh');
    const communeA = await createUnit(t.db, 'Công an xã A', province);
    const communeB = await createUnit(t.db, 'Công an xã B', province);
    const author = await createUser(t.db, 'bientap@ca.vn', [{ role: 'editor', unitId: communeA }]);
    await createUser(t.db, 'xa-b@ca.vn', [{ role: 'editor', unitId: communeB }]);
    await createUser(t.db, 'pheduyet@ca.vn', [{ role: 'approver', unitId: province }]);
    const [item] = await t.db.insert(contentItems).values({ unitId: communeA, createdBy: author, slug: 'bai' }).returning();
    const [rev] = await t.db
      .insert(revisions)
      .values({ itemId: item!.id, number: 1, state: 'approved', authorId: author, title: 'Tiêu đề', body: 'Nội dung', theme: 'guidance' })
      .returning();
    const chans = await t.db
      .insert(channels)
      .values([1, 2, 3, 4].map((i) => ({ unitId: communeA, platform: 'webhook' as const, name: `Cổng ${i}` })))
      .returning();
    await t.db.insert(revisionTargets).values(chans.map((c) => ({ revisionId: rev!.id, channelId: c.id, publishAt: new Date(Date.now() + 3600_000) })));
    ids = await t.db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, rev!.id, new Date()));
    editor = await login(t.app, 'bientap@ca.vn');
    outsider = await login(t.app, 'xa-b@ca.vn');
    approver = await login(t.app, 'pheduyet@ca.vn');
  });
  afterAll(() => t.close());

  it('lists the deliveries a user may read, and hides them from a sibling unit', async () => {
    const mine = await editor.request('GET', '/api/v1/deliveries?limit=3');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toHaveLength(3);
    expect(mine.json().nextCursor).toBeTruthy();
    const next = await editor.request('GET', `/api/v1/deliveries?limit=3&cursor=${encodeURIComponent(mine.json().nextCursor)}`);
    expect(next.json().items).toHaveLength(1);
    const theirs = await outsider.request('GET', '/api/v1/deliveries');
    expect(theirs.json().items).toHaveLength(0);
    expect((await outsider.request('POST', `/api/v1/deliveries/${ids[0]}/cancel`)).statusCode).toBe(403);
  });

  it('reschedules (an approver) by replacing the keyed job, and publishes now', async () => {
    const dueAt = new Date(Date.now() + 2 * 3600_000);
    const res = await approver.request('POST', `/api/v1/deliveries/${ids[0]}/reschedule`, { dueAt: dueAt.toISOString() });
    expect(res.statusCode).toBe(200);
    expect(new Date(res.json().dueAt).getTime()).toBe(dueAt.getTime());
    expect(new Date((await jobRunAt(ids[0]!))!).getTime()).toBe(dueAt.getTime());
    const now = await editor.request('POST', `/api/v1/deliveries/${ids[0]}/publish-now`);
    expect(new Date(now.json().dueAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date((await jobRunAt(ids[0]!))!).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('cancels and removes the job; a second cancel is a 409 naming the state', async () => {
    const res = await editor.request('POST', `/api/v1/deliveries/${ids[1]}/cancel`);
    expect(res.json().state).toBe('cancelled');
    expect(await jobRunAt(ids[1]!)).toBeUndefined();
    // Signed-in users read messages in their profile language (Vietnamese by default).
    const again = await editor.request('POST', `/api/v1/deliveries/${ids[1]}/cancel`, undefined, { 'accept-language': 'en' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DELIVERY_STATE_CONFLICT', field: '/state', detail: 'Không thể thực hiện khi lượt đăng đang ở trạng thái "cancelled"' });
    expect(again.json().messages.en).toBe('Not possible while the delivery is "cancelled"');
  });

  it('retries a failed delivery with a fresh attempt budget, and settles an unconfirmed one by hand', async () => {
    await t.db.transaction((tx) => transitionDelivery(tx, systemActor, ids[2]!, ['scheduled'], 'publishing', { attemptCount: 8 }));
    await t.db.transaction((tx) => transitionDelivery(tx, systemActor, ids[2]!, ['publishing'], 'failed', { lastErrorCode: 'HTTP_400' }));
    await t.db.insert(deliveryAttempts).values([1, 2].map((number) => ({ deliveryId: ids[2]!, number, outcome: 'error' })));
    const retried = await editor.request('POST', `/api/v1/deliveries/${ids[2]}/retry`);
    // The budget restarts; the board still counts the attempts already made.
    expect(retried.json()).toMatchObject({ state: 'scheduled', attemptCount: 0, attemptsMade: 2, lastError: null });

    await t.db.transaction((tx) => transitionDelivery(tx, systemActor, ids[3]!, ['scheduled'], 'publishing'));
    await t.db.transaction((tx) => transitionDelivery(tx, systemActor, ids[3]!, ['publishing'], 'unconfirmed'));
    const settled = await editor.request('POST', `/api/v1/deliveries/${ids[3]}/mark-reconciled`, {
      outcome: 'published',
      externalId: 'post-42',
      url: 'https://cong.gov.vn/bai/42',
    });
    expect(settled.json()).toMatchObject({ state: 'published', externalId: 'post-42' });
    const detail = await editor.request('GET', `/api/v1/deliveries/${ids[3]}`);
    expect(detail.json().attempts).toEqual([]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, ids[3]!));
    expect(audit.at(-1)?.data).toMatchObject({ action: 'mark_reconciled', to: 'published' });
  });

  it('queues a takedown for a published delivery only', async () => {
    const res = await editor.request('POST', `/api/v1/deliveries/${ids[3]}/take-down`, { reason: 'Người trong bài rút lại đồng ý' });
    expect(res.statusCode).toBe(202);
    const jobs = await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${`takedown:${ids[3]}`}`);
    expect(jobs).toHaveLength(1);
    expect((await editor.request('POST', `/api/v1/deliveries/${ids[0]}/take-down`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('filters by Vietnam days, instants, theme and unit', async () => {
    // 17:30 UTC on 1/12 is 00:30 on 2/12 in Vietnam.
    await t.db.update(deliveries).set({ dueAt: new Date('2026-12-01T17:30:00Z') }).where(eq(deliveries.id, ids[2]!));
    const list = async (query: string) => (await editor.request('GET', `/api/v1/deliveries?${query}`)).json().items.map((d: { id: string }) => d.id);
    expect(await list('fromDay=2026-12-02&toDay=2026-12-02')).toEqual([ids[2]]);
    expect(await list('fromDay=2026-11-01&toDay=2026-12-01')).toEqual([]);
    expect(await list('dueFrom=2026-12-01T17:00:00Z&dueTo=2026-12-01T18:00:00Z')).toEqual([ids[2]]);
    expect(await list('fromDay=2026-12-02&toDay=2026-12-02&theme=guidance')).toEqual([ids[2]]);
    expect(await list('fromDay=2026-12-02&toDay=2026-12-02&theme=policy')).toEqual([]);
    const [other] = await t.db.execute<{ id: string }>(sql`select id from units where name = 'Công an xã B'`);
    expect(await list(`fromDay=2026-12-02&toDay=2026-12-02&unitId=${other!.id}`)).toEqual([]);
    const reversed = await editor.request('GET', '/api/v1/deliveries?fromDay=2026-12-03&toDay=2026-12-02');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ code: 'RANGE_INVALID', field: 'querystring:/fromDay' });
  });
});
