import type { Messages } from '../../lib/errors.ts';
import { formatVnDay } from '../../lib/clock.ts';
import type { ChannelRow } from './view.ts';

/**
 * A Facebook Page channel's `credentialsExpiresAt` is when the long-lived user token stored
 * at connect time runs out (~60 days, platform-apis.md §1.2; server/routes/oauth): video
 * uploads open their session with it (§1.5), while text and photo posts use the Page token,
 * which does not expire. An expired user token cannot be exchanged, and nothing renews it:
 * only a reconnect does. So the admins are told ahead, and video posts are refused before
 * they are scheduled past it, rather than failing with Graph error 190 on the day.
 */
export const VIDEO_TOKEN_NOTICE_DAYS = 14;

type ExpiryFacts = Pick<ChannelRow, 'platform' | 'status' | 'credentialsSealed' | 'credentialsExpiresAt'>;

/** What a connected Facebook Page's admins read from 14 days before its video permission runs out, and after. */
export function videoTokenNotice(row: ExpiryFacts, now: Date): Messages | null {
  const at = row.credentialsExpiresAt;
  if (row.platform !== 'facebook_page' || row.status !== 'connected' || row.credentialsSealed === null || at === null) return null;
  if (at.getTime() - now.getTime() > VIDEO_TOKEN_NOTICE_DAYS * 86_400_000) return null;
  const day = formatVnDay(at);
  if (at.getTime() <= now.getTime()) {
    return {
      vi: `Quyền đăng video trên Fanpage đã hết hạn ngày ${day}: bài có video không đăng được cho đến khi kết nối lại Fanpage (bài chữ và ảnh vẫn đăng bình thường)`,
      en: `Permission to post videos on the Page expired on ${day}: posts with a video cannot go out until the Page is reconnected (text and photo posts still go out)`,
    };
  }
  return {
    vi: `Quyền đăng video trên Fanpage hết hạn ngày ${day}: kết nối lại Fanpage trước ngày đó để tiếp tục đăng video`,
    en: `Permission to post videos on the Page expires on ${day}: reconnect the Page before then to keep posting videos`,
  };
}

/** Why a video post to this Page cannot go out at `dueAt`, or null when its video permission lasts until then. */
export function videoTokenProblem(channelName: string, expiresAt: Date | null, dueAt: Date): Messages | null {
  if (expiresAt === null || expiresAt.getTime() > dueAt.getTime()) return null;
  const day = formatVnDay(expiresAt);
  return {
    vi: `Kênh "${channelName}": quyền đăng video trên Fanpage hết hạn ngày ${day}, trước giờ đăng bài có video này; kết nối lại Fanpage hoặc bỏ kênh này khỏi danh sách đăng`,
    en: `Channel "${channelName}": permission to post videos on the Page expires on ${day}, before this video post is due; reconnect the Page or remove it from the targets`,
  };
}
