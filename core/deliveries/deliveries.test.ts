import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channels, contentItems, deliveries, revisionTargets, revisions } from '../../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createUnit, createUser } from '../../test/app.ts';
import { systemActor } from '../actor.ts';
import { cancelUnstartedDeliveries } from './cancel.ts';
import { createDeliveriesForRevision } from './create.ts';
import { transitionDelivery } from './transition.ts';

describe('delivery creation, transitions and cancellation', () => {
  let t: TestDatabase;
  let revisionId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const unit = await createUnit(t.db, 'Công an tỉnh');
    const author = await createUser(t.db, 'a@ca.vn', [{ role: 'editor', unitId: unit }]);
    const [item] = await t.db.insert(contentItems).values({ unitId: unit, createdBy: author, slug: 'bai-1' }).returning();
    const [rev] = await t.db
      .insert(revisions)
      .values({ itemId: item!.id, number: 1, state: 'approved', authorId: author, title: 'T', body: 'B', theme: 'policy' })
      .returning();
    revisionId = rev!.id;
    const chans = await t.db
      .insert(channels)
      .values([1, 2, 3].map((i) => ({ unitId: unit, platform: 'webhook' as const, name: `Cổng ${i}` })))
      .returning();
    await t.db.insert(revisionTargets).values(chans.map((c) => ({ revisionId, channelId: c.id })));
  });
  afterAll(() => t.close());

  it('creates one delivery and one keyed job per target, idempotently, audited', async () => {
    const now = new Date();
    const ids = await t.db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, revisionId, now));
    expect(ids).toHaveLength(3);
    const again = await t.db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, revisionId, now));
    expect(again).toHaveLength(0);
    const jobs = await t.db.execute<{ key: string }>(sql`select key from graphile_worker.jobs where task_identifier = 'publish_delivery'`);
    expect(jobs.map((j) => j.key).sort()).toEqual(ids.map((id) => `publish:${id}`).sort());
    const created = await t.db.select().from(auditLog).where(eq(auditLog.action, 'delivery.create'));
    expect(created).toHaveLength(3);
  });

  it('compare-and-set: the loser of a race gets null and writes no audit row, illegal edges throw', async () => {
    const [d] = await t.db.select().from(deliveries).limit(1);
    const leaseUntil = new Date(Date.now() + 60_000);
    const won = await t.db.transaction((tx) =>
      transitionDelivery(tx, { kind: 'user', userId: null, ip: '10.1.2.3' }, d!.id, ['scheduled'], 'publishing', { leaseUntil, attemptCount: 1 }, { attempt: 1 }),
    );
    expect(won).toMatchObject({ id: d!.id, state: 'publishing', attemptCount: 1, leaseUntil });
    expect(won!.updatedAt.getTime()).toBeGreaterThanOrEqual(d!.updatedAt.getTime());
    const lost = await t.db.transaction((tx) => transitionDelivery(tx, systemActor, d!.id, ['scheduled'], 'publishing'));
    expect(lost).toBeNull();
    await expect(t.db.transaction((tx) => transitionDelivery(tx, systemActor, d!.id, ['published'], 'scheduled'))).rejects.toThrow(/Illegal/);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, d!.id));
    const transitions = rows.filter((r) => r.action === 'delivery.transition');
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ actorKind: 'user', entityType: 'delivery', ip: '10.1.2.3', data: { from: 'scheduled', to: 'publishing', attempt: 1 } });
  });

  it('cancels only what has not started and removes its jobs', async () => {
    const n = await t.db.transaction((tx) =>
      cancelUnstartedDeliveries(tx, systemActor, [revisionId], { code: 'SUPERSEDED', vi: 'Có bản mới được duyệt', en: 'Superseded' }),
    );
    expect(n).toBe(2);
    const states = (await t.db.select().from(deliveries)).map((d) => d.state).sort();
    expect(states).toEqual(['cancelled', 'cancelled', 'publishing']);
    const jobs = await t.db.execute(sql`select 1 from graphile_worker.jobs where task_identifier = 'publish_delivery'`);
    expect(jobs).toHaveLength(1);
  });
});
