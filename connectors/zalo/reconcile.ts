import { absent, cannotTell, resume, type DeliveryRef, type ExternalCopy, type PublishContext, type ReconcileResult } from '../contract.ts';
import { allArticlesWithMarker, findArticle } from './article.ts';
import { str } from './client.ts';
import { STEP, oaCall, type ZaloDeps } from './publish.ts';

/** Articles listed since the attempt start minus this count as the attempt's window (clock skew). */
const WINDOW_SKEW_MS = 15 * 60_000;

/**
 * Settles a delivery whose last Zalo call may or may not have gone through, by its saved steps:
 * - a group message or the broadcast: Zalo offers no listing to check, so "cannot tell" (a
 *   person looks), never a second send;
 * - the article create: the OA's articles since the attempt are read (getslice, then getdetail
 *   of those titled as sent); found → its id is saved and the publish resumes (verify is
 *   skipped, the broadcast follows); not found → "absent", which the engine concludes only
 *   after the settle time (Zalo builds articles asynchronously) and a second read;
 * - anything else (verify, a lost answer before create) created nothing uncertain: resume.
 */
export async function reconcileOa(ref: DeliveryRef, ctx: PublishContext, deps: Pick<ZaloDeps, 'errorOverrides'>): Promise<ReconcileResult> {
  const p = ref.progress;
  const groupSending = str(p, STEP.groupSending);
  const groupsDone = (p[STEP.groups] as Record<string, string> | undefined) ?? {};
  if (groupSending && !groupsDone[groupSending]) {
    return cannotTell(
      'ZALO_GROUP_MESSAGE_UNCERTAIN',
      `Không rõ tin đã vào nhóm Zalo ${groupSending} hay chưa (Zalo không trả lời); hãy xem nhóm trên Zalo`,
      `Unknown whether the message reached Zalo group ${groupSending} (no answer); check the group on Zalo`,
    );
  }
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
  await ctx.saveProgress({ [STEP.articleId]: found.id, [STEP.articleUrl]: found.url });
  ctx.log.info({ deliveryId: ref.deliveryId, articleId: found.id }, 'zalo.article_adopted');
  return resume;
}

/**
 * The last-net scan: every article of the OA since the attempt start (minus the skew) carrying
 * the marker, read as reconcile reads it (getslice, then getdetail of those titled as sent).
 * Broadcasts and group messages have no listing: a second one cannot be found or recalled.
 */
export async function copiesOnOa(ref: DeliveryRef, ctx: PublishContext, deps: Pick<ZaloDeps, 'errorOverrides'>): Promise<ExternalCopy[]> {
  const { client, settings } = oaCall(ctx, deps);
  const since = new Date(ref.attemptStartedAt.getTime() - WINDOW_SKEW_MS);
  const articles = await allArticlesWithMarker(client, ref.post, since, settings.reconcileArticles);
  return articles.map((a) => ({ externalId: a.id, url: a.url }));
}
