import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { correctionsOf } from '../connectors/registry.ts';
import { approveItem } from '../core/content/approve.ts';
import { loadCaller } from '../core/content/permissions.ts';
import type { Db } from '../db/client.ts';
import { contentItems, revisionTargets, revisions } from '../db/schema/index.ts';
import { renderForChannel } from '../templates/render.ts';

export interface RevisionSpec {
  title: string;
  body: string;
  mediaIds?: string[];
  hashtags?: string[];
}

/**
 * An item approved through core's approveItem (the path the approval API takes), one
 * revision after another: each revision is put in review by the author and approved by the
 * unit's admin, so a second call exercises what approving a correction does.
 */
/** What approveItem takes from the layers above core, as the approval API wires it: the templates and each platform's correction policy. */
export function approvalDeps(publicUrl: string) {
  return { render: (content: Parameters<typeof renderForChannel>[0], channel: Parameters<typeof renderForChannel>[1]) => renderForChannel(content, channel, publicUrl), corrections: correctionsOf };
}

export function createCorrectionItems(db: Db, o: { unitId: string; authorId: string; adminId: string; publicUrl?: string }) {
  const deps = approvalDeps(o.publicUrl ?? 'http://localhost:3000');

  async function submitRevision(itemId: string, number: number, spec: RevisionSpec, channelIds: string[]) {
    const [rev] = await db
      .insert(revisions)
      .values({
        itemId,
        number,
        state: 'in_review',
        authorId: o.authorId,
        contributorIds: [o.authorId],
        title: spec.title,
        summary: 'Câu chuyện tái hòa nhập cộng đồng ở Sơn La',
        body: spec.body,
        theme: 'guidance',
        hashtags: spec.hashtags ?? ['#TaiHoaNhap'],
        mediaIds: spec.mediaIds ?? [],
        publishAt: new Date(),
      })
      .returning();
    await db.insert(revisionTargets).values(channelIds.map((channelId) => ({ revisionId: rev!.id, channelId })));
    await db.update(contentItems).set({ latestRevisionId: rev!.id }).where(eq(contentItems.id, itemId));
    return rev!;
  }

  async function approveRevision(itemId: string, number: number, spec: RevisionSpec, channelIds: string[]) {
    await submitRevision(itemId, number, spec, channelIds);
    const caller = await loadCaller(db, { kind: 'user', userId: o.adminId });
    return db.transaction((tx) => approveItem(tx, deps, caller, itemId, { comment: 'Đồng ý' }, new Date()));
  }

  return {
    async first(spec: RevisionSpec, channelIds: string[]) {
      const [item] = await db.insert(contentItems).values({ unitId: o.unitId, createdBy: o.authorId, slug: `bai-${randomBytes(4).toString('hex')}` }).returning();
      const approved = await approveRevision(item!.id, 1, spec, channelIds);
      return { itemId: item!.id, ...approved };
    },
    next: (itemId: string, number: number, spec: RevisionSpec, channelIds: string[]) => approveRevision(itemId, number, spec, channelIds),
    /** Puts a newer revision in review without deciding on it (what the approver then opens). */
    submit: submitRevision,
  };
}
