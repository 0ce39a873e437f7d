import { sql } from 'drizzle-orm';
import { systemActor } from '../../core/actor.ts';
import { correctionsOf } from '../../connectors/registry.ts';
import { approveItem } from '../../core/content/approve.ts';
import { loadCaller } from '../../core/content/permissions.ts';
import { loadDeliveryContext } from '../../core/deliveries/context.ts';
import { createDeliveriesForRevision } from '../../core/deliveries/create.ts';
import type { Db } from '../../db/client.ts';
import { renderForChannel } from '../../templates/render.ts';
import { approveSingleTargetItems, insertFanOutRevision, pgArray, SITE_URL, type Newsroom } from './fixtures.ts';
import { percentile, timeMs } from './harness.ts';
import { ms, type Row } from './table.ts';

/** Times the one-statement baseline of the same run (issue #13: a ratio, since the machine's load moves both). */
const TARGET_RATIO = 3;
const FAR_FUTURE_MS = 30 * 24 * 3600_000;

/** Alternating rounds of baseline, approveItem and createDeliveriesForRevision; the best of each side is reported. */
const ROUNDS = 3;

/**
 * (c) One item approved to every channel in `channelIds` (10,000): time until its
 * deliveries, audit rows and jobs are committed. Measured through core's approveItem (the
 * route's transaction: checks, rendering frozen per channel, supersede, deliveries) and
 * through createDeliveriesForRevision alone, against the floor: as many plain rows and
 * jobs of the same shape (job key, run time) written by one statement.
 * The process is warmed first by one approval of another item (a running server is warm),
 * then the three are timed in ROUNDS alternating rounds, so a burst of load from elsewhere
 * hits one round, not one side; the best of each is reported, with every round's ratio.
 * One approval's and one direct fan-out's deliveries stay queued (due in 30 days) for the
 * lateness benchmark; the warm-up's and the other rounds' are removed, so later figures see
 * the same queue as with one round.
 */
export async function benchApproval(db: Db, room: Newsroom, channelIds: string[]): Promise<Row[]> {
  const n = channelIds.length;
  const publishAt = new Date(Date.now() + FAR_FUTURE_MS);
  const caller = await loadCaller(db, { kind: 'user', userId: room.approverId });
  const render = { corrections: correctionsOf, render: (content: Parameters<typeof renderForChannel>[0], channel: { id: string; platform: Parameters<typeof renderForChannel>[1]['platform'] }) => renderForChannel(content, channel, SITE_URL) };
  const approve = async () => {
    const review = await insertFanOutRevision(db, room, { channelIds, publishAt, state: 'in_review' });
    const t = await timeMs(() => db.transaction((tx) => approveItem(tx, render, caller, review.itemId, { comment: 'Đồng ý đăng' }, new Date())));
    await expectQueued(db, review.revisionId, n, 'approveItem');
    return { ms: t.ms, revisionId: review.revisionId };
  };
  const create = async () => {
    const direct = await insertFanOutRevision(db, room, { channelIds, publishAt, state: 'approved' });
    const t = await timeMs(() => db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, direct.revisionId, new Date())));
    await expectQueued(db, direct.revisionId, n, 'createDeliveriesForRevision');
    return { ms: t.ms, revisionId: direct.revisionId };
  };

  const extra = [(await approve()).revisionId];
  const rounds: { baseline: number; approved: number; created: number }[] = [];
  let kept: { approved: string; created: string } | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const baseline = await plainRowsAndJobs(db, channelIds, publishAt);
    const approved = await approve();
    const created = await create();
    rounds.push({ baseline, approved: approved.ms, created: created.ms });
    if (kept) extra.push(approved.revisionId, created.revisionId);
    else kept = { approved: approved.revisionId, created: created.revisionId };
  }
  await removeDeliveries(db, extra);

  const [fanned] = await db.execute<{ id: string }>(sql`select id from deliveries where revision_id = ${kept!.approved} limit 1`);
  const [single] = await db.transaction((tx) => approveSingleTargetItems(tx, room, { channelIds: [channelIds[0]!], dueAts: [publishAt], platform: 'webhook' }));
  const contextMs = await medianLoadMs(db, fanned!.id);
  const singleMs = await medianLoadMs(db, single!);

  const best = (pick: (r: (typeof rounds)[number]) => number) => Math.min(...rounds.map(pick));
  const baseline = best((r) => r.baseline);
  const label = n.toLocaleString('en-US');
  const base = `${ms(baseline)} (${label} rows + add_jobs, 1 statement; best of ${ROUNDS})`;
  const ratio = (pick: (r: (typeof rounds)[number]) => number) =>
    `${ms(best(pick))} (${(best(pick) / baseline).toFixed(1)}×; best of ${ROUNDS} alternating rounds, each round ${rounds.map((r) => (pick(r) / r.baseline).toFixed(1)).join(', ')}×)`;
  return [
    { figure: `(c) approve 1 item → ${label} channels (approveItem)`, measured: ratio((r) => r.approved), baseline: base, target: `≤ ${TARGET_RATIO}× baseline`, ok: best((r) => r.approved) <= TARGET_RATIO * baseline },
    { figure: `(c) … deliveries + jobs only (createDeliveriesForRevision)`, measured: ratio((r) => r.created), baseline: base, target: `≤ ${TARGET_RATIO}× baseline`, ok: best((r) => r.created) <= TARGET_RATIO * baseline },
    { figure: `(c) … then loading one of its deliveries (claim/record context)`, measured: ms(contextMs), baseline: `${ms(singleMs)} (1-channel item)`, target: '—', ok: null },
  ];
}

