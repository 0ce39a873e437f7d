import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import type { ChannelRef } from './channel-state.ts';

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
    action: removed ? 'delivery.duplicate_taken_down' : 'delivery.duplicate_found',
    entityType: 'delivery',
    entityId: deliveryId,
    unitId: channel.unitId,
    data: { kept, duplicate: duplicate.externalId, url: duplicate.url, ...(input.error ? { error: input.error } : {}) },
  });
  await notifyUnitRoles(q, channel.unitId, ['admin', 'editor'], {
    kind: 'duplicate',
    title: removed ? `Đã gỡ một bản đăng trùng trên kênh "${channel.name}"` : `Có bản đăng trùng trên kênh "${channel.name}"`,
    body: removed
      ? `Loa tìm thấy bản thứ hai của bài (mã ${duplicate.externalId}) và đã gỡ nó; bản được giữ: ${kept}.`
      : `Loa tìm thấy bản thứ hai của bài (mã ${duplicate.externalId}) nhưng không gỡ được (${input.error ?? 'nền tảng từ chối'}); hãy gỡ tay, giữ bản ${kept}.`,
    data: { deliveryId, channelId: channel.id, duplicate: duplicate.externalId, kept },
  });
}
