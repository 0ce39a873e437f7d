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

  it('compare-and-set: the loser of a race gets null, illegal edges throw', async () => {
    const [d] = await t.db.select().from(deliveries).limit(1);
    const won = await t.db.transaction((tx) => transitionDelivery(tx, systemActor, d!.id, ['scheduled'], 'publishing'));
    expect(won?.state).toBe('publishing');
    const lost = await t.db.transaction((tx) => transitionDelivery(tx, systemActor, d!.id, ['scheduled'], 'publishing'));
    expect(lost).toBeNull();
    await expect(t.db.transaction((tx) => transitionDelivery(tx, systemActor, d!.id, ['published'], 'scheduled'))).rejects.toThrow(/Illegal/);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, d!.id));
    expect(rows.find((r) => r.action === 'delivery.transition')?.data).toMatchObject({ from: 'scheduled', to: 'publishing' });
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
