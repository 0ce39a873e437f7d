import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import { invalid, type AppError, type Messages } from '../../lib/errors.ts';
import { videoTokenProblem } from '../channels/video-token.ts';
import { consentsOfRevision, consentProblem, type ConsentRow } from '../consents/validity.ts';
import { noTargets } from './errors.ts';
import type { RevisionFields } from './input.ts';
import type { ContentItemRow } from './load.ts';
import { mediaFactsOf, mediaNotReady } from './references.ts';
import { renderContentOf, renderTargets, type RenderDeps, type Rendering } from './rendering.ts';
import type { TargetChannel, TargetSummary } from './targets.ts';

/** One reason a revision could not go out as it stands, with the field to fix. */
export interface PublishProblem {
  code: string;
  field: string;
  messages: Messages;
  /** Set when the problem is one channel's (its rendering refused the text). */
  channelId?: string;
}

/** A revision as it would be submitted: saved, or typed and not yet saved (preview). */
export interface PublishCandidate {
  item: Pick<ContentItemRow, 'id' | 'slug' | 'unitId'>;
  rev: RevisionFields & { id: string };
  consents: readonly ConsentRow[];
  targets: readonly TargetChannel[];
}

/**
 * What the checks need to know of the targets: every target listed (submit, previews), or
 * summed up by PostgreSQL with only the samples rendered (approval, `summariseTargets`).
 */
export interface TargetFacts extends Pick<TargetSummary, 'count' | 'firstDisabled' | 'lastPublishAt' | 'platforms' | 'facebookPages'> {
  /** The targets rendered and checked, in target order. */
  rendered: readonly TargetChannel[];
}

export function listedTargets(rev: Pick<RevisionFields, 'publishAt'>, targets: readonly TargetChannel[], now: Date): TargetFacts {
  return {
    count: targets.length,
    firstDisabled: targets.find((t) => t.status === 'disabled') ?? null,
    lastPublishAt: latestPublishTime(rev, targets, now),
    platforms: [...new Set(targets.map((t) => t.platform))],
    facebookPages: targets.filter((t) => t.platform === 'facebook_page'),
    rendered: targets,
  };
}

/**
 * Everything that must hold for a revision to go out, checked at submit and again at
 * approval: targets that can receive it, times that make sense, media uploaded, a text
 * every channel accepts, and a valid consent for each person shown. Returns the
 * renderings of `targets.rendered`, which approval freezes.
 */
export async function checkPublishable(
  q: Queryable,
  deps: RenderDeps,
  item: ContentItemRow,
  rev: RevisionFields & { id: string },
  targets: TargetFacts,
  now: Date,
): Promise<Rendering[]> {
  const consents = await consentsOfRevision(q, rev.id);
  const { problems, renderings } = await factsProblems(q, deps, { item, rev, consents, targets }, now);
  const first = problems[0];
  if (first) throw invalid(first.code, first.field, first.messages);
  return renderings;
}

/**
 * Every problem `checkPublishable` would refuse, in the order it checks them (the first is
 * the one submit answers), and the renderings of each target. The composer shows them all
 * while the text is typed; submit and approval refuse the first.
 */
export async function publishProblems(
  q: Queryable,
  deps: RenderDeps,
  c: PublishCandidate,
  now: Date,
): Promise<{ problems: PublishProblem[]; renderings: Rendering[] }> {
  return factsProblems(q, deps, { ...c, targets: listedTargets(c.rev, c.targets, now) }, now);
}