/** Removes the deliveries (with their attempts) and publish jobs of `revisionIds`: the warm-up's and the extra rounds'. */
async function removeDeliveries(db: Db, revisionIds: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      delete from graphile_worker._private_jobs where key in (
        select 'publish:' || id::text from deliveries where revision_id = any(${pgArray([...revisionIds])}::uuid[]))`);
    await tx.execute(sql`delete from deliveries where revision_id = any(${pgArray([...revisionIds])}::uuid[])`);
  });
}

/** Median time of loadDeliveryContext, which the claim and the record transaction each run once per attempt. */
async function medianLoadMs(db: Db, deliveryId: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await timeMs(() => loadDeliveryContext(db, deliveryId))).ms);
  return percentile(times, 50);
}

/** The floor: rows and jobs shaped like deliveries' (job key, run time, max attempts), one statement, then removed. */
async function plainRowsAndJobs(db: Db, channelIds: string[], runAt: Date): Promise<number> {
  await db.execute(sql`create table bench_plain_rows (id uuid primary key default gen_random_uuid(), channel_id uuid not null, due_at timestamptz not null)`);
  try {
    const { ms: elapsed } = await timeMs(() =>
      db.execute(sql`
        with made as (
          insert into bench_plain_rows (channel_id, due_at)
          select c, ${runAt.toISOString()}::timestamptz from unnest(${pgArray(channelIds)}::uuid[]) c
          returning id, due_at
        )
        select count(*) from graphile_worker.add_jobs(array(
          select row('bench_plain', json_build_object('id', id::text), null, due_at, 5, 'plain:' || id::text, 0, null)::graphile_worker.job_spec
          from made
        ))`),
    );
    const [jobs] = await db.execute<{ n: number }>(sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'bench_plain'`);
    if (jobs!.n !== channelIds.length) throw new Error(`baseline made ${jobs!.n} jobs, expected ${channelIds.length}`);
    return elapsed;
  } finally {
    await db.execute(sql`delete from graphile_worker._private_jobs where task_id in (select id from graphile_worker._private_tasks where identifier = 'bench_plain')`);
    await db.execute(sql`drop table bench_plain_rows`);
  }
}

async function expectQueued(db: Db, revisionId: string, n: number, label: string): Promise<void> {
  const [row] = await db.execute<{ deliveries: number; jobs: number }>(sql`
    select count(*)::int as deliveries,
           count(*) filter (where exists (select 1 from graphile_worker._private_jobs j where j.key = 'publish:' || d.id::text))::int as jobs
    from deliveries d where d.revision_id = ${revisionId}`);
  if (row!.deliveries !== n || row!.jobs !== n) throw new Error(`${label}: ${row!.deliveries} deliveries and ${row!.jobs} jobs, expected ${n}`);
}
