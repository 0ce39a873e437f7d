import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { enqueuePublishMany, toUuidArray } from './jobs.ts';

/**
 * Approval creates the deliveries: one per (approved revision, target channel), due at
 * the target's time (or the revision's, or now), each with its publish job and an audit
 * row — all in set-based statements inside the approval's transaction, so approving one
 * item to 10,000 channels stays a handful of queries. `exceptChannelIds`: targets whose
 * published post is corrected in place instead (core/corrections).
 */
export async function createDeliveriesForRevision(tx: Queryable, actor: Actor, revisionId: string, now: Date, exceptChannelIds: readonly string[] = []): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into deliveries (revision_id, item_id, channel_id, state, due_at)
    select r.id, r.item_id, t.channel_id, 'scheduled',
           greatest(coalesce(t.publish_at, r.publish_at, ${now.toISOString()}::timestamptz), ${now.toISOString()}::timestamptz)
    from revisions r join revision_targets t on t.revision_id = r.id
    where r.id = ${revisionId} and not (t.channel_id = any(${toUuidArray(exceptChannelIds)}::uuid[]))
    on conflict (revision_id, channel_id) do nothing
    returning id`);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return ids;
  await tx.execute(sql`
    insert into audit_log (actor_id, actor_kind, action, entity_type, entity_id, data, ip)
    select ${actor.userId}::uuid, ${actor.kind}, 'delivery.create', 'delivery', d.id::text,
           jsonb_build_object('to', 'scheduled', 'revisionId', d.revision_id, 'channelId', d.channel_id, 'dueAt', d.due_at),
           ${actor.ip ?? null}
    from deliveries d where d.revision_id = ${revisionId}`);
  await enqueuePublishMany(tx, ids);
  return ids;
}
