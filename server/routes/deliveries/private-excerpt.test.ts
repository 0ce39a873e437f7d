import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { HIDDEN_EXCERPT } from '../../../core/deliveries/attempt-excerpts.ts';
import { createDeliveriesForRevision } from '../../../core/deliveries/create.ts';
import { channels, contentItems, deliveryAttempts, revisionTargets, revisions } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../../test/app.ts';

/** #11 finding 13: a private-network channel's response excerpt is shown to its admins only. */
describe('attempt excerpts of private-network channels', () => {
  let t: TestApp;
  const ids: Record<'private' | 'public', string> = { private: '', public: '' };
  const internalPage = '<html><title>Intranet – Phòng PA02</title>bảng lương nội bộ</html>';
  beforeAll(async () => {
    t = await createTestApp();
    const unit = await createUnit(t.db, 'Công an tỉnh');
    const author = await createUser(t.db, 'bientap@ca.vn', [{ role: 'editor', unitId: unit }]);
    await createUser(t.db, 'quantri@ca.vn', [{ role: 'admin', unitId: unit }]);
    const [item] = await t.db.insert(contentItems).values({ unitId: unit, createdBy: author, slug: 'bai' }).returning();
    const [rev] = await t.db.insert(revisions).values({ itemId: item!.id, number: 1, state: 'approved', authorId: author, title: 'T', body: 'B', theme: 'guidance' }).returning();
    const [priv, pub] = await t.db
      .insert(channels)
      .values([
        { unitId: unit, platform: 'webhook' as const, name: 'Cổng nội bộ', allowPrivateNetwork: true },
        { unitId: unit, platform: 'webhook' as const, name: 'Cổng công khai' },
      ])
      .returning();
    await t.db.insert(revisionTargets).values([priv!, pub!].map((c) => ({ revisionId: rev!.id, channelId: c.id })));
    const created = await t.db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, rev!.id, new Date()));
    for (const id of created) await t.db.insert(deliveryAttempts).values({ deliveryId: id, number: 1, outcome: 'error', excerpt: internalPage });
    const rows = await t.db.select().from(deliveryAttempts);
    const channelOf = async (id: string) => (await (await login(t.app, 'quantri@ca.vn')).request('GET', `/api/v1/deliveries/${id}`)).json().channel.id as string;
    for (const r of rows) ids[(await channelOf(r.deliveryId)) === priv!.id ? 'private' : 'public'] = r.deliveryId;
  });
  afterAll(() => t.close());

  it('hides the excerpt from a reader of the unit, shows it to the channel’s admin', async () => {
    const editor = await login(t.app, 'bientap@ca.vn');
    const admin = await login(t.app, 'quantri@ca.vn');
    expect((await editor.request('GET', `/api/v1/deliveries/${ids.private}`)).json().attempts[0].excerpt).toBe(HIDDEN_EXCERPT);
    expect((await admin.request('GET', `/api/v1/deliveries/${ids.private}`)).json().attempts[0].excerpt).toBe(internalPage);
    expect((await editor.request('GET', `/api/v1/deliveries/${ids.public}`)).json().attempts[0].excerpt).toBe(internalPage);
  });
});
