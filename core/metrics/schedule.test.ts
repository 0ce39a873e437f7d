import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchedule } from '../../db/schema/index.ts';
import { loadConfig } from '../../lib/config.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { approveWithMedia, createPlatformChannel } from '../../test/metrics-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createNewsroom } from '../../test/delivery-fixtures.ts';
import { systemActor } from '../actor.ts';
import { transitionDelivery } from '../deliveries/transition.ts';
import { advanceReadings, channelsMissingJob, claimDueReadings, nextStep, rescheduleChannel } from './schedule.ts';

const H = 3_600_000;
const CADENCE = [1 * H, 6 * H, 24 * H, 72 * H];

describe('metrics cadence', () => {
  it('LOA_METRICS_CADENCE: default 1h,6h,1d,3d,7d,30d; durations must increase', () => {
    expect(loadConfig({}).metricsCadenceMs).toEqual([1, 6, 24, 72, 168, 720].map((h) => h * H));
    expect(loadConfig({ LOA_METRICS_CADENCE: '2s, 4s,1m' }).metricsCadenceMs).toEqual([2000, 4000, 60_000]);
    expect(() => loadConfig({ LOA_METRICS_CADENCE: '6h,1h' })).toThrow(/LOA_METRICS_CADENCE must be increasing durations/);
    expect(() => loadConfig({ LOA_METRICS_CADENCE: '1 hour' })).toThrow(/LOA_METRICS_CADENCE/);
  });

  it('the next step is the first still ahead: a late run does not read twice in a row', () => {
    const base = new Date('2026-11-20T01:00:00Z');
    expect(nextStep(base, 0, CADENCE, new Date(base.getTime() + H))).toEqual({ step: 1, at: new Date(base.getTime() + 6 * H) });
    // The worker was down for two days: steps 1 and 2 are gone, the next reading is step 3.
    expect(nextStep(base, 0, CADENCE, new Date(base.getTime() + 48 * H))).toEqual({ step: 3, at: new Date(base.getTime() + 72 * H) });
    expect(nextStep(base, 3, CADENCE, new Date(base.getTime() + 72 * H))).toBeNull();
  });
});

describe('metrics schedule in the database', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let channelId: string;
  const secrets = createSecretBox(generateSecretKey());

  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    channelId = await createPlatformChannel(t.db, secrets, { unitId: room.unitId, platform: 'site', name: 'Trang chiến dịch', settings: {}, credentials: null });
  });
  afterAll(() => t?.close());

  async function publishOne(): Promise<string> {
    const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const id = deliveryIds[0]!;
    await t.db.transaction(async (tx) => {
      await transitionDelivery(tx, systemActor, id, ['scheduled'], 'publishing');
      await transitionDelivery(tx, systemActor, id, ['publishing'], 'published', { externalId: `site-${id}`, publishedAt: new Date() });
    });
    return id;
  }
  const job = async () =>
    (await t.db.execute<{ run_at: string }>(sql`select run_at from graphile_worker.jobs where key = ${`metrics:${channelId}`}`)).map((r) => new Date(r.run_at));

  it('publishing starts an unplanned reading and wakes the channel job now; the job plans it and claims it under a lease', async () => {
    const id = await publishOne();
    const [row] = await t.db.select().from(metricSchedule).where(eq(metricSchedule.deliveryId, id));
    expect(row).toMatchObject({ channelId, step: 0, nextAt: null });
    const [runAt] = await job();
    expect(Math.abs(runAt!.getTime() - Date.now())).toBeLessThan(5_000);

    const now = new Date();
    const early = await t.db.transaction((tx) => claimDueReadings(tx, { channelId, now, cadenceMs: CADENCE, batch: 50, leaseMs: 15 * 60_000 }));
    expect(early).toEqual([]);
    const [planned] = await t.db.select().from(metricSchedule).where(eq(metricSchedule.deliveryId, id));
    expect(Math.abs(planned!.nextAt!.getTime() - (now.getTime() + H))).toBeLessThan(5_000);
    expect((await rescheduleChannel(t.db, channelId))!.getTime()).toBe(planned!.nextAt!.getTime());

    // 57 minutes later the 1-hour reading is within its early window (10%, at most 5 min).
    const later = new Date(now.getTime() + 57 * 60_000);
    const claimed = await t.db.transaction((tx) => claimDueReadings(tx, { channelId, now: later, cadenceMs: CADENCE, batch: 50, leaseMs: 15 * 60_000 }));
    expect(claimed.map((c) => [c.deliveryId, c.step])).toEqual([[id, 0]]);
    // While its call runs, the claimed reading is not handed out again.
    const again = await t.db.transaction((tx) => claimDueReadings(tx, { channelId, now: new Date(later.getTime() + 5 * 60_000), cadenceMs: CADENCE, batch: 50, leaseMs: 15 * 60_000 }));
    expect(again).toEqual([]);
    await t.db.transaction((tx) => advanceReadings(tx, claimed, { now: later, cadenceMs: CADENCE, errorCode: null }));
    const [advanced] = await t.db.select().from(metricSchedule).where(eq(metricSchedule.deliveryId, id));
    expect(advanced).toMatchObject({ step: 1, lastErrorCode: null, lastCollectedAt: later });
    await t.db.delete(metricSchedule);
  });

  it('forgets readings of deliveries taken down, and those past the end of a shortened cadence', async () => {
    const down = await publishOne();
    const kept = await publishOne();
    const shortened = await publishOne();
    await t.db.transaction((tx) => transitionDelivery(tx, systemActor, down, ['published'], 'taken_down', { holdReason: 'Rút lại sự đồng ý' }));
    await t.db.update(metricSchedule).set({ step: 2 }).where(eq(metricSchedule.deliveryId, shortened));
    await t.db.transaction((tx) => claimDueReadings(tx, { channelId, now: new Date(), cadenceMs: CADENCE.slice(0, 2), batch: 50, leaseMs: 60_000 }));
    const left = (await t.db.select().from(metricSchedule)).map((r) => r.deliveryId);
    expect(left).toEqual([kept]);
  });

  it('the hourly sweep finds a channel with readings left whose job is gone, and rescheduling gives it back', async () => {
    await t.db.delete(metricSchedule);
    await publishOne();
    expect(await channelsMissingJob(t.db)).toEqual([]);
    await t.db.execute(sql`select graphile_worker.remove_job(${`metrics:${channelId}`})`);
    expect(await channelsMissingJob(t.db)).toEqual([channelId]);
    await rescheduleChannel(t.db, channelId);
    expect(await job()).toHaveLength(1);
    expect(await channelsMissingJob(t.db)).toEqual([]);
  });
});
