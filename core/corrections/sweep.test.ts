import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryCorrections } from '../../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, createNewsroom, createWebhookChannel } from '../../test/delivery-fixtures.ts';
import { enqueueCorrection } from './jobs.ts';
import { sweepCorrections } from './sweep.ts';

/**
 * Found by the chaos run: a worker killed after taking a correction's job and before its claim
 * committed left the correction `pending` behind graphile-worker's 4-hour lock. The sweep
 * gives such a correction a fresh job, and leaves alone one whose job will still run now.
 */
describe('the correction sweep', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const secrets = createSecretBox(generateSecretKey());
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  afterAll(() => t.close());

  async function pendingCorrection(state: 'pending' | 'held' = 'pending'): Promise<string> {
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 3).toString('base64')}` });
    const { deliveryIds, revisionId } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const deliveryId = deliveryIds[0]!;
    await t.db.execute(sql`select graphile_worker.remove_job(${`publish:${deliveryId}`})`);
    await t.db.update(deliveries).set({ state: 'published', externalId: 'p-1', publishedAt: new Date() }).where(eq(deliveries.id, deliveryId));
    const [c] = await t.db.insert(deliveryCorrections).values({ deliveryId, revisionId, state, runAt: new Date(Date.now() - 60_000) }).returning({ id: deliveryCorrections.id });
    await enqueueCorrection(t.db, c!.id, new Date(Date.now() - 60_000));
    return c!.id;
  }
  const lockJob = (id: string, agoMs: number) =>
    t.db.execute(sql`update graphile_worker._private_jobs set locked_at = now() - ${agoMs} * interval '1 millisecond', locked_by = 'worker-dead' where key = ${`correct:${id}`}`);
  const runnable = async (id: string) => (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${`correct:${id}`} and locked_at is null`)).length === 1;

  /** graphile-worker's retry of a job whose task threw (a claim's deadlock, a dropped connection): e^attempts seconds later. */
  const backOff = (id: string) =>
    t.db.execute(sql`update graphile_worker._private_jobs set attempts = 4, run_at = now() + interval '55 seconds' where key = ${`correct:${id}`}`);
  const runsNow = async (id: string) =>
    (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${`correct:${id}`} and locked_at is null and run_at <= now()`)).length === 1;

  it('a correction due now (held on a published delivery, or pending) whose job waits out the backoff after a failed claim gets a job now; one whose job runs now is left alone', async () => {
    const held = await pendingCorrection('held');
    const pending = await pendingCorrection();
    const due = await pendingCorrection('held');
    await backOff(held);
    await backOff(pending);
    expect(await runsNow(held)).toBe(false);

    expect(await sweepCorrections(t.db, new Date(), 30_000)).toBe(2);
    expect(await runsNow(held)).toBe(true);
    expect(await runsNow(pending)).toBe(true);
    expect(await runsNow(due)).toBe(true);
  });

  it('a due pending correction whose job a dead worker holds gets a runnable job; one whose job is live is left alone', async () => {
    const dead = await pendingCorrection();
    const live = await pendingCorrection();
    await lockJob(dead, 3_600_000);
    await lockJob(live, 1_000);
    expect(await runnable(dead)).toBe(false);

    expect(await sweepCorrections(t.db, new Date(), 30_000)).toBe(1);
    expect(await runnable(dead)).toBe(true);
    expect(await runnable(live)).toBe(false);
  });
});
