import { ConnectorError, type Json, type Processing, type PublishContext, type Published } from '../contract.ts';
import type { WordpressClient, WpPost } from './client.ts';

/** A post is published only when WordPress shows it; a draft's or scheduled post's `?p=` link is a 404 to readers. */
export function published(p: WpPost): Published {
  return { kind: 'published', externalId: String(p.id), url: p.status === 'publish' ? p.link || null : null };
}

/**
 * WP-cron publishes a `future` post on the first visit after its time; on a quiet site that
 * may not happen ("Missed schedule"). Past this, Loa publishes the post itself.
 */
const MISSED_SCHEDULE_GRACE_MS = 2 * 60_000;

interface ScheduledHandle {
  wpPostId: number;
  /** When WordPress is to publish it (UTC ISO). */
  scheduledFor: string;
}

const liveAtOf = (p: Pick<WpPost, 'date_gmt'>) => Date.parse(`${p.date_gmt.replace(/Z$/, '')}Z`);

/** A post WordPress holds as `future`: the delivery is scheduled on the platform, looked at again at its time. */
export function scheduledHandle(p: WpPost, now: Date): Processing {
  const liveAt = liveAtOf(p);
  const handle: ScheduledHandle = { wpPostId: p.id, scheduledFor: new Date(liveAt).toISOString() };
  return { kind: 'processing', handle: { ...handle }, pollAfterMs: Math.max(5_000, liveAt - now.getTime() + 5_000) };
}

function parseHandle(handle: Json): ScheduledHandle {
  const h = handle as Partial<ScheduledHandle> | null;
  if (h && typeof h === 'object' && Number.isInteger(h.wpPostId) && typeof h.scheduledFor === 'string') return h as ScheduledHandle;
  throw new ConnectorError({
    kind: 'permanent',
    code: 'WP_HANDLE_INVALID',
    sideEffectPossible: false,
    message: { vi: 'Không đọc được mã bài WordPress đã hẹn giờ; cần người kiểm tra', en: 'The scheduled WordPress post reference is unreadable; a person must check' },
  });
}

/** Looks at a scheduled post: published → done; still `future` → wait, or publish it when WP-cron missed it. */
export async function settleScheduled(handle: Json, ctx: PublishContext, client: WordpressClient): Promise<Published | Processing> {
  const { wpPostId } = parseHandle(handle);
  const post = await client.getPost(String(wpPostId));
  if (post.status === 'publish') return published(post);
  if (post.status === 'future') {
    const late = ctx.now().getTime() - liveAtOf(post);
    if (late < 0) return scheduledHandle(post, ctx.now());
    if (late < MISSED_SCHEDULE_GRACE_MS) return { kind: 'processing', handle, pollAfterMs: MISSED_SCHEDULE_GRACE_MS - late };
    ctx.log.warn({ postId: post.id }, 'WordPress missed the schedule (WP-cron did not run); publishing the post');
    return published(await client.updatePost(String(post.id), { status: 'publish' }));
  }
  throw new ConnectorError({
    kind: 'permanent',
    code: 'WP_SCHEDULE_CHANGED',
    sideEffectPossible: false,
    platformCode: post.status,
    message: {
      vi: `Bài đã hẹn giờ trên WordPress bị người quản trị website chuyển sang trạng thái "${post.status}"; Loa không tự đăng lại`,
      en: `The scheduled WordPress post was moved to "${post.status}" by a site editor; Loa does not publish it again`,
    },
  });
}
