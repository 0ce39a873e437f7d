import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, createNewsroom, createWebhookChannel } from '../../test/delivery-fixtures.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { systemActor } from '../actor.ts';
import { moveDelivery } from './actions.ts';
import { claimDelivery } from './claim.ts';

describe('upload lead for natively scheduling channels', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const box = createSecretBox(generateSecretKey());
  const runAt = async (id: string) =>
    new Date((await t.db.execute<{ run_at: string }>(sql`select run_at from graphile_worker.jobs where key = ${`publish:${id}`}`))[0]!.run_at);

  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  afterAll(() => t.close());

  it('starts a delivery its lead before the due time, and keeps the due time as the publish time', async () => {
    const channelId = await createWebhookChannel(t.db, box, { unitId: room.unitId, url: 'http://127.0.0.1:9/h', secret: 'whsec_' + Buffer.alloc(24, 5).toString('base64') });
    await t.db.update(channels).set({ settings: sql`settings || '{"publishLeadMinutes": 60}'::jsonb` }).where(eq(channels.id, channelId));
    const due = new Date(Date.now() + 2 * 3600_000);
    const { deliveryIds } = await approveForChannels(t.db, { ...room, channelIds: [channelId], publishAt: due });
    const id = deliveryIds[0]!;
    expect((await runAt(id)).getTime()).toBe(due.getTime() - 3600_000);

    const tooEarly = await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: id, owner: 'w-1', leaseMs: 60_000, now: new Date(due.getTime() - 61 * 60_000) }));
    expect(tooEarly.kind).toBe('not_yet');

    const later = new Date(Date.now() + 5 * 3600_000);
    await t.db.transaction((tx) => moveDelivery(tx, systemActor, id, later));
    expect((await runAt(id)).getTime()).toBe(later.getTime() - 3600_000);

    const inLead = await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: id, owner: 'w-2', leaseMs: 60_000, now: new Date(later.getTime() - 59 * 60_000) }));
    expect(inLead.kind).toBe('claimed');
  });

  it('ignores a lead that is not a number instead of failing the approval', async () => {
    const channelId = await createWebhookChannel(t.db, box, { unitId: room.unitId, url: 'http://127.0.0.1:9/h2', secret: 'whsec_' + Buffer.alloc(24, 6).toString('base64') });
    await t.db.update(channels).set({ settings: sql`settings || '{"publishLeadMinutes": "một giờ"}'::jsonb` }).where(eq(channels.id, channelId));
    const due = new Date(Date.now() + 3600_000);
    const { deliveryIds } = await approveForChannels(t.db, { ...room, channelIds: [channelId], publishAt: due });
    expect((await runAt(deliveryIds[0]!)).getTime()).toBe(due.getTime());
  });
});
