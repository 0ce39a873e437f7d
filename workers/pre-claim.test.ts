import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Job, WorkerEvents } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../connectors/webhook/simulator.ts';
import { publishJobKey } from '../core/deliveries/jobs.ts';
import { createLogger } from '../lib/logger.ts';
import { createPreClaims } from './pre-claim.ts';
import { approveForChannels, attemptsOf, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../test/worker-harness.ts';

/**
 * Claiming at fetch (workers/pre-claim.ts): with one slot busy on a held platform call, the
 * next due job waits in graphile's local queue with its delivery already claimed. The queue
 * hands such a job back unstarted (its time-to-live passed, or the worker stops): its claim is
 * given back as a deferral, and the delivery still goes out exactly once.
 */
async function setUp(h: WorkerHarness, sim: WebhookSimulator) {
  const { t, room, secrets } = h;
  const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: sim.url, secret: sim.secret });
  const approve = async () => (await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() })).deliveryIds[0]!;
  // Quick jobs first: the worker claims ahead only once it has seen its slots turn over quickly (the first, cold, is the slowest).
  for (let i = 0; i < 6; i++) await waitForState(t.db, await approve(), 'published');
  sim.failNext({ kind: 'hold_after_store' });
  const held = await approve();
  await sim.waitForRequests(4, 20_000);
  const queued = await approve();
  // Claimed while it waits in the local queue: publishing, with an attempt, and nothing sent for it.
  await waitFor(async () => (await deliveryRow(t.db, queued)).state === 'publishing', 'the queued delivery to be claimed ahead');
  expect(sim.posts.filter((p) => p.marker === `loa:${queued}`)).toHaveLength(0);
  return { held, queued };
}

async function expectGivenBack(h: WorkerHarness, deliveryId: string) {
  const attempts = await attemptsOf(h.t.db, deliveryId);
  expect(attempts[0]).toMatchObject({ number: 1, outcome: 'deferred', errorCode: 'NOT_STARTED' });
}

describe('a claim made ahead, handed back when the job waited past the local queue time-to-live', () => {
  let h: WorkerHarness;
  let sim: WebhookSimulator;

  beforeAll(async () => {
    // Lease 6 s: the local queue returns a waiting job after 2 s, and claims ahead while jobs take under 0.5 s.
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '1', LOA_DELIVERY_LEASE_MS: '6000', LOA_DELIVERY_HEARTBEAT_MS: '2000' });
    sim = await startWebhookSimulator();
    h.stopLater(() => sim.close());
  });
  afterAll(() => h?.close());

  it('goes back to scheduled without spending an attempt, then is published once after the slot frees', async () => {
    const { held, queued } = await setUp(h, sim);
    await waitFor(async () => (await attemptsOf(h.t.db, queued))[0]?.outcome === 'deferred', 'the claim to be given back');
    const back = await deliveryRow(h.t.db, queued);
    expect(back.state).toBe('scheduled');
    expect(back.attemptCount).toBe(0);
    await expectGivenBack(h, queued);

    sim.release();
    await waitForState(h.t.db, held, 'published');
    await waitForState(h.t.db, queued, 'published');
    expect(sim.posts.filter((p) => p.marker === `loa:${queued}`)).toHaveLength(1);
    expect((await attemptsOf(h.t.db, queued)).map((a) => a.outcome)).toEqual(['deferred', 'published']);
    expect((await deliveryRow(h.t.db, queued)).attemptCount).toBe(1);
  }, 90_000);
});

describe('a claim made ahead, handed back when the worker stops gracefully', () => {
  let h: WorkerHarness;
  let sim: WebhookSimulator;

  beforeAll(async () => {
    // Lease 60 s: the local queue would keep a waiting job 20 s, so only the stop hands it back.
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '1', LOA_DELIVERY_LEASE_MS: '60000', LOA_DELIVERY_HEARTBEAT_MS: '10000' });
    sim = await startWebhookSimulator();
    h.stopLater(() => sim.close());
  });
  afterAll(() => h?.close());

  it('stop() returns with the queued delivery scheduled again and due now (not left publishing for the sweep), the running one published', async () => {
    const { held, queued } = await setUp(h, sim);
    const stopping = h.stopWorker();
    sim.release();
    await stopping;
    expect((await deliveryRow(h.t.db, held)).state).toBe('published');
    const back = await deliveryRow(h.t.db, queued);
    expect(back.state).toBe('scheduled');
    expect(back.leaseOwner).toBeNull();
    await expectGivenBack(h, queued);
    const jobs = await h.t.db.execute<{ due: boolean }>(sql`select run_at <= now() as due from graphile_worker.jobs where key = ${publishJobKey(queued)}`);
    expect(jobs.map((j) => j.due)).toEqual([true]);
    expect(sim.posts.filter((p) => p.marker === `loa:${queued}`)).toHaveLength(0);
  }, 90_000);
});

describe('a claim made ahead that fails (the database went away) while its job waits in the local queue', () => {
  it('does not crash the worker as an unhandled rejection; the job meets the failure when it runs', async () => {
    const events: WorkerEvents = new EventEmitter();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pre = createPreClaims({
        events,
        publishTask: 'publish_delivery',
        claim: () => ({ owner: 'w/1', at: new Date(), result: Promise.reject(new Error('connection refused')) }),
        giveBack: async () => {},
        log: createLogger('silent'),
      });
      await pre.timed(async () => {})({}, {} as never); // one quick job seen: claims ahead are on
      const job = { id: '42', task_identifier: 'publish_delivery', payload: { deliveryId: '01a25175-10f4-7f05-bb55-945b48abf154' } } as Job;
      const localQueue = { workerQueue: [], mode: 'WAITING', ttl: 10_000 };
      events.emit('localQueue:getJobs:complete', { ctx: {} as never, localQueue: localQueue as never, jobs: [job] });
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
      await expect(pre.take('42')!.result).rejects.toThrow('connection refused');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
