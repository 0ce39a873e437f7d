import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deliveryCorrections, revisions } from '../../db/schema/index.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, createNewsroom, createWebhookChannel } from '../../test/delivery-fixtures.ts';
import type { Actor } from '../actor.ts';
import { heldMessage } from './held.ts';
import type { PlannedCorrection } from './plan.ts';
import { startCorrections } from './start.ts';

/**
 * Starting the corrections of a plan is one statement for the whole plan; what it writes is
 * what it wrote one channel at a time: per channel in plan order, `none` an audit row,
 * `update_in_place` the older open corrections of the delivery superseded, a correction
 * (`held` with why, while the older publish is in flight), its audit row and its job;
 * `correction_post` nothing (the fan-out publishes again).
 */
describe('starting corrections', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const secrets = createSecretBox(generateSecretKey());
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  afterAll(() => t.close());

  it('writes, in plan order, the rows, audit rows and jobs of each channel\'s correction', async () => {
    const channelIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      channelIds.push(await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: 'whsec_test', name: `Cổng ${i}` }));
    }
    const first = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds, publishAt: new Date() });
    const [rev1] = await t.db.select().from(revisions).where(eq(revisions.id, first.revisionId));
    const [rev2] = await t.db
      .insert(revisions)
      .values({ itemId: rev1!.itemId, number: 2, state: 'approved', authorId: room.authorId, title: 'Bản sửa', summary: rev1!.summary, body: rev1!.body, theme: rev1!.theme })
      .returning({ id: revisions.id });
    const [d0, d1, d2, d3] = first.deliveryIds as [string, string, string, string];
    const channelOf = async (deliveryId: string) =>
      (await t.db.execute<{ channel_id: string }>(sql`select channel_id from deliveries where id = ${deliveryId}`))[0]!.channel_id;
    // Older corrections still open on two of the deliveries: superseded by this revision's.
    const older = await t.db
      .insert(deliveryCorrections)
      .values([
        { deliveryId: d1, revisionId: first.revisionId, state: 'pending' },
        { deliveryId: d2, revisionId: first.revisionId, state: 'held', lastErrorMessage: heldMessage('unconfirmed') },
      ])
      .returning({ id: deliveryCorrections.id });
    const planned = async (deliveryId: string, mode: PlannedCorrection['mode'], waitsFor: PlannedCorrection['waitsFor']): Promise<PlannedCorrection> => ({
      channelId: await channelOf(deliveryId),
      channelName: 'Cổng',
      platform: 'webhook',
      deliveryId,
      externalUrl: null,
      publishedRevision: 1,
      waitsFor,
      mode,
      note: { vi: `Ghi chú "${mode}", có dấu ngoặc \\ và dấu phẩy,`, en: mode },
    });
    const plan = [await planned(d0, 'none', null), await planned(d1, 'update_in_place', null), await planned(d3, 'correction_post', null), await planned(d2, 'update_in_place', 'publishing')];
    const actor: Actor = { kind: 'user', userId: room.adminId, ip: '203.0.113.7' };
    const now = new Date('2026-12-07T10:00:00.000Z');
    const [mark] = await t.db.execute<{ id: string }>(sql`select coalesce(max(id), 0)::text as id from audit_log`);
    const start = () => t.db.transaction((tx) => startCorrections(tx, actor, { revisionId: rev2!.id, unitId: room.unitId, plan, now }));

    expect(await start()).toEqual([plan[0]!.channelId, plan[1]!.channelId, plan[3]!.channelId]);
    const rows = await t.db.select().from(deliveryCorrections).where(inArray(deliveryCorrections.deliveryId, [d0, d1, d2, d3]));
    for (const o of older) expect(rows.find((r) => r.id === o.id)).toMatchObject({ state: 'superseded', finishedAt: now });
    const opened = (deliveryId: string) => rows.find((r) => r.deliveryId === deliveryId && r.revisionId === rev2!.id)!;
    expect(rows.filter((r) => r.revisionId === rev2!.id)).toHaveLength(2);
    expect(opened(d1)).toMatchObject({ state: 'pending', runAt: now, lastErrorMessage: null, finishedAt: null });
    expect(opened(d2)).toMatchObject({ state: 'held', runAt: now, lastErrorMessage: heldMessage('publishing'), finishedAt: null });

    const audits = await t.db.select().from(auditLog).where(gt(auditLog.id, Number(mark!.id))).orderBy(auditLog.id);
    const common = { actorId: room.adminId, actorKind: 'user', entityType: 'delivery', unitId: room.unitId, ip: '203.0.113.7' };
    expect(audits).toMatchObject([
      { ...common, action: 'delivery.correction_none', entityId: d0, data: { revisionId: rev2!.id, channelId: plan[0]!.channelId, note: plan[0]!.note.vi } },
      { ...common, action: 'delivery.correction_open', entityId: d1, data: { correctionId: opened(d1).id, revisionId: rev2!.id, channelId: plan[1]!.channelId, waitsFor: null } },
      { ...common, action: 'delivery.correction_open', entityId: d2, data: { correctionId: opened(d2).id, revisionId: rev2!.id, channelId: plan[3]!.channelId, waitsFor: 'publishing' } },
    ]);
    expect(audits.map((a) => Object.keys(a.data as object).sort())).toEqual([
      ['channelId', 'note', 'revisionId'],
      ['channelId', 'correctionId', 'revisionId', 'waitsFor'],
      ['channelId', 'correctionId', 'revisionId', 'waitsFor'],
    ]);

    const jobs = await t.db.execute<{ key: string; task_identifier: string; payload: unknown; run_at: Date; max_attempts: number }>(sql`
      select j.key, t.identifier as task_identifier, j.payload, j.run_at, j.max_attempts
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.key like 'correct:%' order by j.key`);
    expect(jobs.map((j) => ({ ...j, run_at: new Date(j.run_at).toISOString() }))).toEqual(
      [opened(d1).id, opened(d2).id].sort().map((id) => ({ key: `correct:${id}`, task_identifier: 'correct_delivery', payload: { correctionId: id }, run_at: now.toISOString(), max_attempts: 5 })),
    );

    // The same plan again (as one channel at a time did): this revision's open corrections are superseded and none is
    // opened in their place (one per delivery and revision), so no audit row nor job for them; `none` is audited again.
    expect(await start()).toHaveLength(3);
    const again = await t.db.select().from(deliveryCorrections).where(and(eq(deliveryCorrections.revisionId, rev2!.id)));
    expect(again.map((r) => r.state)).toEqual(['superseded', 'superseded']);
    const more = await t.db.select().from(auditLog).where(gt(auditLog.id, audits.at(-1)!.id));
    expect(more.map((a) => a.action)).toEqual(['delivery.correction_none']);
  });
});
