import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../connectors/webhook/simulator.ts';
import { publishJobKey } from '../core/deliveries/jobs.ts';
import { approveForChannels, attemptsOf, createWebhookChannel, deliveryRow, waitFor } from '../test/delivery-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../test/worker-harness.ts';

/**
 * A `published` outcome is recorded after its job has ended (docs/ENGINE.md). A graceful stop
 * must not leave it behind: the worker's stop() returns only once every pending record has
 * landed, so a deploy never turns a published delivery into an `unconfirmed` one to reconcile.
 */
describe('a published outcome recorded in the background: a graceful stop waits for it', () => {
  let h: WorkerHarness;
  let sim: WebhookSimulator;

  beforeAll(async () => {
    h = await startWorkerHarness({ LOA_WORKER_CONCURRENCY: '2' });
    sim = await startWebhookSimulator();
    h.stopLater(() => sim.close());
  });
  afterAll(() => h?.close());

  it('the job has ended while its record waits on a lock: stop() returns with the delivery published, its attempt closed', async () => {
    const { t, room, secrets } = h;
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: sim.url, secret: sim.secret });
    sim.failNext({ kind: 'hold_after_store' });
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 300) });
    const deliveryId = deliveryIds[0]!;
    await sim.waitForRequests(1, 20_000);
    let stopping: Promise<void> | undefined;
    // The attempt row is locked here, so the record waits after the job has ended; the stop starts meanwhile.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from delivery_attempts where delivery_id = ${deliveryId} for update`);
      sim.release();
      await waitFor(async () => (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${publishJobKey(deliveryId)}`)).length === 0, 'the publish job to end');
      await waitFor(
        async () => (await t.db.execute(sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`)).length > 0,
        'the record to wait for the attempt row',
      );
      expect((await deliveryRow(t.db, deliveryId)).state).toBe('publishing');
      stopping = h.stopWorker();
    });
    await stopping;
    const d = await deliveryRow(t.db, deliveryId);
    expect(d.state).toBe('published');
    expect(d.externalId).toBe(sim.posts[0]!.id);
    expect((await attemptsOf(t.db, deliveryId)).map((a) => a.outcome)).toEqual(['published']);
  }, 60_000);
});
