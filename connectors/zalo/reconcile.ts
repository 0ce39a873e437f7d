import { absent, cannotTell, ConnectorError, resume, type CannotTell, type DeliveryRef, type ExternalCopy, type PublishContext, type ReconcileResult } from '../contract.ts';
import { allArticlesWithMarker, findArticle } from './article.ts';
import { str } from './client.ts';
import { findGroupMessage } from './group-lookup.ts';
import { STEP, oaCall, type ZaloDeps } from './publish.ts';

/** Articles listed since the attempt start minus this count as the attempt's window (clock skew). */
const WINDOW_SKEW_MS = 15 * 60_000;

/**
 * Settles a delivery whose last Zalo call may or may not have gone through, by its saved steps:
 * - a group message: the group's conversation is read for the marker (group-lookup.ts); found →
 *   its id is saved and the publish resumes with the next group; not found in a listing that
 *   shows the OA's messages → "absent" (after the settle time and a second read it is sent
 *   again); an answer that cannot show it, or a refused read → "cannot tell" (a person looks);
 * - the broadcast: Zalo offers no listing of broadcasts, so "cannot tell";
 * - the article create: the OA's articles since the attempt are read (getslice, then getdetail
 *   of those titled as sent); found → its id is saved and the publish resumes (verify is
 *   skipped, the broadcast follows); not found → "absent", which the engine concludes only
 *   after the settle time (Zalo builds articles asynchronously) and a second read; a listing
 *   whose shape shows no article list, or articles titled as sent whose detail shows no body
 *   (§3.6 documents neither shape) → "cannot tell";
 * - anything else (verify, a lost answer before create) created nothing uncertain: resume.
 */
export async function reconcileOa(ref: DeliveryRef, ctx: PublishContext, deps: Pick<ZaloDeps, 'errorOverrides'>): Promise<ReconcileResult> {
  const p = ref.progress;
  const groupSending = str(p, STEP.groupSending);
  const groupsDone = (p[STEP.groups] as Record<string, string> | undefined) ?? {};
  if (groupSending && !groupsDone[groupSending]) return settleGroupMessage(ref, ctx, deps, groupSending, groupsDone);
  if (str(p, STEP.broadcastReserved) && !str(p, STEP.broadcastId)) {
    return cannotTell(
      'ZALO_BROADCAST_UNCERTAIN',
      'Không rõ tin truyền thông (broadcast) đã gửi tới người quan tâm hay chưa (Zalo không trả lời) và Zalo không cho tra cứu; hãy xem mục Tin truyền thông trong trang quản lý OA',
      'Unknown whether the broadcast went out (no answer) and Zalo offers no lookup; check the broadcasts in the OA admin page',
    );
  }
  if (!p[STEP.createStarted] || str(p, STEP.token) || str(p, STEP.articleId)) return resume;
  const { client, settings } = oaCall(ctx, deps);
  const since = new Date(ref.attemptStartedAt.getTime() - WINDOW_SKEW_MS);
  const found = await findArticle(client, ref.post, since, settings.reconcileArticles);
  if (found.kind === 'not_found') return absent;
  if (found.kind === 'unreadable') {
    return cannotTell(
      'ZALO_ARTICLE_LISTING_UNREADABLE',
      'Không rõ bài viết đã được tạo trên Zalo OA hay chưa (Zalo không trả lời khi tạo) và Zalo trả danh sách hoặc nội dung bài viết ở dạng Loa không đọc được; hãy xem mục Bài viết trong trang quản lý OA',
      "Unknown whether the article was created on the Zalo OA (no answer to the create), and Zalo answered the article listing or content in a shape Loa cannot read; check the articles in the OA admin page",
    );
  }
  await ctx.saveProgress({ [STEP.articleId]: found.id, [STEP.articleUrl]: found.url });
  ctx.log.info({ deliveryId: ref.deliveryId, articleId: found.id }, 'zalo.article_adopted');
  return resume;
}

/**
 * The last-net scan: every article of the OA since the attempt start (minus the skew) carrying
 * the marker, read as reconcile reads it (getslice, then getdetail of those titled as sent).
 * Broadcasts have no listing; group messages do (the group's conversation), but §3.7 documents
 * no way to recall one, so a second one is not reported as a copy to take down.
 */
export async function copiesOnOa(ref: DeliveryRef, ctx: PublishContext, deps: Pick<ZaloDeps, 'errorOverrides'>): Promise<ExternalCopy[]> {
  const { client, settings } = oaCall(ctx, deps);
  const since = new Date(ref.attemptStartedAt.getTime() - WINDOW_SKEW_MS);
  const articles = await allArticlesWithMarker(client, ref.post, since, settings.reconcileArticles);
  return articles.map((a) => ({ externalId: a.id, url: a.url }));
}

async function settleGroupMessage(
  ref: DeliveryRef,
  ctx: PublishContext,
  deps: Pick<ZaloDeps, 'errorOverrides'>,
  groupId: string,
  groupsDone: Record<string, string>,
): Promise<ReconcileResult> {
  const { client, settings } = oaCall(ctx, deps);
  const since = new Date(ref.attemptStartedAt.getTime() - WINDOW_SKEW_MS);
  const uncertain = (why: { vi: string; en: string }): CannotTell =>
    cannotTell('ZALO_GROUP_MESSAGE_UNCERTAIN', `Không rõ tin đã vào nhóm Zalo ${groupId} hay chưa (Zalo không trả lời khi gửi): ${why.vi}. Hãy xem nhóm trên Zalo`, `Unknown whether the message reached Zalo group ${groupId} (no answer to the send): ${why.en}. Check the group on Zalo`);
  let found;
  try {
    found = await findGroupMessage(client, { groupId, marker: ref.marker, since, oaId: settings.oaId });
  } catch (err) {
    // A read Zalo refuses for good (no group-management permission, a group gone): a person
    // looks. Expired tokens, rate limits and outages are read again by the engine.
    if (err instanceof ConnectorError && err.kind === 'permanent') return uncertain({ vi: err.messages.vi, en: err.messages.en });
    throw err;
  }
  if (found.kind === 'unreadable') return uncertain(found.reason);
  if (found.kind === 'not_found') return absent;
  await ctx.saveProgress({ [STEP.groups]: { ...groupsDone, [groupId]: found.messageId }, [STEP.groupSending]: null });
  ctx.log.info({ deliveryId: ref.deliveryId, groupId, messageId: found.messageId }, 'zalo.group_message_adopted');
  return resume;
}
