import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, metricSchedule } from '../../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, attemptsOf, createNewsroom, createWebhookChannel, deliveryRow } from '../../test/delivery-fixtures.ts';
import { systemActor } from '../actor.ts';
import { claimDelivery } from './claim.ts';
import { recordAttempt, type AttemptOutcome } from './record.ts';

describe('the record step', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  let channelId: string;
  const secrets = createSecretBox(generateSecretKey());
  const policy = { leaseMs: 60_000, maxAttempts: 5, retryBaseMs: 1_000, retryCapMs: 60_000 };
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
    channelId = await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` });
  });
  afterAll(() => t.close());

  async function claimed() {
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds: [channelId], publishAt: new Date() });
    const deliveryId = deliveryIds[0]!;
    const claim = await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId, owner: 'w1/rec', leaseMs: 60_000, now: new Date() }));
    if (claim.kind !== 'claimed') throw new Error(`not claimed: ${claim.kind}`);
    return { deliveryId, attempt: claim.attempt };
  }
  const record = (deliveryId: string, attempt: { id: string; startedAt: Date }, outcome: AttemptOutcome, owner = 'w1/rec') =>
    t.db.transaction((tx) =>
      recordAttempt(tx, systemActor, { deliveryId, attempt, owner, channel: { id: channelId, name: 'Cổng', unitId: room.unitId }, outcome, now: new Date(), policy }),
    );

  it('published: closes the attempt, releases the lease, keeps the external id and starts the metrics schedule', async () => {
    const { deliveryId, attempt } = await claimed();
    expect(await record(deliveryId, attempt, { kind: 'published', externalId: 'portal-1', url: 'https://cong.example/p/1' })).toEqual({
      kind: 'recorded',
      state: 'published',
      nextRunAt: null,
    });
    const d = await deliveryRow(t.db, deliveryId);
    expect(d).toMatchObject({ state: 'published', externalId: 'portal-1', externalUrl: 'https://cong.example/p/1', leaseOwner: null, leaseUntil: null });
    const [a] = await attemptsOf(t.db, deliveryId);
    expect(a).toMatchObject({ outcome: 'published', number: 1 });
    expect(a!.finishedAt).toBeInstanceOf(Date);
    expect(await t.db.select().from(metricSchedule).where(eq(metricSchedule.deliveryId, deliveryId))).toHaveLength(1);
  });

  it('a lost lease: the attempt is still closed, the delivery is left to whoever holds it now', async () => {
    const { deliveryId, attempt } = await claimed();
    // The sweep moved it on (lease expired) before the worker came back with its answer.
    await t.db.update(deliveries).set({ state: 'unconfirmed', leaseOwner: null, leaseUntil: null }).where(eq(deliveries.id, deliveryId));
    expect(await record(deliveryId, attempt, { kind: 'published', externalId: 'portal-2', url: null })).toEqual({ kind: 'lost', state: 'unconfirmed' });
    expect((await deliveryRow(t.db, deliveryId)).externalId).toBeNull();
    const [a] = await attemptsOf(t.db, deliveryId);
    expect(a).toMatchObject({ outcome: 'published' });
    expect(a!.finishedAt).toBeInstanceOf(Date);
  });
});
