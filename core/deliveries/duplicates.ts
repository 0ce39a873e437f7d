import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import type { ChannelRef } from './channel-state.ts';

const TAKEN_DOWN = 'delivery.duplicate_taken_down';
const FOUND = 'delivery.duplicate_found';

/**
 * Second copies of this delivery already reported (taken down or left for a person): a scan
 * retried after a failure part-way, or a copy YouTube keeps as private, is not reported twice.
 */
export async function reportedDuplicates(q: Queryable, deliveryId: string): Promise<Set<string>> {
  const rows = await q
    .select({ duplicate: sql<string>`${auditLog.data}->>'duplicate'` })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'delivery'), eq(auditLog.entityId, deliveryId), inArray(auditLog.action, [TAKEN_DOWN, FOUND])));
  return new Set(rows.map((r) => r.duplicate));
}

/**
 * What the last-net scan found: a second object on the platform carrying a published
 * delivery's marker. Taken down by the connector (`removed`), or left for a person when the
 * platform refused; audited either way, and admins/editors are told.
 */
export async function recordDuplicate(
  q: Queryable,
  actor: Actor,
  input: { deliveryId: string; channel: ChannelRef; kept: string; duplicate: { externalId: string; url: string | null }; removed: boolean; error?: string },
): Promise<void> {
  const { deliveryId, channel, kept, duplicate, removed } = input;
  await audit(q, actor, {
    action: removed ? TAKEN_DOWN : FOUND,
    entityType: 'delivery',
    entityId: deliveryId,
    unitId: channel.unitId,
    data: { kept, duplicate: duplicate.externalId, url: duplicate.url, ...(input.error ? { error: input.error } : {}) },
  });
  await notifyUnitRoles(q, channel.unitId, ['admin', 'editor'], {
    kind: 'duplicate',
    title: removed
      ? { vi: `Đã gỡ một bản đăng trùng trên kênh "${channel.name}"`, en: `A duplicate post was taken down on channel "${channel.name}"` }
      : { vi: `Có bản đăng trùng trên kênh "${channel.name}"`, en: `Duplicate post on channel "${channel.name}"` },
    body: removed
      ? {
          vi: `Loa tìm thấy bản thứ hai của bài (mã ${duplicate.externalId}) và đã gỡ nó; bản được giữ: ${kept}.`,
          en: `Loa found a second copy of the post (id ${duplicate.externalId}) and took it down; the copy kept: ${kept}.`,
        }
      : {
          vi: `Loa tìm thấy bản thứ hai của bài (mã ${duplicate.externalId}) nhưng không gỡ được (${input.error ?? 'nền tảng từ chối'}); hãy gỡ tay, giữ bản ${kept}.`,
          en: `Loa found a second copy of the post (id ${duplicate.externalId}) but could not take it down (${input.error ?? 'the platform refused'}); take it down by hand and keep ${kept}.`,
        },
    data: { deliveryId, channelId: channel.id, duplicate: duplicate.externalId, kept },
  });
}
