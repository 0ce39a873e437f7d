import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startZaloSimulator, type ZaloSimulator } from '../../connectors/zalo/simulator.ts';
import { auditLog, notifications } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorker, type LoaWorker } from '../runner.ts';
import { createZaloChannel, zaloChannelState } from '../zalo-test-fixtures.ts';
import { REFRESH_CREDENTIALS_TASK } from './refresh-credentials.ts';

/**
 * The OAuth token lifecycle through a real worker against the Zalo simulator: proactive
 * refresh by the cron task, a lost refresh answer, one forced refresh on an auth error.
 */
describe('token lifecycle: refresh ahead, lost answers, forced refresh (real worker, Zalo simulator)', () => {
  let t: TestDatabase;
  let worker: LoaWorker;
  let utils: WorkerUtils;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let sim: ZaloSimulator;
  const secrets = createSecretBox(generateSecretKey());
  const logs: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-refresh-'));

  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    const config = loadConfig({ LOA_DATA_DIR: dataDir, LOA_WORKER_CONCURRENCY: '2', LOA_RETRY_BASE_MS: '200', LOA_RETRY_CAP_MS: '400', LOA_CREDENTIALS_REFRESH_MARGIN_MINUTES: '60' });
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    });
    worker = await startWorker({ db: t.db, databaseUrl: t.url, log: createLogger('debug', sink), config, clock: systemClock, secrets, storage: new LocalStorage(dataDir) });
    utils = await makeWorkerUtils({ connectionString: t.url });
  });
  afterEach(async () => {
    await sim?.close();
  });
  afterAll(async () => {
    await utils?.release();
    await worker?.stop();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    // Tokens and the app secret never reach a log line.
    const all = logs.join('');
    expect(all).not.toMatch(/sim-at-|sim-rt-|sim-zalo-app-secret/);
  });

  /** Runs the cron task once through the queue and waits until the job is gone. */
  async function runRefreshJob(): Promise<void> {
    const job = await utils.addJob(REFRESH_CREDENTIALS_TASK, {}, { maxAttempts: 1 });
    await waitFor(async () => {
      const rows = await t.db.execute(sql`select 1 from graphile_worker.jobs where id = ${job.id}`);
      return rows.length === 0;
    }, 'the refresh job to finish');
  }

  async function noticesFor(userId: string, channelId: string) {
    const rows = await t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'needs_reconnect')));
    return rows.filter((n) => (n.data as { channelId?: string }).channelId === channelId);
  }

  it('refreshes ahead of expiry: the new pair is stored sealed at once, the old refresh token is spent, a second run finds nothing due', async () => {
    sim = await startZaloSimulator();
    const soon = new Date(Date.now() + 10 * 60_000);
    const { channelId, refreshToken } = await createZaloChannel(t.db, secrets, sim, { unitId: room.unitId, expiresAt: soon });

    await runRefreshJob();
    const { row, credentials } = await zaloChannelState(t.db, secrets, channelId);
    expect(sim.refreshCalls()).toBe(1);
    expect(sim.state.refreshTokens.get(refreshToken)!.used).toBe(true);
    expect(credentials.refreshToken).not.toBe(refreshToken);
    expect(sim.state.refreshTokens.get(credentials.refreshToken!)!.used).toBe(false);
    expect(sim.state.accessTokens.has(credentials.accessToken!)).toBe(true);
    expect(row.credentialsSealed).not.toContain(credentials.refreshToken);
    expect(row.credentialsExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(row.status).toBe('connected');
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, channelId), eq(auditLog.action, 'channel.credentials.refresh')));
    expect(audits).toHaveLength(1);

    await runRefreshJob();
    expect(sim.refreshCalls()).toBe(1);
  });

  it('a refresh whose answer was lost: needs_reconnect with a Vietnamese notice to the admins, and never a second refresh', async () => {
    sim = await startZaloSimulator();
    const { channelId, refreshToken } = await createZaloChannel(t.db, secrets, sim, { unitId: room.unitId, expiresAt: new Date(Date.now() + 5 * 60_000) });
    sim.failNext({ path: '/v4/oa/access_token', action: 'reset-after' });

    await runRefreshJob();
    const { row } = await zaloChannelState(t.db, secrets, channelId);
    expect(row.status).toBe('needs_reconnect');
    // Zalo did rotate: the stored refresh token is dead, which is why Loa must not try it again.
    expect(sim.state.refreshTokens.get(refreshToken)!.used).toBe(true);
    const [notice] = await noticesFor(room.adminId, channelId);
    expect(notice!.title).toBe('Kênh "Zalo OA Công an tỉnh Sơn La" cần kết nối lại');
    expect(notice!.body).toMatch(/không nhận được trả lời/);
    expect(notice!.body).toMatch(/kết nối lại kênh/);
    // Officers read the notice: the platform's code is for support (audit, attempt rows), not the message.
    expect(notice!.body).not.toMatch(/ZALO|REFRESH_|_\d/);

    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const held = await waitFor(async () => {
      const d = await deliveryRow(t.db, deliveryIds[0]!);
      return d.lastErrorCode === 'HELD_CHANNEL_NOT_CONNECTED' ? d : null;
    }, 'the delivery to be held');
    expect(held.state).toBe('scheduled');
    await runRefreshJob();
    expect(sim.refreshCalls()).toBe(1);
    expect(sim.state.articles).toHaveLength(0);
  });

  it('an auth error while publishing: one forced refresh, the retry publishes with the new token', async () => {
    sim = await startZaloSimulator();
    const { channelId, accessToken } = await createZaloChannel(t.db, secrets, sim, { unitId: room.unitId, settings: { broadcast: false } });
    // Zalo voided the access token before its time (e.g. the OA admin re-granted permissions).
    sim.state.accessTokens.delete(accessToken);
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });

    const d = await waitForState(t.db, deliveryIds[0]!, 'published');
    const { credentials } = await zaloChannelState(t.db, secrets, channelId);
    expect(sim.refreshCalls()).toBe(1);
    expect(sim.state.articles.map((a) => a.accessToken)).toEqual([credentials.accessToken]);
    expect(d.externalId).toBe(sim.state.articles[0]!.id);
    expect((await attemptsOf(t.db, deliveryIds[0]!)).map((a) => a.outcome)).toEqual(['published']);
    expect(logs.join('')).toContain('"msg":"credentials.forced_refresh"');
  });

  it('still refused after the forced refresh: the delivery and the channel need reconnecting and the owners are told', async () => {
    sim = await startZaloSimulator();
    const { channelId } = await createZaloChannel(t.db, secrets, sim, { unitId: room.unitId, settings: { broadcast: false } });
    sim.failNext({ path: '/v2.0/article/create', error: -216 });
    sim.failNext({ path: '/v2.0/article/create', error: -216 });
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });

    const d = await waitForState(t.db, deliveryIds[0]!, 'needs_reconnect');
    expect([d.lastErrorKind, d.lastErrorCode]).toEqual(['auth', 'ZALO_-216']);
    expect(sim.refreshCalls()).toBe(1);
    expect(sim.state.articles).toHaveLength(0);
    expect((await zaloChannelState(t.db, secrets, channelId)).row.status).toBe('needs_reconnect');
    const told = await noticesFor(room.adminId, channelId);
    expect(told).toHaveLength(1);
    expect(await noticesFor(room.authorId, channelId)).toHaveLength(1);
    // What the officers read (notice and channel banner): what happened and what to do, not the raw code.
    const { row } = await zaloChannelState(t.db, secrets, channelId);
    for (const text of [told[0]!.body, row.reconnectReason!.vi]) {
      expect(text).not.toContain('ZALO_-216');
      expect(text).toMatch(/kết nối lại kênh/);
    }
  });

  it('-201 (ambiguous): one refresh; the same answer with a fresh token is a permanent failure, the channel stays connected', async () => {
    sim = await startZaloSimulator();
    const { channelId } = await createZaloChannel(t.db, secrets, sim, { unitId: room.unitId, settings: { broadcast: false } });
    sim.failNext({ path: '/v2.0/article/create', error: -201, message: 'cover value is invalid' });
    sim.failNext({ path: '/v2.0/article/create', error: -201, message: 'cover value is invalid' });
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });

    const d = await waitForState(t.db, deliveryIds[0]!, 'failed');
    expect([d.lastErrorKind, d.lastErrorCode]).toEqual(['permanent', 'ZALO_-201']);
    expect(sim.refreshCalls()).toBe(1);
    expect((await zaloChannelState(t.db, secrets, channelId)).row.status).toBe('connected');
  });
});
