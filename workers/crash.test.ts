import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookSimulator, type WebhookSimulator } from '../connectors/webhook/simulator.ts';
import { auditLog } from '../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, createWebhookChannel, deliveryRow, waitFor, waitForState } from '../test/delivery-fixtures.ts';

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

  /** Kills the first worker mid-call, waits out its lease, starts a second one. */
  async function crashMidCall(deliveryId: string): Promise<void> {
    const first = await spawnWorker();
    await sim.waitForRequests(1, 20_000);
    expect((await deliveryRow(t.db, deliveryId)).state).toBe('publishing');
    await stop(first, 'SIGKILL');
    await waitFor(async () => {
      const d = await deliveryRow(t.db, deliveryId);
      return d.leaseUntil !== null && d.leaseUntil.getTime() < Date.now() - 50;
    }, 'the dead worker lease to expire');
    await spawnWorker();
  }

  it('the portal had stored the post: the sweep marks it unconfirmed, reconcile finds it by marker, exactly one post', async () => {
    const deliveryId = await deliveryTo(true);
    sim.failNext({ kind: 'hold_after_store' });
    await crashMidCall(deliveryId);
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(sim.posts).toHaveLength(1);
    expect(sim.requests).toHaveLength(1);
    expect(d.externalId).toBe(sim.posts[0]!.id);
    expect((await attemptsOf(t.db, deliveryId)).map((a) => [a.outcome, a.errorCode])).toEqual([['abandoned', 'LEASE_EXPIRED']]);
    const path = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition'))).orderBy(auditLog.id);
    expect(path.map((a) => `${a.data.from}→${a.data.to}`)).toEqual(['scheduled→publishing', 'publishing→unconfirmed', 'unconfirmed→published']);
    expect(path[2]!.data.reconciled).toBe('found');
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
    const deliveryId = await deliveryTo(true, 15);
    sim.failNext({ kind: 'store_after_sender_gone', delayMs: 6000 });
    await crashMidCall(deliveryId);
    const d = await waitForState(t.db, deliveryId, 'published', 60_000);
    expect(sim.requests).toHaveLength(1);
    expect(sim.posts).toHaveLength(1);
    expect(d.externalId).toBe(sim.posts[0]!.id);
    const reads = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.reconcile_absent_read')));
    expect(reads.length).toBeGreaterThanOrEqual(1);
    const path = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, 'delivery.transition'))).orderBy(auditLog.id);
    expect(path.map((a) => `${a.data.from}→${a.data.to}`)).toEqual(['scheduled→publishing', 'publishing→unconfirmed', 'unconfirmed→published']);
  }, 120_000);
});