async function factsProblems(
  q: Queryable,
  deps: RenderDeps,
  c: Omit<PublishCandidate, 'targets'> & { targets: TargetFacts },
  now: Date,
): Promise<{ problems: PublishProblem[]; renderings: Rendering[] }> {
  const { rev, targets } = c;
  const problems: PublishProblem[] = [];
  const add = (code: string, field: string, vi: string, en: string) => problems.push({ code, field, messages: { vi, en } });
  if (targets.count === 0) problems.push(asProblem(noTargets()));
  const disabled = targets.firstDisabled;
  if (disabled) {
    add(
      'TARGET_CHANNEL_DISABLED',
      '/targets',
      `Kênh "${disabled.channelName}" đã bị tắt; bỏ kênh này khỏi danh sách đăng`,
      `The channel "${disabled.channelName}" is disabled; remove it from the targets`,
    );
  }
  const lastPublishAt = targets.lastPublishAt;
  if (rev.expiresAt && rev.expiresAt <= now) {
    add('EXPIRY_IN_PAST', '/expiresAt', 'Thời điểm hết hạn đã qua', 'The expiry time has already passed');
  } else if (rev.expiresAt && lastPublishAt >= rev.expiresAt) {
    add('PUBLISH_AFTER_EXPIRY', '/expiresAt', 'Có kênh được hẹn đăng sau thời điểm hết hạn', 'A target is scheduled after the expiry time');
  }
  const mediaFacts = await mediaFactsOf(q, rev.mediaIds);
  const notReady = mediaNotReady(mediaFacts, rev.mediaIds);
  if (notReady) problems.push(asProblem(notReady));
  if (mediaFacts.some((m) => m.kind === 'video')) problems.push(...(await videoTokenProblems(q, rev, targets.facebookPages, now)));
  problems.push(...consentProblems(c, now, lastPublishAt));
  const renderings = renderTargets(deps.render, await renderContentOf(q, c.item, rev), targets.rendered);
  for (const [i, r] of renderings.entries()) {
    const name = targets.rendered[i]!.channelName;
    for (const p of r.problems) {
      problems.push({
        code: p.code,
        field: p.field,
        channelId: r.channelId,
        messages: { vi: `Kênh "${name}": ${p.message.vi}`, en: `Channel "${name}": ${p.message.en}` },
      });
    }
  }
  return { problems, renderings };
}

/**
 * A video post to a Facebook Page whose stored user token will have expired by the post's due
 * time would fail then with error 190 (core/channels/video-token.ts): said now, on the target.
 */
async function videoTokenProblems(
  q: Queryable,
  rev: Pick<RevisionFields, 'publishAt'>,
  pages: TargetFacts['facebookPages'],
  now: Date,
): Promise<PublishProblem[]> {
  if (pages.length === 0) return [];
  const rows = await q
    .select({ id: channels.id, expiresAt: channels.credentialsExpiresAt })
    .from(channels)
    .where(inArray(channels.id, pages.map((p) => p.channelId)));
  const expiry = new Map(rows.map((r) => [r.id, r.expiresAt]));
  return pages.flatMap((page) => {
    const messages = videoTokenProblem(page.channelName, expiry.get(page.channelId) ?? null, latestPublishTime(rev, [page], now));
    return messages ? [{ code: 'FB_VIDEO_TOKEN_EXPIRES', field: '/targets', channelId: page.channelId, messages }] : [];
  });
}

export const asProblem = (e: AppError): PublishProblem => ({ code: e.code, field: e.field ?? '', messages: e.messages });

/** When the last target goes out: its own time, else the revision's, never before now. */
export function latestPublishTime(rev: Pick<RevisionFields, 'publishAt'>, targets: readonly Pick<TargetChannel, 'publishAt'>[], now: Date): Date {
  let last = now.getTime();
  for (const t of targets) last = Math.max(last, (t.publishAt ?? rev.publishAt ?? now).getTime());
  return new Date(last);
}

function consentProblems(c: Pick<PublishCandidate, 'rev' | 'consents'> & { targets: TargetFacts }, now: Date, lastPublishAt: Date): PublishProblem[] {
  if (c.rev.theme === 'testimony' && c.consents.length === 0) {
    return [
      {
        code: 'CONSENT_REQUIRED',
        field: '/consentIds',
        messages: {
          vi: 'Bài tự bạch/gương điển hình phải kèm bản đồng ý của từng người xuất hiện trong bài',
          en: 'A testimony needs the recorded consent of each person it shows',
        },
      },
    ];
  }
  return c.consents.flatMap((consent) => {
    const problem = consentProblem(consent, { now, lastPublishAt, platforms: c.targets.platforms });
    return problem ? [{ code: problem.code, field: '/consentIds', messages: problem.messages }] : [];
  });
}
