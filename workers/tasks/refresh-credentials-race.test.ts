import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZaloSimulator, type ZaloSimulator } from '../../connectors/zalo/simulator.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, waitForState } from '../../test/delivery-fixtures.ts';
import { createZaloChannel, zaloChannelState } from '../zalo-test-fixtures.ts';

/**
 * Two `loa worker` processes, as production runs them, publish to the same Zalo OA channel
 * at the same moment with its access token past expiry. Both want to refresh; refresh tokens
 * are single-use, so a second refresh with the old token would lock the channel out. One
 * process refreshes while the other waits for it and then publishes with the new token.
 */
describe('refresh race: two worker processes, one channel, one refresh', () => {
  let t: TestDatabase;
  let sim: ZaloSimulator;
  const key = generateSecretKey();
  const secrets = createSecretBox(key);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-race-'));
  const children: { child: ChildProcess; out: string[] }[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    sim = await startZaloSimulator();
  });
  afterAll(async () => {
    for (const { child } of children) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    }
    await sim?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function spawnWorker(): Promise<{ child: ChildProcess; out: string[] }> {
    const child = spawn(process.execPath, ['scripts/loa.mjs', 'worker'], {
      // A process fetches a job ahead of its one busy slot; the short lease makes it hand that job back
      // after lease/3 (graphile's local queue TTL, workers/graphile-batching.ts) for the idle process to take.
      env: { PATH: process.env.PATH, DATABASE_URL: t.url, LOA_SECRET_KEY: key, LOA_DATA_DIR: dataDir, LOA_WORKER_CONCURRENCY: '1', LOA_DELIVERY_LEASE_MS: '6000', LOA_DELIVERY_HEARTBEAT_MS: '1000', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { child, out: [] as string[] };
    children.push(entry);
    child.stdout!.on('data', (b: Buffer) => entry.out.push(b.toString()));
    child.stderr!.on('data', (b: Buffer) => entry.out.push(b.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${entry.out.join('')}`)), 30_000);
      child.stdout!.on('data', () => {
        if (entry.out.join('').includes('"msg":"worker started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${entry.out.join('')}`)));
    });
    return entry;
  }

  it('ends with one valid token pair: one refresh call, the other worker waited and used it, both posts out', async () => {
    const room = await createNewsroom(t.db);
    const { channelId, refreshToken } = await createZaloChannel(t.db, secrets, sim, {
      unitId: room.unitId,
      settings: { broadcast: false },
      expiresAt: new Date(Date.now() - 60_000),
    });
    const [a, b] = await Promise.all([spawnWorker(), spawnWorker()]);

    // The token endpoint answers only once both publishes are under way, one per process: the
    // first to arrive refreshes, the other must wait for it (a fixed delay raced the machine's speed:
    // one process could publish both, one after the other).
    const release = sim.holdTokens();
    const due = new Date(Date.now() + 1500);
    const first = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: due, title: 'Bài thứ nhất: vay vốn làm ăn' });
    const second = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: due, title: 'Bài thứ hai: học nghề sau khi ra trại' });
    const ids = [first.deliveryIds[0]!, second.deliveryIds[0]!];
    for (const id of ids) await waitForState(t.db, id, 'publishing', 30_000);
    release();
    for (const id of ids) await waitForState(t.db, id, 'published', 30_000);

    expect(sim.refreshCalls()).toBe(1);
    const { row, credentials } = await zaloChannelState(t.db, secrets, channelId);
    expect(row.status).toBe('connected');
    expect(sim.state.refreshTokens.get(refreshToken)!.used).toBe(true);
    expect(sim.state.refreshTokens.get(credentials.refreshToken!)!.used).toBe(false);
    expect(sim.state.articles.map((x) => x.accessToken)).toEqual([credentials.accessToken, credentials.accessToken]);

    // Each process published one of the two, and only one of them refreshed.
    const workers = await Promise.all(ids.map(async (id) => (await attemptsOf(t.db, id)).map((x) => x.worker!.split('/')[0])));
    expect(workers.flat()).toHaveLength(2);
    expect(new Set(workers.flat()).size).toBe(2);
    const outcomes = [a!, b!].map((w) =>
      w.out
        .join('')
        .split('\n')
        .filter((l) => l.includes('"msg":"credentials.refresh_before_use"'))
        .map((l) => (JSON.parse(l) as { outcome: string }).outcome),
    );
    expect(outcomes.flat().sort()).toEqual(['current', 'refreshed']);
    // Two worker processes start (tsx, up to 30 s each on a busy machine) before the 30 s wait for the posts.
  }, 90_000);
});
