import type { Queryable } from '../../db/client.ts';
import type { Messages } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { markChannelNeedsReconnect, type ChannelRef } from '../deliveries/channel-state.ts';

export interface RefreshFailureCause {
  code: string;
  /** The refresh request may have reached the platform (its answer was lost). */
  answerLost: boolean;
  message: Messages;
}

/**
 * A token refresh cannot go on: the channel becomes `needs_reconnect` (its deliveries wait at
 * claim time) and the admins of its unit are told, in Vietnamese, what happened and what to
 * do. A lost answer is said plainly: the single-use refresh token may already be spent, so Loa
 * will not try it again — a person reconnects the channel. Notifies once (only when the
 * channel was connected until now); returns whether it changed the channel.
 */
export async function markRefreshImpossible(q: Queryable, actor: Actor, channel: ChannelRef, cause: RefreshFailureCause): Promise<boolean> {
  const what: Messages = cause.answerLost
    ? {
        vi: `Loa đã gửi yêu cầu làm mới mã truy cập nhưng không nhận được trả lời. Mã làm mới chỉ dùng được một lần nên có thể đã bị nền tảng thu hồi; để không khoá kênh, Loa không gửi lại yêu cầu đó.`,
        en: `Loa sent the token refresh request but got no answer. A refresh token works only once, so the platform may already have spent it; so as not to lock the channel, Loa does not send that request again.`,
      }
    : { vi: `Nền tảng từ chối làm mới mã truy cập: ${cause.message.vi}.`, en: `The platform refused to refresh the access token: ${cause.message.en}.` };
  return markChannelNeedsReconnect(q, actor, channel, {
    code: cause.code,
    reason: cause.answerLost ? 'refresh_answer_lost' : 'refresh_refused',
    roles: ['admin'],
    body: {
      vi: `${what.vi} Người quản trị kênh hãy kết nối lại kênh (hoặc dán mã truy cập mới). Các bài chờ đăng trên kênh tạm dừng cho tới lúc đó và sẽ tự đăng tiếp sau khi kết nối lại.`,
      en: `${what.en} The channel's administrator should reconnect it (or paste a new access token). Its waiting posts are held until then and continue by themselves after reconnecting.`,
    },
    data: { channelId: channel.id, code: cause.code, answerLost: cause.answerLost },
  });
}
