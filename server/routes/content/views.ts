import type { ItemSummary, RevisionDetail } from '../../../core/content/queries.ts';
import type { TargetChannel } from '../../../core/content/targets.ts';
import type { RevisionInput, TargetInput } from '../../../core/content/input.ts';
import type { PatchBody } from './schemas.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** ISO strings from the API become Dates for core; `null` clears, absent leaves as is. */
export function toDate(s: string | null | undefined): Date | null | undefined {
  return s === undefined || s === null ? s : new Date(s);
}

export function toRevisionInput(body: PatchBody): RevisionInput {
  const { publishAt, expiresAt, targets, ...rest } = body;
  const input: RevisionInput = { ...rest };
  if (publishAt !== undefined) input.publishAt = toDate(publishAt)!;
  if (expiresAt !== undefined) input.expiresAt = toDate(expiresAt)!;
  if (targets !== undefined) {
    input.targets = targets.map((t): TargetInput => ({ channelId: t.channelId, channelSetId: t.channelSetId, publishAt: toDate(t.publishAt) }));
  }
  return input;
}

export function itemSummaryView(s: ItemSummary) {
  return {
    id: s.item.id,
    slug: s.item.slug,
    unitId: s.item.unitId,
    unitName: s.unitName,
    createdBy: s.item.createdBy,
    createdAt: s.item.createdAt.toISOString(),
    revision: s.revision,
    state: s.state,
    title: s.title,
    theme: s.theme,
    authorId: s.authorId,
    publishAt: iso(s.publishAt),
    submittedAt: iso(s.submittedAt),
    approvedRevision: s.approvedRevision,
  };
}

export function revisionView(r: RevisionDetail) {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    authorId: r.authorId,
    contributorIds: r.contributorIds,
    title: r.title,
    summary: r.summary,
    body: r.body,
    question: r.question,
    theme: r.theme,
    links: r.links,
    mediaIds: r.mediaIds,
    hashtags: r.hashtags,
    overrides: r.overrides,
    publishAt: iso(r.publishAt),
    expiresAt: iso(r.expiresAt),
    consentIds: r.consentIds,
    templateVersion: r.templateVersion,
    submittedAt: iso(r.submittedAt),
    decidedAt: iso(r.decidedAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export function targetView(t: TargetChannel) {
  return { ...t, publishAt: iso(t.publishAt) };
}
