import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWordpressConnector } from '../../connectors/wordpress/connector.ts';
import { wordpressMarker } from '../../connectors/wordpress/content.ts';
import { startWordpressSimulator, type WordpressSimulator } from '../../connectors/wordpress/simulator.ts';
import { enqueueReconcile } from '../../core/deliveries/follow-up-jobs.ts';
import { ABSENT_READ } from '../../core/deliveries/settle.ts';
import { auditLog, channels, notifications } from '../../db/schema/index.ts';
import { createLogger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { ensureRealWordpress, type RealWordpress } from '../../scripts/wordpress/real-wordpress.ts';
import type { TestDatabase } from '../../test/db.ts';
import { approveForChannels, deliveryRow, waitFor, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorkerHarness, type WorkerHarness } from '../../test/worker-harness.ts';

/**
 * WordPress deliveries through a real worker and PostgreSQL: against the simulator, and
 * against the real WordPress that scripts/wordpress starts (a locked wp_posts table, as a
 * backup's mysqldump --lock-tables does). Short timeouts and settle times keep it quick.
 */
const REQUEST_TIMEOUT_MS = 1500;

describe('WordPress deliveries through a real worker (#11 findings 1 and 7)', () => {
  let h: WorkerHarness;
  let t: TestDatabase;
  let room: WorkerHarness['room'];
  let secrets: SecretBox;
  let wp: RealWordpress;
  let sim: WordpressSimulator | undefined;
  const connector = createWordpressConnector({ requestTimeoutMs: REQUEST_TIMEOUT_MS });

  beforeAll(async () => {
    wp = await ensureRealWordpress();
    h = await startWorkerHarness(
      {
        LOA_WORKER_CONCURRENCY: '4',
        LOA_RETRY_BASE_MS: '300',
        LOA_RETRY_CAP_MS: '600',
        LOA_DELIVERY_MAX_ATTEMPTS: '3',
        LOA_DELIVERY_LEASE_MS: '5000',
        LOA_DELIVERY_HEARTBEAT_MS: '1000',
      },
      { log: createLogger('warn'), connectors: { for: (platform) => (platform === 'wordpress' ? connector : null) } },
    );
    ({ t, room, secrets } = h);
  }, 600_000);
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  afterAll(() => h?.close());

  async function wordpressChannel(o: { baseUrl: string; username: string; applicationPassword: string; settleSeconds?: number }): Promise<string> {
    const [c] = await t.db
      .insert(channels)
      .values({
        unitId: room.unitId,
        platform: 'wordpress',
        name: 'Cổng thông tin Công an tỉnh',
        settings: { baseUrl: o.baseUrl, ...(o.settleSeconds !== undefined ? { reconcileSettleSeconds: o.settleSeconds } : {}) },
        credentialsSealed: secrets.seal(JSON.stringify({ username: o.username, applicationPassword: o.applicationPassword })),
        allowPrivateNetwork: true,
      })
      .returning({ id: channels.id });
    return c!.id;
  }

  async function deliverTo(channelId: string): Promise<string> {
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + 200) });
    return deliveryIds[0]!;
  }

  /** Posts on the real WordPress whose content carries the delivery's marker (any status but trash). */
  async function realPostsWithMarker(deliveryId: string): Promise<{ id: number; status: string }[]> {
    const auth = Buffer.from(`${wp.editor.login}:${wp.editor.applicationPassword.replace(/\s+/g, '')}`).toString('base64');
    const q = new URLSearchParams({ search: wordpressMarker(deliveryId), status: 'publish,future,draft,pending,private', context: 'edit', _fields: 'id,status' });
    const res = await fetch(`${wp.baseUrl}/wp-json/wp/v2/posts?${q}`, { headers: { authorization: `Basic ${auth}` } });
    return (await res.json()) as { id: number; status: string }[];
  }

  it('finding 7: a revoked Application Password puts the delivery and the channel in needs_reconnect with the reconnect notice', async () => {
    sim = await startWordpressSimulator({ username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD', users: [{ username: 'tacgia', applicationPassword: 'GONE GONE GONE GONE GONE GONE', role: 'author' }] });
    sim.revokeApplicationPassword('GONE GONE GONE GONE GONE GONE');
    const channelId = await wordpressChannel({ baseUrl: sim.baseUrl, username: 'tacgia', applicationPassword: 'GONE GONE GONE GONE GONE GONE' });
    const deliveryId = await deliverTo(channelId);
    const d = await waitForState(t.db, deliveryId, 'needs_reconnect');
    expect(d.lastErrorKind).toBe('auth');
    expect(d.lastErrorMessage).toMatch(/thu hồi/);
    expect(d.lastErrorMessage).not.toMatch(/chuyên mục/);
    const [channel] = await t.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel!.status).toBe('needs_reconnect');
    const told = await t.db.select().from(notifications).where(and(eq(notifications.userId, room.adminId), eq(notifications.kind, 'needs_reconnect')));
    expect(told.some((n) => (n.data as { channelId?: string }).channelId === channelId)).toBe(true);
    expect(sim.state.posts).toHaveLength(0);
  });

  it('finding 1 (simulator): a create that takes effect after the client gave up ends as one post, found after the settle time', async () => {
    sim = await startWordpressSimulator({ username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD' });
    sim.failNext({ method: 'POST', route: '/wp/v2/posts', action: 'slow-accept', ms: 3 * REQUEST_TIMEOUT_MS });
    const channelId = await wordpressChannel({ baseUrl: sim.baseUrl, username: 'bientap', applicationPassword: 'GOOD GOOD GOOD GOOD GOOD GOOD', settleSeconds: 6 });
    const deliveryId = await deliverTo(channelId);
    const d = await waitForState(t.db, deliveryId, 'published', 30_000);
    expect(sim.state.posts).toHaveLength(1);
    expect(d.externalId).toBe(String(sim.state.posts[0]!.id));
    expect(sim.state.requests.filter((r) => r.method === 'POST' && r.route === '/wp/v2/posts')).toHaveLength(1);
  });

  it('finding 1 (real WordPress): while wp_posts is locked the create times out; reconcile does not call it absent while the table is locked, and finds the one post once the insert lands', async () => {
    const lock = lockPostsTable(wp);
    try {
      await lock.held;
      // An hour to settle: the delivery stays unconfirmed for as long as the table is locked.
      const channelId = await wordpressChannel({ baseUrl: wp.baseUrl, username: wp.author.login, applicationPassword: wp.author.applicationPassword, settleSeconds: 3600 });
      const deliveryId = await deliverTo(channelId);
      const unconfirmed = await waitForState(t.db, deliveryId, 'unconfirmed', 20_000);
      expect(unconfirmed.lastErrorCode).toBe('NET_TIMEOUT');
      await waitFor(async () => (await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, deliveryId), eq(auditLog.action, ABSENT_READ)))).length > 0, 'a reconcile read while the table is locked');
      expect(await realPostsWithMarker(deliveryId)).toEqual([]);
      lock.release();
      await waitFor(async () => (await realPostsWithMarker(deliveryId)).length > 0, 'the insert that waited on the lock', 20_000);
      expect((await deliveryRow(t.db, deliveryId)).state).toBe('unconfirmed');
      // Its next read, an hour away, is brought forward.
      await enqueueReconcile(t.db, deliveryId, new Date());
      const d = await waitForState(t.db, deliveryId, 'published', 20_000);
      const posts = await realPostsWithMarker(deliveryId);
      expect(posts).toEqual([{ id: Number(d.externalId), status: 'publish' }]);
    } finally {
      lock.release();
    }
  }, 60_000);
});

/**
 * `LOCK TABLES wp_posts READ` from a MariaDB connection of its own, as `mysqldump
 * --lock-tables` does: reads go on, the insert of a new post waits until `release()` (the
 * statements go through the client's stdin, so the test decides when the lock ends).
 */
function lockPostsTable(wp: RealWordpress): { held: Promise<void>; release(): void } {
  const child = spawn('env', [`MYSQL_PWD=${wp.db.password}`, 'mysql', '-h', wp.db.host, '-P', String(wp.db.port), '-u', wp.db.user, '--batch', '--skip-column-names', '--unbuffered', wp.database]);
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock ended before it was held (mysql exit ${code})`)));
  });
  child.stdin.write("LOCK TABLES wp_posts READ; SELECT 'locked';\n");
  return {
    held,
    release() {
      if (child.stdin.writableEnded) return;
      child.stdin.end('UNLOCK TABLES;\n');
    },
  };
}
