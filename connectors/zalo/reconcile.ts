import { absent, cannotTell, Deferral, type DeliveryRef, type PublishContext, type ReconcileResult } from '../contract.ts';
import { str } from './client.ts';
import { STEP, oaCall, type ZaloDeps } from './publish.ts';
import { at } from './rules.ts';

/**
 * Settles a delivery whose last Zalo call may or may not have gone through, by its saved steps:
 * - a group message or the broadcast: Zalo offers no listing to check, so a person must look
 *   ("cannot tell": the engine asks a person), never a second send;
 * - the article create: once Zalo had time to build and review it, answer "publish again" —
 *   the next publish first looks for the article by its marker and adopts it, so no duplicate;
 * - anything else (uploads, verify) created nothing people see: publish again.
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
  if (p[STEP.createStarted] && !str(p, STEP.token) && !str(p, STEP.articleId)) {
    const { settings } = oaCall(ctx, deps);
    const readyBy = new Date(ref.attemptStartedAt.getTime() + Math.max(1, settings.moderationDelayMinutes) * 60_000);
    if (readyBy.getTime() > ctx.now().getTime()) {
      throw new Deferral(
        readyBy,
        { vi: `Chờ Zalo xử lý bài viết có thể đã tạo; kiểm tra lại lúc ${at(readyBy)}`, en: `Waiting for Zalo to build a possibly created article; checking at ${readyBy.toISOString()}` },
        'ZALO_RECONCILE_WAIT',
      );
    }
  }
  return absent;
}
