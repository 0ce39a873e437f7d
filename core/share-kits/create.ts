import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels, contentItems, deliveries, revisionTargets, revisions } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { type Renderer, renderContentOf, renderTargets } from '../content/rendering.ts';
import { enqueuePublishMany } from '../deliveries/jobs.ts';
import { assertAllowedOnUnit } from '../org/access.ts';

export interface NewKits {
  /** Recipients: channels of platform `share_kit`. */
  channelIds: string[];
  /** When the recipient should have shared it by; null: the recipient channel's own deadline (`deadlineHours`). */
  deadlineAt: Date | null;
}

/**
 * Kits of an approved item for more recipients, after approval: the kit carries the approved
 * text unchanged (nothing new to approve), so handing it to one more KOL is a delivery
 * manager's decision on the recipient's unit, like a push to a group. One delivery per
 * recipient, due now; the worker opens it (its tracked link, `awaiting_officer`) at once, with
 * the deadline given here or the channel's. The new recipients' renderings of the approved
 * text are frozen into the revision beside those frozen at approval, so what they get is
 * exactly what was approved. A recipient who already has the revision's kit is skipped.
 * Answers the new kits' delivery ids.
 */
export async function createItemKits(db: Db, render: Renderer, actor: Actor, itemId: string, input: NewKits, now: Date): Promise<string[]> {
  if (input.deadlineAt && input.deadlineAt.getTime() <= now.getTime()) {
    throw invalid('KIT_DEADLINE_PAST', '/deadlineAt', { vi: 'Hạn chia sẻ phải ở sau thời điểm hiện tại', en: 'The deadline must be in the future' });
  }
  return db.transaction(async (tx) => {
    const [revision] = await tx
      .select()
      .from(revisions)
      .where(and(eq(revisions.itemId, itemId), eq(revisions.state, 'approved')))
      .orderBy(desc(revisions.number))
      .limit(1)
      .for('update');
    if (!revision) {
      throw conflict('KIT_ITEM_NOT_APPROVED', { vi: 'Bài chưa được duyệt: chỉ bài đã duyệt mới gửi được bộ chia sẻ', en: 'Only an approved item can be sent as share kits' });
    }
    const recipients = await tx.select({ id: channels.id, unitId: channels.unitId, platform: channels.platform }).from(channels).where(inArray(channels.id, input.channelIds));
    if (recipients.length !== new Set(input.channelIds).size || recipients.some((r) => r.platform !== 'share_kit')) {
      throw invalid('KIT_RECIPIENT_INVALID', '/channelIds', {
        vi: 'Người nhận phải là kênh loại "Bộ chia sẻ" (KOL, nhóm lớn, người có uy tín)',
        en: 'Recipients must be share-kit channels (KOLs, large groups, trusted people)',
      });
    }
    for (const unitId of new Set(recipients.map((r) => r.unitId))) await assertAllowedOnUnit(tx, actor, 'delivery.manage', unitId, '/channelIds');
    const [item] = await tx.select({ id: contentItems.id, slug: contentItems.slug, unitId: contentItems.unitId }).from(contentItems).where(eq(contentItems.id, itemId));
    const frozen = { ...(revision.frozenRenderings ?? {}) };
    // A target's rendering was frozen at approval even where the map holds only its platform's (core/content/frozen.ts).
    const targeted = new Set(
      (
        await tx
          .select({ id: revisionTargets.channelId })
          .from(revisionTargets)
          .where(and(eq(revisionTargets.revisionId, revision.id), inArray(revisionTargets.channelId, input.channelIds)))
      ).map((t) => t.id),
    );
    const fresh = recipients.filter((r) => !(r.id in frozen) && !targeted.has(r.id));
    if (fresh.length) {
      const content = await renderContentOf(tx, item!, revision);
      for (const r of renderTargets(render, content, fresh.map((c) => ({ channelId: c.id, platform: 'share_kit' as const })))) frozen[r.channelId] = r;
      await tx.update(revisions).set({ frozenRenderings: frozen }).where(eq(revisions.id, revision.id));
    }
    const created = await tx
      .insert(deliveries)
      .values(recipients.map((r) => ({ revisionId: revision.id, itemId, channelId: r.id, state: 'scheduled' as const, dueAt: now, deadlineAt: input.deadlineAt })))
      .onConflictDoNothing()
      .returning({ id: deliveries.id, channelId: deliveries.channelId });
    for (const d of created) {
      const unitId = recipients.find((r) => r.id === d.channelId)!.unitId;
      await audit(tx, actor, { action: 'share_kit.create', entityType: 'delivery', entityId: d.id, unitId, data: { itemId, channelId: d.channelId, deadlineAt: input.deadlineAt } });
    }
    await enqueuePublishMany(
      tx,
      created.map((d) => d.id),
    );
    return created.map((d) => d.id);
  });
}
