import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { releaseHeldCorrections } from '../corrections/release.ts';
import { enqueuePublishMany } from './jobs.ts';

/**
 * A held delivery waits in `scheduled` with NO publish job, its reason in `hold_reason`
 * (shown to people) and the hold's code in `last_error_code`. Whatever lifts the hold
 * (lifting the freeze, resuming or reconnecting the channel) calls `releaseHeldDeliveries`
 * in its own transaction, which re-enqueues them at once; the sweep re-enqueues any held
 * row whose condition has cleared by a path that did not (a safety net, within a minute).
 */
export const holdCodes = {
  frozen: 'HELD_FROZEN',
  paused: 'HELD_CHANNEL_PAUSED',
  notConnected: 'HELD_CHANNEL_NOT_CONNECTED',
} as const;
export type HoldCode = (typeof holdCodes)[keyof typeof holdCodes];

export function isHoldCode(code: string | null): code is HoldCode {
  return code !== null && (Object.values(holdCodes) as string[]).includes(code);
}

export const holdMessages = {
  frozen: (reason: string | null) => `Toàn hệ thống đang tạm dừng đăng bài${reason ? `: ${reason}` : ''}`,
  paused: (reason: string | null) => `Kênh đang tạm dừng${reason ? `: ${reason}` : ''}`,
  // Credentials refused or expired, or the endpoint gone (a webhook 410): the notification says which.
  needsReconnect: () => 'Kênh cần kết nối lại (thông tin xác thực hoặc địa chỉ nhận bài không còn dùng được); bài sẽ đăng sau khi kết nối lại',
  disabled: () => 'Kênh đã bị vô hiệu hoá; bài sẽ đăng khi kênh hoạt động lại',
};

/**
 * Clears the hold of every `scheduled` delivery held under one of `codes` (optionally of
 * one channel) and enqueues it at its time (now, when that has passed); corrections of
 * published posts held the same way get a job now too (core/corrections/release.ts). Set-based, so
 * lifting a freeze over thousands of deliveries stays a few statements. The state does not
 * change (it stays `scheduled`), so this is not a transition; it is still audited.
 */
export async function releaseHeldDeliveries(
  q: Queryable,
  actor: Actor,
  filter: { codes: readonly HoldCode[]; channelId?: string },
): Promise<number> {
  await releaseHeldCorrections(q, filter, new Date());
  const channelFilter = filter.channelId ? sql`and channel_id = ${filter.channelId}` : sql``;
  const released = await q.execute<{ id: string; code: string }>(sql`
    with held as (
      select id, last_error_code as code from deliveries
      where state = 'scheduled' and last_error_code in (${sql.join(filter.codes.map((c) => sql`${c}`), sql`, `)}) ${channelFilter}
      for update
    )
    update deliveries d set hold_reason = null, last_error_code = null, updated_at = now()
    from held where d.id = held.id
    returning d.id, held.code`);
  if (released.length === 0) return 0;
  const ids = released.map((r) => r.id);
  await q.execute(sql`
    insert into audit_log (actor_id, actor_kind, action, entity_type, entity_id, data, ip)
    select ${actor.userId}::uuid, ${actor.kind}, 'delivery.release', 'delivery', r.id, jsonb_build_object('hold', r.code), ${actor.ip ?? null}
    from jsonb_to_recordset(${JSON.stringify(released)}::jsonb) as r(id text, code text)`);
  await enqueuePublishMany(q, ids);
  return ids.length;
}
