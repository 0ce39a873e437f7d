import type { ZaloErrorClass } from '../../lib/config.ts';
import { deferralReason } from '../deferral-reason.ts';
import { ConnectorError, Deferral, type ExternalRef, type MediaRef, type PublishContext, type Published, type RenderedPost } from '../contract.ts';
import { articlePayload, createArticle, updateArticle, verifyArticle, type Cover } from './article.ts';
import { createZaloClient, str, type ZaloClient } from './client.ts';
import { broadcastArticle, sendGroupMessage } from './messages.ts';
import { checkSendWindow, reserveBroadcast, type BroadcastLedger } from './rules.ts';
import { parseZaloCredentials, parseZaloSettings, type ZaloCredentials, type ZaloSettings } from './settings.ts';

/** Keys of `deliveries.progress`: each step's platform id, saved before the next step starts. */
export const STEP = {
  /** Set just before the create call: with no token after it, a create may have gone through. */
  createStarted: 'articleCreateStartedAt',
  token: 'articleToken',
  articleId: 'articleId',
  articleUrl: 'articleUrl',
  verifyChecks: 'verifyChecks',
  /** This delivery's place in the OA's broadcast ledger (null once released). */
  broadcastReserved: 'broadcastReservedAt',
  broadcastId: 'broadcastMessageId',
  /** The group being messaged: with no message id for it, that message may have gone out. */
  groupSending: 'groupSendingId',
  groups: 'groupMessageIds',
} as const;

export interface ZaloDeps {
  /** Counts and reserves broadcasts per channel (the worker's, over Postgres). */
  broadcasts?: BroadcastLedger;
  errorOverrides: Readonly<Record<string, ZaloErrorClass>>;
  /** Public URL of a media file: the article cover (`cover.photo_url`). */
  mediaUrl?: (mediaId: string) => string | null;
}

export interface OaCall {
  client: ZaloClient;
  settings: ZaloSettings;
  credentials: ZaloCredentials;
}

/** Verify keeps answering "being processed" at most this many times before its error stands. */
const MAX_VERIFY_CHECKS = 24;

export function oaCall(ctx: PublishContext, deps: Pick<ZaloDeps, 'errorOverrides'>): OaCall {
  const settings = parseZaloSettings(ctx.channel.settings);
  const credentials = parseZaloCredentials(ctx.credentials, { requireTokens: true });
  const client = createZaloClient({
    http: ctx.http,
    location: settings,
    accessToken: credentials.accessToken,
    tokenIssuedAt: credentials.accessTokenIssuedAt,
    window: settings.sendWindow,
    overrides: deps.errorOverrides,
    signal: ctx.signal,
    log: ctx.log,
    now: ctx.now,
  });
  return { client, settings, credentials };
}

type Save = (patch: Record<string, unknown>) => Promise<void>;

/**
 * The article cover by URL (§3.6 `cover.photo_url`): the item's first image as the campaign
 * site serves it, else the channel's `defaultCoverUrl`. Nothing is uploaded to Zalo for it, so
 * no attachment id is saved and a retry cannot reuse one Zalo refused.
 */
function coverOf(post: RenderedPost, z: OaCall, deps: ZaloDeps): Cover {
  const image: MediaRef | undefined = post.media.find((m) => m.kind === 'image');
  const url = image ? deps.mediaUrl?.(image.id) : z.settings.defaultCoverUrl;
  if (url) return { url };
  throw new ConnectorError({
    kind: 'permanent',
    code: image ? 'ZALO_COVER_NO_PUBLIC_URL' : 'ZALO_COVER_MISSING',
    sideEffectPossible: false,
    message: image
      ? {
          vi: 'Zalo lấy ảnh bìa qua địa chỉ công khai, nhưng tiến trình này không có địa chỉ công khai cho ảnh (LOA_PUBLIC_URL)',
          en: 'Zalo fetches the cover from a public URL, but this process has no public URL for the image (LOA_PUBLIC_URL)',
        }
      : {
          vi: 'Bài viết Zalo OA cần ảnh bìa: hãy đính kèm ít nhất một ảnh, hoặc đặt defaultCoverUrl cho kênh',
          en: 'A Zalo OA article needs a cover: attach at least one image, or set the channel defaultCoverUrl',
        },
  });
}

/** "Being processed" (-320) and any other transient answer of verify count as not ready yet. */
function notReady(err: unknown): boolean {
  return err instanceof ConnectorError && err.kind === 'transient' && (err.platformCode !== undefined || err.code === 'ZALO_ANSWER_UNEXPECTED');
}

