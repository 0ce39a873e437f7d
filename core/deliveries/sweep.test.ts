import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, deliveries, systemSettings } from '../../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, createWebhookChannel, deliveryRow } from '../../test/delivery-fixtures.ts';
import { systemActor } from '../actor.ts';
import { setFreeze } from '../system-settings.ts';
import { claimDelivery } from './claim.ts';
import { enqueueReconcile } from './follow-up-jobs.ts';
import { sweepDeliveries } from './sweep.ts';
import { transitionDelivery } from './transition.ts';

const SWEEP = { staleJobMs: 30_000 };

describe('the delivery sweep', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const secrets = createSecretBox(generateSecretKey());
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  afterAll(() => t.close());

  const job = async (key: string) => (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${key}`)).length === 1;
  const removeJob = (id: string) => t.db.execute(sql`select graphile_worker.remove_job(${`publish:${id}`})`);
  async function due() {
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 2).toString('base64')}` });
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    return { channelId, id: deliveryIds[0]! };
  }

  it('a publishing row whose lease expired becomes unconfirmed with a reconcile job, never scheduled; a live lease is left alone', async () => {
    const dead = await due();
    const live = await due();
    const now = Date.now();
    for (const [d, leaseMs] of [
      [dead, 1000],
      [live, 120_000],
    ] as const) {
      await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: d.id, owner: 'w-dead/1', leaseMs, now: new Date(now) }));
    }
    const report = await sweepDeliveries(t.db, systemActor, new Date(now + 5000), SWEEP);
    expect(report.expiredLeases).toBe(1);
    const d = await deliveryRow(t.db, dead.id);
    expect([d.state, d.leaseOwner, d.lastErrorCode]).toEqual(['unconfirmed', null, 'LEASE_EXPIRED']);
    expect(await job(`reconcile:${dead.id}`)).toBe(true);
    expect((await attemptsOf(t.db, dead.id)).map((a) => [a.outcome, a.errorCode])).toEqual([['abandoned', 'LEASE_EXPIRED']]);
    expect((await deliveryRow(t.db, live.id)).state).toBe('publishing');
  });

  it('a due delivery that lost its job is enqueued again', async () => {
    const d = await due();
    await removeJob(d.id);
    expect((await sweepDeliveries(t.db, systemActor, new Date(Date.now() + 1000), SWEEP)).requeued).toBeGreaterThanOrEqual(1);
    expect(await job(`publish:${d.id}`)).toBe(true);
  });

  /** What graphile-worker shows for a job whose worker was killed after locking it: locked, for hours more. */
  const lockedByDeadWorker = (key: string, agoMs: number) =>
    t.db.execute(sql`update graphile_worker._private_jobs set locked_at = now() - ${agoMs} * interval '1 millisecond', locked_by = 'worker-dead' where key = ${key}`);
  const runnableJob = async (key: string) => (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${key} and locked_at is null`)).length === 1;

  it('a due delivery whose publish job is locked by a dead worker (killed before its claim) gets a new job at once; a freshly locked one is left alone', async () => {
    const dead = await due();
    const live = await due();
    await lockedByDeadWorker(`publish:${dead.id}`, 60_000);
    await lockedByDeadWorker(`publish:${live.id}`, 100);
    await sweepDeliveries(t.db, systemActor, new Date(Date.now() + 1000), SWEEP);
    expect(await runnableJob(`publish:${dead.id}`)).toBe(true);
    expect(await runnableJob(`publish:${live.id}`)).toBe(false);
  });

  it('an unconfirmed delivery whose reconcile worker died (lease expired, or job locked without a lease) gets its reconcile again; one waiting for a person is left alone', async () => {
    const expired = await due();
    const unleased = await due();
    const person = await due();
    for (const d of [expired, unleased, person]) {
      await removeJob(d.id);
      await t.db.update(deliveries).set({ state: 'unconfirmed' }).where(eq(deliveries.id, d.id));
    }
    await t.db.update(deliveries).set({ leaseOwner: 'worker-dead/1', leaseUntil: new Date(Date.now() - 1000) }).where(eq(deliveries.id, expired.id));
    await enqueueReconcile(t.db, expired.id, new Date());
    await lockedByDeadWorker(`reconcile:${expired.id}`, 5_000);
    await enqueueReconcile(t.db, unleased.id, new Date());
    await lockedByDeadWorker(`reconcile:${unleased.id}`, 60_000);
    const report = await sweepDeliveries(t.db, systemActor, new Date(), SWEEP);
    expect(report.reconciles).toBe(2);
    expect(await runnableJob(`reconcile:${expired.id}`)).toBe(true);
    expect(await runnableJob(`reconcile:${unleased.id}`)).toBe(true);
    expect((await deliveryRow(t.db, expired.id)).leaseOwner).toBeNull();
    expect(await job(`reconcile:${person.id}`)).toBe(false);
  });

  it('a frozen hold stays while the freeze is on; once the freeze is off by any path, the hold is cleared and the job is back', async () => {
    const d = await due();
    await t.db.transaction((tx) => setFreeze(tx, { kind: 'user', userId: room.adminId }, { on: true, reason: 'Sự cố an ninh mạng' }, new Date()));
    expect((await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: d.id, owner: 'w/1', leaseMs: 1000, now: new Date() }))).kind).toBe('held');
    await removeJob(d.id);
    await sweepDeliveries(t.db, systemActor, new Date(Date.now() + 1000), SWEEP);
    expect(await job(`publish:${d.id}`)).toBe(false);
    // Someone switched the freeze off without releasing (e.g. by SQL): the sweep catches it.
    await t.db.update(systemSettings).set({ value: { on: false } }).where(eq(systemSettings.key, 'freeze'));
    await sweepDeliveries(t.db, systemActor, new Date(Date.now() + 1000), SWEEP);
    expect(await job(`publish:${d.id}`)).toBe(true);
    const row = await deliveryRow(t.db, d.id);
    expect([row.state, row.holdReason, row.lastErrorCode]).toEqual(['scheduled', null, null]);
  });

  it('needs_reconnect deliveries of a channel that is connected again go back to scheduled with a job', async () => {
    const d = await due();
    await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: d.id, owner: 'w/1', leaseMs: 60_000, now: new Date() }));
    await t.db.transaction((tx) => transitionDelivery(tx, systemActor, d.id, ['publishing'], 'needs_reconnect', { leaseOwner: null, leaseUntil: null }));
    await removeJob(d.id);
    await t.db.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, d.channelId));
    expect((await sweepDeliveries(t.db, systemActor, new Date(), SWEEP)).reconnected).toBe(0);
    await t.db.update(channels).set({ status: 'connected' }).where(eq(channels.id, d.channelId));
    expect((await sweepDeliveries(t.db, systemActor, new Date(), SWEEP)).reconnected).toBe(1);
    expect((await deliveryRow(t.db, d.id)).state).toBe('scheduled');
    expect(await job(`publish:${d.id}`)).toBe(true);
  });

  it('lapses approvals past their expiry and cancels their unstarted deliveries', async () => {
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}` });
    const { deliveryIds } = await approveForChannels(t.db, {
      unitId: room.unitId,
      authorId: room.authorId,
      channelIds: [channelId],
      publishAt: new Date(Date.now() + 3600_000),
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await sweepDeliveries(t.db, systemActor, new Date(Date.now() + 120_000), SWEEP)).approvalsExpired).toBe(1);
    expect((await deliveryRow(t.db, deliveryIds[0]!)).state).toBe('cancelled');
    expect(await job(`publish:${deliveryIds[0]}`)).toBe(false);
  });
});
