import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, consents, revisionConsents } from '../../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, createWebhookChannel, deliveryRow } from '../../test/delivery-fixtures.ts';
import { systemActor } from '../actor.ts';
import { releaseChannelDeliveries } from './channel-state.ts';
import { claimDelivery } from './claim.ts';

describe('claim-time checks', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let channelId: string;
  const secrets = createSecretBox(generateSecretKey());
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` });
  });
  afterAll(() => t.close());

  const claim = (deliveryId: string, now = new Date()) =>
    t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId, owner: 'w1/abc', leaseMs: 60_000, now }));
  const jobFor = async (id: string) =>
    (await t.db.execute<{ run_at: string }>(sql`select run_at::text from graphile_worker.jobs where key = ${`publish:${id}`}`))[0];
  const approve = (o: { dueInMs?: number; expiresAt?: Date } = {}) =>
    approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date(Date.now() + (o.dueInMs ?? 0)), ...o });

  it('claims: publishing, attempt 1 with a lease, and an attempt row; a second claim is skipped', async () => {
    const { deliveryIds } = await approve();
    const result = await claim(deliveryIds[0]!);
    expect(result.kind).toBe('claimed');
    const d = await deliveryRow(t.db, deliveryIds[0]!);
    expect([d.state, d.attemptCount, d.leaseOwner]).toEqual(['publishing', 1, 'w1/abc']);
    expect(d.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await attemptsOf(t.db, deliveryIds[0]!)).map((a) => [a.number, a.worker, a.finishedAt])).toEqual([[1, 'w1/abc', null]]);
    expect(await claim(deliveryIds[0]!)).toEqual({ kind: 'skipped', state: 'publishing' });
  });

  it('a job that runs before the delivery is due puts its job back at the due time, spending nothing', async () => {
    const { deliveryIds } = await approve({ dueInMs: 60_000 });
    const d0 = await deliveryRow(t.db, deliveryIds[0]!);
    const result = await claim(deliveryIds[0]!);
    expect(result.kind).toBe('not_yet');
    expect(new Date((await jobFor(deliveryIds[0]!))!.run_at).getTime()).toBe(d0.dueAt.getTime());
    expect((await deliveryRow(t.db, deliveryIds[0]!)).state).toBe('scheduled');
  });

  it('an approval that expired before the time cancels the delivery with its reason and removes the job', async () => {
    const { deliveryIds } = await approve({ expiresAt: new Date(Date.now() - 1000) });
    const result = await claim(deliveryIds[0]!);
    expect(result).toMatchObject({ kind: 'cancelled', code: 'APPROVAL_EXPIRED' });
    const d = await deliveryRow(t.db, deliveryIds[0]!);
    expect([d.state, d.lastErrorCode]).toEqual(['cancelled', 'APPROVAL_EXPIRED']);
    expect(d.holdReason).toMatch(/hết hạn/);
    expect(await jobFor(deliveryIds[0]!)).toBeUndefined();
    expect(await attemptsOf(t.db, deliveryIds[0]!)).toHaveLength(0);
  });

  it('a withdrawn consent of a person shown cancels the delivery, naming the person', async () => {
    const { revisionId, deliveryIds } = await approve();
    const [c] = await t.db
      .insert(consents)
      .values({ unitId: room.unitId, personName: 'Nguyễn Văn A', scope: 'ảnh và câu chuyện', grantedAt: new Date(), withdrawnAt: new Date(), recordedBy: room.authorId })
      .returning();
    await t.db.insert(revisionConsents).values({ revisionId, consentId: c!.id });
    expect(await claim(deliveryIds[0]!)).toMatchObject({ kind: 'cancelled', code: 'CONSENT_WITHDRAWN', reason: expect.stringContaining('Nguyễn Văn A') });
  });

  it('a paused channel holds the delivery with the pause reason and no job; releasing re-enqueues it', async () => {
    const { deliveryIds } = await approve();
    await t.db.update(channels).set({ paused: true, pauseReason: 'Đang bảo trì cổng' }).where(eq(channels.id, channelId));
    expect(await claim(deliveryIds[0]!)).toMatchObject({ kind: 'held', code: 'HELD_CHANNEL_PAUSED' });
    let d = await deliveryRow(t.db, deliveryIds[0]!);
    expect([d.state, d.holdReason, d.attemptCount]).toEqual(['scheduled', 'Kênh đang tạm dừng: Đang bảo trì cổng', 0]);
    // The claim ran inside the job, which graphile deletes when it completes; here there is none left to run.
    await t.db.execute(sql`select graphile_worker.remove_job(${`publish:${deliveryIds[0]}`})`);

    expect(await t.db.transaction((tx) => releaseChannelDeliveries(tx, systemActor, channelId, new Date()))).toBe(0);
    await t.db.update(channels).set({ paused: false, pauseReason: null }).where(eq(channels.id, channelId));
    expect(await t.db.transaction((tx) => releaseChannelDeliveries(tx, systemActor, channelId, new Date()))).toBe(1);
    d = await deliveryRow(t.db, deliveryIds[0]!);
    expect([d.holdReason, d.lastErrorCode]).toEqual([null, null]);
    expect(await jobFor(deliveryIds[0]!)).toBeDefined();
    expect((await claim(deliveryIds[0]!)).kind).toBe('claimed');
  });
});
