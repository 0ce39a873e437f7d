import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveForChannels, createNewsroom, createWebhookChannel } from '../../test/delivery-fixtures.ts';
import { systemActor } from '../actor.ts';
import { claimDeliveries } from './claim-many.ts';
import { claimDelivery, type ClaimResult } from './claim.ts';
import { recordPublishedMany } from './record-many.ts';
import { recordAttempt, type RecordInput, type RecordResult } from './record.ts';
import type { PublishFollowUps } from './transition.ts';

/**
 * The batched claim and record (one statement for the deliveries a worker runs at once) must
 * leave exactly the rows the single path leaves for the same outcomes: the delivery, its
 * attempt row, its audit rows, its metrics schedule and its jobs. Two deliveries go through
 * each path with the same owners and clocks: one is published, one has lost its lease to
 * the sweep before the record.
 */
describe('batched claim and record', () => {
  let t: TestDatabase;
  let room: Awaited<ReturnType<typeof createNewsroom>>;
  const secrets = createSecretBox(generateSecretKey());
  const policy = { leaseMs: 60_000, maxAttempts: 5, retryBaseMs: 1_000, retryCapMs: 60_000 };
  // Set per test: fixed at import, 5 s ahead, they fell before the deliveries' due time when loading the file
  // took longer on a busy machine (every claim answered `not_yet`).
  let claimedAt: Date;
  let recordedAt: Date;
  beforeAll(async () => {
    t = await createTestDatabase();
    room = await createNewsroom(t.db);
  });
  beforeEach(() => {
    claimedAt = new Date(Date.now() + 30_000);
    recordedAt = new Date(claimedAt.getTime() + 1_234);
  });
  afterAll(() => t.close());

  async function twoDeliveries(): Promise<{ ids: string[]; channelIds: string[] }> {
    const channelIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      channelIds.push(await createWebhookChannel(t.db, secrets, { unitId: room.unitId, url: 'http://127.0.0.1:9/hooks', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }));
    }
    const { deliveryIds } = await approveForChannels(t.db, { unitId: room.unitId, authorId: room.authorId, channelIds, publishAt: new Date() });
    const ids = await t.db.execute<{ id: string }>(sql`select id from deliveries where id = any(${`{${deliveryIds.join(',')}}`}::uuid[]) order by array_position(${`{${channelIds.join(',')}}`}::uuid[], channel_id)`);
    return { ids: ids.map((r) => r.id), channelIds };
  }

  const claimInputs = (ids: string[]) => ids.map((deliveryId, i) => ({ deliveryId, owner: `w1/${i}`, leaseMs: 60_000, now: claimedAt }));
  const recordInputs = (claims: ClaimResult[], channelIds: string[], followUps?: PublishFollowUps) =>
    claims.map((c, i): RecordInput & { outcome: { kind: 'published' } } => {
      if (c.kind !== 'claimed') throw new Error(`not claimed: ${c.kind}`);
      return {
        deliveryId: c.context.delivery.id,
        attempt: c.attempt,
        owner: `w1/${i}`,
        channel: { id: channelIds[i]!, name: 'Cổng', unitId: room.unitId },
        outcome: { kind: 'published', externalId: `portal-${i}`, url: `https://cong.example/p/${i}` },
        now: recordedAt,
        policy,
        ...(followUps ? { followUps } : {}),
      };
    });
  /** The sweep took the second delivery's lease away (worker presumed dead) before the record. */
  const loseLease = (id: string) => t.db.execute(sql`update deliveries set state = 'unconfirmed', lease_owner = null, lease_until = null where id = ${id}`);

  /** Every row the two paths write, with the ids that must differ (delivery, channel, row ids) replaced by their position. */
  async function rowsOf(ids: string[], channelIds: string[]) {
    const pos = (text: string) => ids.reduce((s, id, i) => s.replaceAll(id, `<d${i}>`), channelIds.reduce((s, id, i) => s.replaceAll(id, `<c${i}>`), text));
    const list = `{${ids.join(',')}}`;
    const read = async (query: ReturnType<typeof sql>) => (await t.db.execute<{ row: unknown }>(query)).map((r) => JSON.parse(pos(JSON.stringify(r.row))) as unknown);
    return {
      deliveries: await read(sql`select to_jsonb(d) - 'id' - 'revision_id' - 'item_id' - 'channel_id' - 'created_at' - 'updated_at' - 'due_at' as row
        from deliveries d where id = any(${list}::uuid[]) order by array_position(${list}::uuid[], id)`),
      attempts: await read(sql`select to_jsonb(a) - 'id' as row from delivery_attempts a where delivery_id = any(${list}::uuid[]) order by array_position(${list}::uuid[], delivery_id), number`),
      audit: await read(sql`select to_jsonb(l) - 'id' - 'at' as row from audit_log l
        where entity_type = 'delivery' and entity_id = any(${`{${ids.join(',')}}`}::text[]) and action = 'delivery.transition'
        order by array_position(${list}::uuid[], entity_id::uuid), data->>'to'`),
      schedules: await read(sql`select to_jsonb(m) as row from metric_schedule m where delivery_id = any(${list}::uuid[]) order by array_position(${list}::uuid[], delivery_id)`),
      // In order of their keys once the ids are replaced (the uuids sort differently in each run).
      jobs: (await read(sql`select jsonb_build_object('task', t.identifier, 'key', j.key, 'payload', j.payload, 'maxAttempts', j.max_attempts, 'queue', j.job_queue_id, 'priority', j.priority,
          'runAt', case when j.key like 'scan:%' then to_char(j.run_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') else 'now' end) as row
        from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where j.key = any(array(select k || ':' || x from unnest(array['publish', 'scan', 'reconcile']) k, unnest(${list}::text[]) x
                                union all select 'metrics:' || x from unnest(${`{${channelIds.join(',')}}`}::text[]) x))
      `)).map((j) => JSON.stringify(j)).sort(),
    };
  }

  // Without follow-ups (a caller that does not know the connector), for a connector without metrics that scans
  // 4 minutes after publishing, and for one with metrics that cannot list copies.
  it.each([
    { label: 'follow-ups left to their jobs', followUps: undefined },
    { label: 'no metrics, scan after 4 min', followUps: { readsMetrics: false, scanAfterMs: 240_000 } },
    { label: 'metrics, no scan', followUps: { readsMetrics: true, scanAfterMs: null } },
  ])('claim and record: one statement each writes the same deliveries, attempt rows, audit rows, schedules and jobs as one transaction each ($label)', async ({ followUps }) => {
    const single = await twoDeliveries();
    const singleClaims: ClaimResult[] = [];
    for (const input of claimInputs(single.ids)) singleClaims.push(await t.db.transaction((tx) => claimDelivery(tx, systemActor, input)));
    await loseLease(single.ids[1]!);
    const singleResults: RecordResult[] = [];
    for (const input of recordInputs(singleClaims, single.channelIds, followUps)) singleResults.push(await t.db.transaction((tx) => recordAttempt(tx, systemActor, input)));

    const batched = await twoDeliveries();
    const batchedClaims = await claimDeliveries(t.db, systemActor, claimInputs(batched.ids));
    await loseLease(batched.ids[1]!);
    const batchedResults = await recordPublishedMany(t.db, systemActor, recordInputs(batchedClaims, batched.channelIds, followUps));

    // The whole claim answer, context included (read by the claiming statement in the batch), with its own ids replaced by their role.
    const shape = (c: ClaimResult) => {
      if (c.kind !== 'claimed') return c;
      const { context, attempt } = c;
      let text = JSON.stringify({
        from: c.from,
        attempt,
        context: {
          ...context,
          delivery: { ...context.delivery, createdAt: null, updatedAt: null, dueAt: null },
          channel: { ...context.channel, name: null, credentialsSealed: null, createdAt: null, updatedAt: null },
        },
      });
      for (const [role, id] of Object.entries({ delivery: context.delivery.id, channel: context.channel.id, revision: context.revision.id, item: context.item.id, slug: context.item.slug, attempt: attempt.id })) {
        text = text.replaceAll(id, `<${role}>`);
      }
      return JSON.parse(text) as unknown;
    };
    expect(batchedClaims.map(shape)).toEqual(singleClaims.map(shape));
    expect(batchedResults).toEqual(singleResults);
    expect(singleResults.map((r) => r.kind)).toEqual(['recorded', 'lost']);
    const want = await rowsOf(single.ids, single.channelIds);
    expect(want.audit).toHaveLength(3);
    // The published delivery's follow-ups, as asked: its metrics schedule and channel job, its scan job and when it runs.
    const readsMetrics = followUps?.readsMetrics ?? true;
    const scanAfterMs = followUps ? followUps.scanAfterMs : 0;
    expect(want.schedules).toHaveLength(readsMetrics ? 1 : 0);
    const jobs = want.jobs.map((j) => JSON.parse(j) as { key: string; runAt: string });
    expect(jobs.filter((j) => j.key === 'metrics:<c0>')).toHaveLength(readsMetrics ? 1 : 0);
    expect(jobs.filter((j) => j.key === 'scan:<d0>').map((j) => j.runAt)).toEqual(
      scanAfterMs === null ? [] : [new Date(recordedAt.getTime() + scanAfterMs).toISOString().slice(0, 23)],
    );
    expect(await rowsOf(batched.ids, batched.channelIds)).toEqual(want);
  });

  it('a delivery the batch may not claim (not yet due, or claimed meanwhile) gets the single path answer', async () => {
    const { ids } = await twoDeliveries();
    await t.db.transaction((tx) => claimDelivery(tx, systemActor, { deliveryId: ids[0]!, owner: 'w0/x', leaseMs: 60_000, now: claimedAt }));
    const results = await claimDeliveries(t.db, systemActor, [
      { deliveryId: ids[0]!, owner: 'w1/0', leaseMs: 60_000, now: claimedAt },
      { deliveryId: ids[1]!, owner: 'w1/1', leaseMs: 60_000, now: new Date(claimedAt.getTime() - 3_600_000) },
    ]);
    expect(results.map((r) => r.kind)).toEqual(['skipped', 'not_yet']);
  });
});
