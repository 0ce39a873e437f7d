import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { claimDelivery } from '../../../core/deliveries/claim.ts';
import { transitionDelivery } from '../../../core/deliveries/transition.ts';
import { channels, deliveries } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';
import { approveForChannels, createWebhookChannel } from '../../../test/delivery-fixtures.ts';

describe('freeze and channel release over HTTP', () => {
  let t: TestApp;
  let admin: Session;
  let subAdmin: Session;
  let unitId: string;
  let authorId: string;
  const jobExists = async (id: string) => (await t.db.execute(sql`select 1 from graphile_worker.jobs where key = ${`publish:${id}`}`)).length === 1;

  beforeAll(async () => {
    t = await createTestApp();
    unitId = await createUnit(t.db, 'Công an tỉnh');
    const dept = await createUnit(t.db, 'Phòng PC10', unitId);
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId }]);
    await createUser(t.db, 'pc10@ca.vn', [{ role: 'admin', unitId: dept }]);
    authorId = await createUser(t.db, 'bt@ca.vn', [{ role: 'editor', unitId }]);
    admin = await login(t.app, 'admin@ca.vn');
    subAdmin = await login(t.app, 'pc10@ca.vn');
  });
  afterAll(() => t.close());

  it('tells each admin whether they may switch the freeze, as the switch itself would answer', async () => {
    expect((await admin.request('GET', '/api/v1/system/freeze')).json().can.switch).toMatchObject({ allowed: true });
    const seen = (await subAdmin.request('GET', '/api/v1/system/freeze')).json();
    expect(seen).toMatchObject({ on: false, can: { switch: { allowed: false, code: 'FORBIDDEN' } } });
    const refused = await subAdmin.request('PUT', '/api/v1/system/freeze', { on: true, reason: 'x' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().messages).toEqual(seen.can.switch.messages);
    expect(seen.can.switch.messages.vi).toContain('đơn vị cấp cao nhất');
  });

  it('only a top-level admin switches the freeze; a reason is required; lifting it releases held deliveries', async () => {
    expect((await subAdmin.request('PUT', '/api/v1/system/freeze', { on: true, reason: 'x' })).statusCode).toBe(403);
    const noReason = await admin.request('PUT', '/api/v1/system/freeze', { on: true });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().field).toBe('/reason');
    const on = await admin.request('PUT', '/api/v1/system/freeze', { on: true, reason: 'Sự cố an ninh mạng' });
    expect(on.json().freeze).toMatchObject({ on: true, reason: 'Sự cố an ninh mạng' });

    const channelId = await createWebhookChannel(t.db, t.deps.secrets, { unitId, url: 'http://127.0.0.1:9/hook', secret: 'whsec_' + Buffer.alloc(24, 1).toString('base64') });
    const { deliveryIds } = await approveForChannels(t.db, { unitId, authorId, channelIds: [channelId], publishAt: new Date() });
    const id = deliveryIds[0]!;
    const claim = await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: id, owner: 'w-1', leaseMs: 60_000, now: new Date() }));
    expect(claim.kind).not.toBe('claimed');
    const [held] = await t.db.select().from(deliveries).where(eq(deliveries.id, id));
    expect(held).toMatchObject({ state: 'scheduled', attemptCount: 0 });
    expect(held!.holdReason).toContain('Sự cố an ninh mạng');

    const off = await admin.request('PUT', '/api/v1/system/freeze', { on: false });
    expect(off.json().released).toBe(1);
    expect(await jobExists(id)).toBe(true);
  });

  it('replacing the credentials of a needs_reconnect channel re-schedules its deliveries at once', async () => {
    const channelId = await createWebhookChannel(t.db, t.deps.secrets, { unitId, url: 'http://127.0.0.1:9/hook2', secret: 'whsec_' + Buffer.alloc(24, 2).toString('base64') });
    const { deliveryIds } = await approveForChannels(t.db, { unitId, authorId, channelIds: [channelId], publishAt: new Date() });
    const id = deliveryIds[0]!;
    await t.db.transaction(async (tx) => {
      await transitionDelivery(tx, systemActor, id, ['scheduled'], 'publishing');
      await transitionDelivery(tx, systemActor, id, ['publishing'], 'needs_reconnect');
      await tx.update(channels).set({ status: 'needs_reconnect' }).where(eq(channels.id, channelId));
      await tx.execute(sql`select graphile_worker.remove_job(${`publish:${id}`})`);
    });
    const res = await admin.request('PUT', `/api/v1/channels/${channelId}/credentials`, { credentials: { secret: 'whsec_' + Buffer.alloc(24, 3).toString('base64') } });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('connected');
    const [d] = await t.db.select().from(deliveries).where(eq(deliveries.id, id));
    expect(d!.state).toBe('scheduled');
    expect(await jobExists(id)).toBe(true);
  });
});
