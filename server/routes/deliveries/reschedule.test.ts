import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, revisionTargets, revisions } from '../../../db/schema/index.ts';
import { createContentWorld, itemBody, type ContentWorld } from '../content/test-fixtures.ts';

const hour = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * hour);

/**
 * The reschedule rule: times are approved with the revision, so an approver covering the
 * item moves an approved delivery, an editor's move becomes a new revision for approval,
 * and no time may pass the approval's or a consent's expiry.
 */
describe('rescheduling an approved delivery', () => {
  let w: ContentWorld;
  const jobRunAt = async (id: string) =>
    (await w.t.db.execute<{ run_at: string }>(sql`select run_at from graphile_worker.jobs where key = ${`publish:${id}`}`))[0]?.run_at;

  /** An item to the province's Facebook page, written by `author`, approved by `approver`. */
  async function approvedDelivery(extra: Record<string, unknown> = {}) {
    const created = await w.author.request('POST', '/api/v1/content', {
      ...itemBody(w.unit.province, [w.channel.provincePage]),
      publishAt: at(2).toISOString(),
      expiresAt: at(10).toISOString(),
      ...extra,
    });
    expect(created.statusCode).toBe(201);
    const itemId = created.json().item.id as string;
    expect((await w.author.request('POST', `/api/v1/content/${itemId}/submit`)).statusCode).toBe(200);
    expect((await w.approver.request('POST', `/api/v1/content/${itemId}/approve`, {})).statusCode).toBe(200);
    const [d] = await w.t.db.select().from(deliveries).where(eq(deliveries.itemId, itemId));
    return { itemId, deliveryId: d!.id };
  }

  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  it('lets an approver covering the item move it, keeping the approved time beside the new one', async () => {
    const { deliveryId } = await approvedDelivery();
    const before = await w.approver.request('GET', `/api/v1/deliveries/${deliveryId}`);
    expect(before.json().can.reschedule).toEqual({ allowed: true, reason: null, code: null, mode: 'move' });
    expect(before.json().approvedDueAt).toBe(before.json().dueAt);

    const moved = await w.approver.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: at(3).toISOString() });
    expect(moved.statusCode).toBe(200);
    expect(new Date(moved.json().dueAt).getTime()).toBeGreaterThan(new Date(moved.json().approvedDueAt).getTime());
    expect(moved.json().approvedDueAt).toBe(before.json().approvedDueAt);
    expect(new Date((await jobRunAt(deliveryId))!).getTime()).toBe(new Date(moved.json().dueAt).getTime());
  });

  it("turns an editor's move into a new revision for approval, leaving the delivery at its approved time", async () => {
    const { itemId, deliveryId } = await approvedDelivery();
    // The author is an approver too, but may not approve a time of their own revision.
    const seen = await w.author.request('GET', `/api/v1/deliveries/${deliveryId}`);
    expect(seen.json().can.reschedule).toMatchObject({ allowed: true, mode: 'revision' });
    const dueBefore = seen.json().dueAt;

    const newTime = at(4);
    const res = await w.author.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: newTime.toISOString() });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ outcome: 'revision_submitted', revisionNumber: 2, delivery: { id: deliveryId, state: 'scheduled', dueAt: dueBefore } });
    const [rev2] = await w.t.db.select().from(revisions).where(and(eq(revisions.itemId, itemId), eq(revisions.number, 2)));
    expect(rev2!.state).toBe('in_review');
    const [target] = await w.t.db.select().from(revisionTargets).where(eq(revisionTargets.revisionId, rev2!.id));
    expect(target!.publishAt!.getTime()).toBe(newTime.getTime());

    // While revision 2 waits, a second move has nowhere to go.
    const again = await w.author.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: at(5).toISOString() });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('NEWER_REVISION_EXISTS');

    expect((await w.approver.request('POST', `/api/v1/content/${itemId}/approve`, {})).statusCode).toBe(200);
    const rows = await w.t.db.select().from(deliveries).where(eq(deliveries.itemId, itemId));
    expect(rows.find((d) => d.id === deliveryId)!.state).toBe('cancelled');
    expect(rows.find((d) => d.revisionId === rev2!.id)!.dueAt.getTime()).toBe(newTime.getTime());
  });

  it('refuses a time past the approval expiry with a 422 on dueAt, changing nothing', async () => {
    const { deliveryId } = await approvedDelivery();
    const dueBefore = (await w.approver.request('GET', `/api/v1/deliveries/${deliveryId}`)).json().dueAt;
    for (const session of [w.approver, w.author]) {
      const res = await session.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: at(11).toISOString() }, { 'accept-language': 'en' });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'RESCHEDULE_AFTER_EXPIRY', field: '/dueAt' });
    }
    expect((await w.approver.request('GET', `/api/v1/deliveries/${deliveryId}`)).json().dueAt).toBe(dueBefore);
    const past = await w.approver.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: at(-2).toISOString() });
    expect(past.json()).toMatchObject({ code: 'DUE_IN_PAST', field: '/dueAt' });
  });

  it("refuses a time past a consent's expiry", async () => {
    const consent = await w.author.request('POST', '/api/v1/consents', {
      unitId: w.unit.province,
      personName: 'Nguyễn Văn Hoàn',
      scope: 'Ảnh, tên và câu chuyện trên các kênh của chiến dịch',
      platforms: [],
      grantedAt: at(-24).toISOString(),
      expiresAt: at(6).toISOString(),
    });
    expect(consent.statusCode).toBe(201);
    const { deliveryId } = await approvedDelivery({ theme: 'testimony', consentIds: [consent.json().id] });
    const res = await w.approver.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: at(7).toISOString() });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CONSENT_EXPIRES_BEFORE_PUBLISH', field: '/dueAt' });
    expect((await w.approver.request('POST', `/api/v1/deliveries/${deliveryId}/reschedule`, { dueAt: at(5).toISOString() })).statusCode).toBe(200);
  });

  it('says why a commune approver outside the channel may not move it, and refuses the move', async () => {
    const { deliveryId } = await approvedDelivery({ unitId: w.unit.communeA, targets: [{ channelId: w.channel.groupA }, { channelId: w.channel.provincePage }] });
    const page = (await w.approverA.request('GET', `/api/v1/deliveries?itemId=${(await w.t.db.select().from(deliveries).where(eq(deliveries.id, deliveryId)))[0]!.itemId}`)).json().items;
    const onProvince = page.find((d: { channel: { id: string } }) => d.channel.id === w.channel.provincePage);
    expect(onProvince.can.reschedule).toMatchObject({ allowed: false, mode: null, code: 'FORBIDDEN' });
    expect(onProvince.can.reschedule.reason.vi).toContain('người duyệt');
    const res = await w.approverA.request('POST', `/api/v1/deliveries/${onProvince.id}/reschedule`, { dueAt: at(3).toISOString() });
    expect(res.statusCode).toBe(403);
  });
});
