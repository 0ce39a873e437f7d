import { eq, gt, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deliveries, type DeliveryState } from '../../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, createNewsroom, createWebhookChannel } from '../../test/delivery-fixtures.ts';
import type { Actor } from '../actor.ts';
import { cancelUnstartedDeliveries } from './cancel.ts';

/**
 * Cancelling a revision's unstarted deliveries is one statement for all of them; what it writes
 * is what the one-row compare-and-set wrote for each: the state, why (`hold_reason`,
 * `last_error_code`), a `delivery.transition` audit row with the reason, the publish job gone;
 * started deliveries (and, for a newer approval, resumable ones) untouched.
 */
describe('cancelling unstarted deliveries', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const secrets = createSecretBox(generateSecretKey());
  const reason = { code: 'SUPERSEDED', vi: 'Có bản mới được duyệt', en: 'Superseded' };
  const actor: Actor = { kind: 'user', userId: null, ip: '203.0.113.9' };
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  afterAll(() => t.close());

  /** One delivery per state given (progress `{}` unless given), of one approved revision. */
  async function revisionWith(states: { state: DeliveryState; progress?: Record<string, unknown> }[]) {
    const channelIds: string[] = [];
    for (const _ of states) channelIds.push(await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: 'whsec_test' }));
    const { revisionId, deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds, publishAt: new Date(Date.now() + 3_600_000) });
    for (const [i, s] of states.entries()) {
      await t.db.update(deliveries).set({ state: s.state, progress: s.progress ?? {} }).where(eq(deliveries.id, deliveryIds[i]!));
    }
    return { revisionId, deliveryIds };
  }

  async function cancel(revisionIds: string[], keepResumable: boolean) {
    const [mark] = await t.db.execute<{ id: string }>(sql`select coalesce(max(id), 0)::text as id from audit_log`);
    const n = await t.db.transaction((tx) => cancelUnstartedDeliveries(tx, actor, revisionIds, reason, { keepResumable }));
    const audits = await t.db.select().from(auditLog).where(gt(auditLog.id, Number(mark!.id))).orderBy(auditLog.id);
    return { n, audits };
  }

  const jobsOf = async (ids: string[]) =>
    (await t.db.execute<{ key: string }>(sql`select key from graphile_worker._private_jobs where key = any(${`{${ids.map((id) => `publish:${id}`).join(',')}}`}::text[])`)).map((j) => j.key);

  it('cancels every unstarted delivery of the revisions given, audited with its reason, and removes its job', async () => {
    const states: DeliveryState[] = ['scheduled', 'retrying', 'needs_reconnect', 'awaiting_officer', 'publishing', 'published'];
    const a = await revisionWith(states.map((state) => ({ state })));
    const b = await revisionWith([{ state: 'scheduled' }]);
    const other = await revisionWith([{ state: 'scheduled' }]);
    const before = await t.db.select().from(deliveries).where(inArray(deliveries.id, [...a.deliveryIds, ...b.deliveryIds]));
    const { n, audits } = await cancel([a.revisionId, b.revisionId], false);
    expect(n).toBe(5);
    const after = await t.db.select().from(deliveries).where(inArray(deliveries.id, [...a.deliveryIds, ...b.deliveryIds, ...other.deliveryIds]));
    const byId = new Map(after.map((d) => [d.id, d]));
    const cancelled = [...a.deliveryIds.slice(0, 4), b.deliveryIds[0]!];
    for (const id of cancelled) {
      expect(byId.get(id)).toMatchObject({ state: 'cancelled', holdReason: reason.vi, lastErrorCode: reason.code });
      expect(byId.get(id)!.updatedAt.getTime()).toBeGreaterThanOrEqual(before.find((d) => d.id === id)!.updatedAt.getTime());
    }
    expect([4, 5].map((i) => byId.get(a.deliveryIds[i]!)!.state)).toEqual(['publishing', 'published']);
    expect(byId.get(other.deliveryIds[0]!)!.state).toBe('scheduled');
    const previous = new Map([...states.slice(0, 4).map((s, i) => [a.deliveryIds[i]!, s] as const), [b.deliveryIds[0]!, 'scheduled' as const]]);
    expect(audits.map((r) => ({ actorId: r.actorId, actorKind: r.actorKind, ip: r.ip, action: r.action, entityType: r.entityType, entityId: r.entityId, data: r.data })).sort((x, y) => x.entityId!.localeCompare(y.entityId!))).toEqual(
      [...cancelled].sort().map((id) => ({
        actorId: null,
        actorKind: 'user',
        ip: '203.0.113.9',
        action: 'delivery.transition',
        entityType: 'delivery',
        entityId: id,
        data: { from: previous.get(id), to: 'cancelled', reason: reason.code },
      })),
    );
    expect(await jobsOf(cancelled)).toEqual([]);
    expect(await jobsOf(other.deliveryIds)).toHaveLength(1);
    expect(await cancel([a.revisionId], false)).toMatchObject({ n: 0, audits: [] });
  });

  it('for a newer approval, leaves what may resume (retrying, or a step already made) to a correction', async () => {
    const a = await revisionWith([{ state: 'scheduled' }, { state: 'retrying' }, { state: 'scheduled', progress: { postId: 'p-1' } }, { state: 'needs_reconnect' }]);
    const { n, audits } = await cancel([a.revisionId], true);
    expect(n).toBe(2);
    const after = await t.db.select().from(deliveries).where(inArray(deliveries.id, a.deliveryIds));
    expect(a.deliveryIds.map((id) => after.find((d) => d.id === id)!.state)).toEqual(['cancelled', 'retrying', 'scheduled', 'cancelled']);
    expect(audits.map((r) => r.entityId).sort()).toEqual([a.deliveryIds[0], a.deliveryIds[3]].sort());
    expect(await jobsOf(a.deliveryIds)).toHaveLength(2);
  });
});
