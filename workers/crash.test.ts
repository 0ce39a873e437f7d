import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { startGraphSimulator, type GraphSimulator } from '../connectors/facebook/simulator.ts';
import type { SimVideo } from '../connectors/facebook/simulator-state.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../connectors/webhook/simulator.ts';
import { enqueuePoll } from '../core/deliveries/follow-up-jobs.ts';
import { publishJobKey, removePublishJob } from '../core/deliveries/jobs.ts';
import { auditLog, deliveries } from '../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../test/delivery-fixtures.ts';
import { approveWithMedia, createPlatformChannel } from '../test/metrics-fixtures.ts';

/**
 * A real `loa worker` process is SIGKILLed while its connector call is in flight; a new
 * worker must settle the delivery by reconciliation, never by a blind re-post. Counted on
 * the portal's side (the webhook simulator, with a marker lookup endpoint).
 */
describe('crash recovery: a worker process killed mid-call', () => {
  let t: TestDatabase;
  let sim: WebhookSimulator;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const key = generateSecretKey();
  const secrets = createSecretBox(key);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-crash-'));
  const children = new Set<ChildProcess>();
  const LEASE_MS = 1500;

  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  afterEach(async () => {
    for (const child of children) await stop(child, 'SIGKILL');
    await sim?.close();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** `loa worker` as production runs it, against the test database, with a short lease. */
  async function spawnWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['scripts/loa.mjs', 'worker'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: t.url,
        LOA_SECRET_KEY: key,
        LOA_DATA_DIR: dataDir,
        LOA_DELIVERY_LEASE_MS: String(LEASE_MS),
        LOA_DELIVERY_HEARTBEAT_MS: '300',
        LOA_SWEEP_INTERVAL_MS: '500',
        LOA_WORKER_CONCURRENCY: '2',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let out = '';
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 30_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('"msg":"worker started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${out}`)));
    });
    return child;
  }

  async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }

  async function deliveryTo(lookup: boolean, settleSeconds = 2) {
    sim = await startWebhookSimulator();
    const channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: sim.url, secret: sim.secret, settleSeconds, ...(lookup ? { lookupUrl: sim.lookupUrl } : {}) });
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 500) });
    return deliveryIds[0]!;
  }

  /** SIGKILLs `child` and waits until the lease it held on the delivery has expired. */
  async function killAndOutlive(child: ChildProcess, deliveryId: string): Promise<void> {
    await stop(child, 'SIGKILL');
    await waitFor(async () => {
      const d = await deliveryRow(t.db, deliveryId);
      return d.leaseUntil !== null && d.leaseUntil.getTime() < Date.now() - 50;
    }, 'the dead worker lease to expire');
  }

  /** Kills the first worker mid-call, waits out its lease, starts a second one. */
  async function crashMidCall(deliveryId: string): Promise<ChildProcess> {
    const first = await spawnWorker();
    await sim.waitForRequests(1, 20_000);
    expect((await deliveryRow(t.db, deliveryId)).state).toBe('publishing');
    await killAndOutlive(first, deliveryId);
    return spawnWorker();
  }

  /** The dead worker's attempt abandoned, the delivery swept to unconfirmed, then published by reconcile finding its one post. */
  async function expectFoundByMarkerOnce(deliveryId: string) {
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(sim.posts).toHaveLength(1);
    expect(sim.requests).toHaveLength(1);
    expect(d.externalId).toBe(sim.posts[0]!.id);
    expect((await attemptsOf(t.db, deliveryId)).map((a) => [a.outcome, a.errorCode])).toEqual([['abandoned', 'LEASE_EXPIRED']]);
    const path = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition'))).orderBy(auditLog.id);
    expect(path.map((a) => `${a.data.from}→${a.data.to}`)).toEqual(['scheduled→publishing', 'publishing→unconfirmed', 'unconfirmed→published']);
    expect(path[2]!.data.reconciled).toBe('found');
  }

  it('the portal had stored the post: the sweep marks it unconfirmed, reconcile finds it by marker, exactly one post', async () => {
    const deliveryId = await deliveryTo(true);
    sim.failNext({ kind: 'hold_after_store' });
    await crashMidCall(deliveryId);
    await expectFoundByMarkerOnce(deliveryId);
  }, 90_000);

  it('the request never reached the portal: proven absent by lookup, published once', async () => {
    const deliveryId = await deliveryTo(true);
    sim.failNext({ kind: 'hold_before_store' });
    await crashMidCall(deliveryId);
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(sim.posts).toHaveLength(1);
    expect(sim.posts[0]!.marker).toBe(`loa:${deliveryId}`);
    expect(sim.requests).toHaveLength(2);
    expect(d.externalId).toBe(sim.posts[0]!.id);
    expect((await attemptsOf(t.db, deliveryId)).map((a) => a.outcome)).toEqual(['abandoned', 'published']);
    const path = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition'))).orderBy(auditLog.id);
    expect(path.map((a) => `${a.data.from}→${a.data.to}`)).toEqual([
      'scheduled→publishing',
      'publishing→unconfirmed',
      'unconfirmed→scheduled',
      'scheduled→publishing',
      'publishing→published',
    ]);
  }, 90_000);

  it('a slow portal stores the post after the worker died: the early lookup finds nothing, the read after the settle time finds it; never sent twice', async () => {
    const deliveryId = await deliveryTo(true, 8);
    sim.failNext({ kind: 'store_after_sender_gone' });
    await crashMidCall(deliveryId);
    const absentRead = () => t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.reconcile_absent_read')));
    await waitFor(async () => (await absentRead()).length > 0, 'a first lookup that finds nothing');
    sim.release();
    const d = await waitForState(t.db, deliveryId, 'published', 60_000);
    expect(sim.requests).toHaveLength(1);
    expect(sim.posts).toHaveLength(1);
    expect(d.externalId).toBe(sim.posts[0]!.id);
    const path = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition'))).orderBy(auditLog.id);
    expect(path.map((a) => `${a.data.from}→${a.data.to}`)).toEqual(['scheduled→publishing', 'publishing→unconfirmed', 'unconfirmed→published']);
  }, 120_000);

  it('a worker killed after its job ended, before the background record of the outcome landed: unconfirmed, then found by marker; one post', async () => {
    const deliveryId = await deliveryTo(true);
    sim.failNext({ kind: 'hold_after_store' });
    const first = await spawnWorker();
    await sim.waitForRequests(1, 20_000);
    const waitingForLock = sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`;
    // The attempt row is locked here, so the record of the outcome waits while the job is already over.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from delivery_attempts where delivery_id = ${deliveryId} for update`);
      sim.release();
      await waitFor(async () => (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${publishJobKey(deliveryId)}`)).length === 0, 'the publish job to end');
      await waitFor(async () => (await t.db.execute(waitingForLock)).length > 0, 'the record to wait for the attempt row');
      expect((await deliveryRow(t.db, deliveryId)).state).toBe('publishing');
      await stop(first, 'SIGKILL');
      // The dead worker's statement would still run once the lock is free: ended here, it never reached the database.
      await t.db.execute(sql`select pg_terminate_backend(pid) from (${waitingForLock}) w`);
    });
    await waitFor(async () => {
      const d = await deliveryRow(t.db, deliveryId);
      return d.leaseUntil !== null && d.leaseUntil.getTime() < Date.now() - 50;
    }, 'the dead worker lease to expire');
    await spawnWorker();
    await expectFoundByMarkerOnce(deliveryId);
  }, 90_000);

  it('a worker killed during a reconcile read: its lease expires and a live worker reads again (no 4-hour job lock); one post', async () => {
    const deliveryId = await deliveryTo(true, 1);
    sim.failNext({ kind: 'hold_after_store' });
    sim.holdLookups(1);
    const second = await crashMidCall(deliveryId);
    await waitFor(async () => sim.lookups >= 1, 'the reconcile lookup');
    const reading = await deliveryRow(t.db, deliveryId);
    expect(reading.state).toBe('unconfirmed');
    expect(reading.leaseOwner).not.toBeNull();
    await killAndOutlive(second, deliveryId);
    await spawnWorker();
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(sim.lookups).toBeGreaterThanOrEqual(2);
    expect(sim.posts).toHaveLength(1);
    expect(sim.requests).toHaveLength(1);
    expect(d.externalId).toBe(sim.posts[0]!.id);
  }, 120_000);

  it('a worker killed during a processing poll: its lease expires and a live worker polls again (no 4-hour job lock)', async () => {
    const fb: GraphSimulator = await startGraphSimulator();
    try {
      const channelId = await createPlatformChannel(t.db, secrets, {
        unitId: room.unitId,
        platform: 'facebook_page',
        name: 'Fanpage Con đường hướng thiện',
        settings: { pageId: fb.state.pageId, appId: fb.state.appId, graphBaseUrl: fb.baseUrl },
        credentials: { pageAccessToken: fb.tokens.page },
      });
      const { deliveryIds } = await approveWithMedia(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 3600_000) });
      const deliveryId = deliveryIds[0]!;
      // A video Facebook is still processing (what a publish of a video leaves): the poll reads its status.
      const video = { id: '7001', handle: 'h', title: 'Video', description: `loa:${deliveryId}`, createdTime: new Date(), published: true, scheduledPublishTime: null, status: 'processing' as SimVideo['status'], reactions: 0, comments: 0 };
      fb.state.videos.push(video);
      await removePublishJob(t.db, deliveryId);
      await t.db.update(deliveries).set({ state: 'processing', progress: { processing: { videoId: video.id } } }).where(eq(deliveries.id, deliveryId));
      fb.failNext({ method: 'GET', route: `/${video.id}`, action: 'accept-then-timeout', ms: 60_000 });
      await enqueuePoll(t.db, deliveryId, new Date());
      const first = await spawnWorker();
      // The poll takes its lease, then asks Graph, which holds the answer (the request is logged only when answered).
      await waitFor(async () => (await deliveryRow(t.db, deliveryId)).leaseOwner !== null, 'the processing poll to take its lease');
      await new Promise((r) => setTimeout(r, 1000));
      await killAndOutlive(first, deliveryId);
      video.status = 'ready';
      await spawnWorker();
      const d = await waitForState(t.db, deliveryId, 'published', 30_000);
      expect(d.externalId).toBe(video.id);
    } finally {
      await fb.close();
    }
  }, 120_000);
});