async function articleStep(post: RenderedPost, ctx: PublishContext, z: OaCall, deps: ZaloDeps, progress: Record<string, unknown>, save: Save): Promise<string> {
  const done = str(progress, STEP.articleId);
  if (done) return done;
  let token = str(progress, STEP.token);
  if (!token) {
    // A create whose answer was lost never comes back here unsettled: the delivery went to
    // reconcile, which adopted the article (saving its id) or proved it absent after the settle time.
    const cover = coverOf(post, z, deps);
    await save({ [STEP.createStarted]: ctx.now().toISOString() });
    token = await createArticle(z.client, articlePayload(post, z.settings, cover));
    await save({ [STEP.token]: token });
  }
  try {
    const article = await verifyArticle(z.client, token);
    await save({ [STEP.articleId]: article.id, [STEP.articleUrl]: article.url });
    return article.id;
  } catch (err) {
    const checks = typeof progress[STEP.verifyChecks] === 'number' ? (progress[STEP.verifyChecks] as number) : 0;
    if (!notReady(err) || checks >= MAX_VERIFY_CHECKS) throw err;
    await save({ [STEP.verifyChecks]: checks + 1 });
    const when = new Date(ctx.now().getTime() + Math.max(1, z.settings.moderationDelayMinutes) * 60_000);
    ctx.log.info({ checks: checks + 1, platformCode: (err as ConnectorError).platformCode }, 'zalo.article_not_ready');
    throw new Deferral(
      when,
      deferralReason({ vi: 'Zalo đang xử lý và kiểm duyệt bài viết', en: 'Zalo is still processing and reviewing the article' }, when, { vi: 'kiểm tra lại', en: 'check again' }),
      'ZALO_MODERATION',
    );
  }
}

async function broadcastStep(post: RenderedPost, ctx: PublishContext, z: OaCall, deps: ZaloDeps, articleId: string, save: Save): Promise<void> {
  checkSendWindow(z.settings.sendWindow, ctx.now());
  if (!deps.broadcasts) {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'ZALO_NO_LEDGER',
      sideEffectPossible: false,
      message: { vi: 'Tiến trình này không đếm được số tin truyền thông đã gửi, nên không gửi broadcast', en: 'This process cannot count broadcasts, so it does not broadcast' },
    });
  }
  const now = ctx.now();
  await reserveBroadcast(deps.broadcasts, z.settings, { channelId: ctx.channel.id, deliveryId: post.deliveryId, now });
  await save({ [STEP.broadcastReserved]: now.toISOString() });
  let messageId: string;
  try {
    messageId = await broadcastArticle(z.client, articleId, z.settings.broadcastTarget);
  } catch (err) {
    // Refused outright ("not now", quota, a bad parameter): the place in the ledger is given back.
    if (err instanceof Deferral || (err instanceof ConnectorError && !err.sideEffectPossible)) {
      await deps.broadcasts.release({ channelId: ctx.channel.id, deliveryId: post.deliveryId });
      await save({ [STEP.broadcastReserved]: null });
    }
    throw err;
  }
  await save({ [STEP.broadcastId]: messageId });
}

async function groupsStep(post: RenderedPost, ctx: PublishContext, z: OaCall, progress: Record<string, unknown>, save: Save): Promise<void> {
  const sent: Record<string, string> = { ...((progress[STEP.groups] as Record<string, string> | undefined) ?? {}) };
  for (const groupId of z.settings.groupIds) {
    if (sent[groupId]) continue;
    checkSendWindow(z.settings.sendWindow, ctx.now());
    await save({ [STEP.groupSending]: groupId });
    sent[groupId] = await sendGroupMessage(z.client, groupId, post.text.includes(post.marker) ? post.text : `${post.text}\n\n${post.marker}`);
    await save({ [STEP.groups]: { ...sent }, [STEP.groupSending]: null });
  }
}

/**
 * Article (cover upload → create → verify), then the broadcast to followers within the OA's
 * rules, then the OA's group chats. Each step's id is saved before the next; a retry
 * resumes after the last saved step and never repeats one that created something.
 */
export async function publishToOa(post: RenderedPost, ctx: PublishContext, deps: ZaloDeps): Promise<Published> {
  const z = oaCall(ctx, deps);
  const progress: Record<string, unknown> = { ...ctx.progress };
  const save: Save = async (patch) => {
    Object.assign(progress, patch);
    await ctx.saveProgress(patch);
  };
  const articleId = await articleStep(post, ctx, z, deps, progress, save);
  if (z.settings.broadcast && !str(progress, STEP.broadcastId)) await broadcastStep(post, ctx, z, deps, articleId, save);
  await groupsStep(post, ctx, z, progress, save);
  return { kind: 'published', externalId: articleId, url: str(progress, STEP.articleUrl) ?? null };
}

/**
 * A correction: the article is edited in place with the newer revision (same id, same link;
 * the cover follows the first image). Broadcasts and group messages already sent cannot be
 * recalled or edited, so nothing is sent again: followers see the edit when they open it.
 */
export async function editOnOa(ref: ExternalRef, post: RenderedPost, ctx: PublishContext, deps: ZaloDeps): Promise<Published> {
  const z = oaCall(ctx, deps);
  await updateArticle(z.client, ref.externalId, articlePayload(post, z.settings, coverOf(post, z, deps)));
  return { kind: 'published', externalId: ref.externalId, url: ref.url };
}
