import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmPush } from '../../../core/manual/confirm.ts';
import { deliveries } from '../../../db/schema/index.ts';
import { createTestApp, login, type TestApp } from '../../../test/app.ts';
import { approveItem, createCommuneWorld, openTasks, type CommuneWorld } from '../../../test/commune-fixtures.ts';

describe('compliance API: who sees which communes, periods', () => {
  let t: TestApp;
  let world: CommuneWorld;
  let itemId: string;
  const dueAt = new Date();

  beforeAll(async () => {
    t = await createTestApp();
    world = await createCommuneWorld(t.db, { communes: 2, groupsPerCommune: 2 });
    const approved = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: world.communes.flatMap((c) => c.groups), publishAt: dueAt, publicUrl: t.deps.config.publicUrl });
    itemId = approved.itemId;
    await openTasks(t.db, approved.deliveryIds, dueAt);
    const a = world.communes[0]!;
    const [first] = await t.db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.channelId, a.groups[0]!));
    await confirmPush({ db: t.db, storage: t.deps.storage, maxImagePixels: 1e7 }, { kind: 'user', userId: a.officerId }, { deliveryId: first!.id, memberCount: 45, now: new Date() });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a commune officer reports on their own commune only; the province's manager on all of them", async () => {
    const [a, b] = world.communes;
    const officer = await login(t.app, a!.officerEmail);
    const mine = (await officer.request('GET', `/api/v1/compliance/items/${itemId}`)).json();
    expect(mine.communes.map((c: { unitId: string }) => c.unitId)).toEqual([a!.id]);
    expect(mine.totals).toMatchObject({ pushes: 2, onTime: 1, awaiting: 1, estimatedReach: 45, clicks: 0 });
    expect((await officer.request('GET', `/api/v1/compliance/units/${world.province}`)).statusCode).toBe(403);
    expect((await officer.request('GET', `/api/v1/compliance/units/${b!.id}`)).statusCode).toBe(403);
    expect((await officer.request('GET', `/api/v1/compliance/units/${a!.id}`)).json().totals.pushes).toBe(2);

    const manager = await login(t.app, world.managerEmail);
    const all = (await manager.request('GET', `/api/v1/compliance/units/${world.province}`)).json();
    expect(all.communes).toHaveLength(2);
    expect(all.totals).toMatchObject({ pushes: 4, onTime: 1, late: 0, missed: 0, awaiting: 3 });
    expect(all.items).toEqual([expect.objectContaining({ itemId, pushes: 4 })]);
    const later = new Date(dueAt.getTime() + 60_000).toISOString();
    expect((await manager.request('GET', `/api/v1/compliance/units/${world.province}?from=${encodeURIComponent(later)}`)).json().totals.pushes).toBe(0);
    expect((await manager.request('GET', '/api/v1/compliance/items/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
