import type { Queryable } from '../../db/client.ts';
import { invalid } from '../../lib/errors.ts';
import { consentsOfRevision, consentProblem } from '../consents/validity.ts';
import { noTargets } from './errors.ts';
import type { ContentItemRow, RevisionRow } from './load.ts';
import { checkMediaReady } from './references.ts';
import { assertRenderable, renderContentOf, renderTargets, type RenderDeps, type Rendering } from './rendering.ts';
import type { TargetChannel } from './targets.ts';

/**
 * Everything that must hold for a revision to go out, checked at submit and again at
 * approval: targets that can receive it, times that make sense, media uploaded, a text
 * every channel accepts, and a valid consent for each person shown. Returns the
 * renderings, which approval freezes.
 */
export async function checkPublishable(
  q: Queryable,
  deps: RenderDeps,
  item: ContentItemRow,
  rev: RevisionRow,
  targets: readonly TargetChannel[],
  now: Date,
): Promise<Rendering[]> {
  if (targets.length === 0) throw noTargets();
  const disabled = targets.find((t) => t.status === 'disabled');
  if (disabled) {
    throw invalid('TARGET_CHANNEL_DISABLED', '/targets', {
      vi: `Kênh "${disabled.channelName}" đã bị tắt; bỏ kênh này khỏi danh sách đăng`,
      en: `The channel "${disabled.channelName}" is disabled; remove it from the targets`,
    });
  }
  if (rev.expiresAt && rev.expiresAt <= now) {
    throw invalid('EXPIRY_IN_PAST', '/expiresAt', { vi: 'Thời điểm hết hạn đã qua', en: 'The expiry time has already passed' });
  }
  const lastPublishAt = latestPublishTime(rev, targets, now);
  if (rev.expiresAt && lastPublishAt >= rev.expiresAt) {
    throw invalid('PUBLISH_AFTER_EXPIRY', '/expiresAt', {
      vi: 'Có kênh được hẹn đăng sau thời điểm hết hạn',
      en: 'A target is scheduled after the expiry time',
    });
  }
  await checkMediaReady(q, rev.mediaIds);
  await assertConsents(q, rev, targets, now, lastPublishAt);
  const content = await renderContentOf(q, item, rev);
  const renderings = renderTargets(deps.render, content, targets);
  assertRenderable(renderings, targets);
  return renderings;
}

/** When the last target goes out: its own time, else the revision's, never before now. */
export function latestPublishTime(rev: RevisionRow, targets: readonly TargetChannel[], now: Date): Date {
  let last = now.getTime();
  for (const t of targets) last = Math.max(last, (t.publishAt ?? rev.publishAt ?? now).getTime());
  return new Date(last);
}

async function assertConsents(q: Queryable, rev: RevisionRow, targets: readonly TargetChannel[], now: Date, lastPublishAt: Date): Promise<void> {
  const linked = await consentsOfRevision(q, rev.id);
  if (rev.theme === 'testimony' && linked.length === 0) {
    throw invalid('CONSENT_REQUIRED', '/consentIds', {
      vi: 'Bài tự bạch/gương điển hình phải kèm bản đồng ý của từng người xuất hiện trong bài',
      en: 'A testimony needs the recorded consent of each person it shows',
    });
  }
  const platforms = [...new Set(targets.map((t) => t.platform))];
  for (const c of linked) {
    const problem = consentProblem(c, { now, lastPublishAt, platforms });
    if (problem) throw invalid(problem.code, '/consentIds', problem.messages);
  }
}
