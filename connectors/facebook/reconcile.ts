import { absent, cannotTell, ConnectorError, type DeliveryRef, type ExternalCopy, type PublishContext, type Published, type ReconcileResult } from '../contract.ts';
import { list, num, obj, str } from '../guards.ts';
import { messageOf, pageCall, postUrl, type PageCall } from './publish.ts';

/** Pages of 100 read per listing before giving up on proving absence. */
const MAX_PAGES = 20;
/** Every field of a Page post the marker can be in: the text, the posted link (§1.3), the share attachment. */
const POST_FIELDS = 'id,message,link,created_time,permalink_url,attachments{type,unshimmed_url,url}';
const VIDEO_FIELDS = 'id,description,created_time,permalink_url';
const ACTION = { vi: 'tìm bài trên Trang để đối chiếu', en: 'looking for the post on the Page' };

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Whether a listed object carries the marker: in its text, its link, or a link attachment's URL. */
function carries(item: unknown, marker: string): boolean {
  const texts = [str(item, 'message'), str(item, 'description'), str(item, 'link')];
  for (const a of list(obj(item, 'attachments'), 'data')) texts.push(str(a, 'unshimmed_url'), str(a, 'url'));
  return texts.some((t) => t !== undefined && decoded(t).includes(marker));
}

/** Whitespace collapsed and trimmed: how a message Graph stored is compared with the one sent. */
const normalized = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Whether a listed item could be the post whose marker rides only in its link, unseen: the
 * answer shows no `link` (§1.6 names id, message, created_time, permalink_url as the listing's
 * fields — `link` is not promised, and a share attachment is Facebook's scrape of the page,
 * which may drop our parameter), and its message is the one sent, or there is none. An item
 * with another message cannot be that post.
 */
function couldHide(item: unknown, sentMessage: string): boolean {
  if (str(item, 'link') !== undefined) return false;
  const message = str(item, 'message');
  return message === undefined || normalized(message) === normalized(sentMessage);
}

interface SearchResult {
  /** The first item carrying the marker (null when none), or with `all`, every one (`copies`). */
  found: unknown;
  copies: unknown[];
  /** Items read that could be the object with its marker out of sight (`mayHide`). */
  hidden: number;
}

function absoluteUrl(p: PageCall, permalink: string | undefined, id: string): string {
  if (!permalink) return postUrl(p.settings, id);
  return permalink.startsWith('/') ? `${p.settings.webBaseUrl}${permalink}` : permalink;
}

/**
 * Reads a listing newest first until an item older than `since`, the end, or MAX_PAGES.
 * Returns the item carrying the marker (or null when the whole window was read without it),
 * and how many items could hide a link-only marker. `created_time` is Graph's clock, so the
 * window's edge is too: `since` (Loa's clock) moved by the offset of Graph's `Date` header.
 * No `since` goes in the query for the same reason: sent in Loa's clock to a Graph whose
 * clock runs behind, it would filter out the very post the attempt made.
 */
async function search(p: PageCall, edge: string, fields: string, marker: string, since: Date | null, all = false, mayHide: ((item: unknown) => boolean) | null = null): Promise<SearchResult> {
  let more: Record<string, string> = {};
  let hidden = 0;
  const copies: unknown[] = [];
  const done = (): SearchResult => ({ found: copies[0] ?? null, copies, hidden });
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: Record<string, string> = { fields, limit: '100', ...more };
    const { data: answer, clockOffsetMs } = await p.client.callTimed<unknown>({ method: 'GET', path: `${p.settings.pageId}/${edge}`, query, action: ACTION });
    const items = list(answer, 'data');
    copies.push(...items.filter((item) => carries(item, marker)));
    if (copies.length > 0 && !all) return done();
    if (mayHide) hidden += items.filter(mayHide).length;
    const oldest = items.length ? Date.parse(str(items[items.length - 1], 'created_time') ?? '') : Number.NaN;
    const paging = obj(answer, 'paging');
    // Only a missing `next` ends the list: privacy filtering can leave a page short or even
    // empty with more behind it (Graph API "Paginated Results").
    const next = nextPage(str(paging, 'next'), str(obj(paging, 'cursors'), 'after'));
    if (!next) return done();
    more = next;
    if (since && !Number.isNaN(oldest) && oldest < since.getTime() + (clockOffsetMs ?? 0)) return done();
  }
  throw new ConnectorError({
    kind: 'transient',
    code: 'FB_RECONCILE_INCOMPLETE',
    sideEffectPossible: true,
    message: {
      vi: `Trang có quá nhiều bài trong khoảng thời gian cần đối chiếu (đã đọc ${MAX_PAGES * 100}); chưa khẳng định được bài đã đăng hay chưa`,
      en: `Too many Page posts in the window to check (read ${MAX_PAGES * 100}); cannot yet tell whether the post exists`,
    },
  });
}

/** Parameters of a listing's `next` link that Loa sends itself (or must never echo: the token). */
const OWN_PARAMS = new Set(['access_token', 'appsecret_proof', 'fields', 'limit']);

/**
 * The query of the next page, or null at the end. Graph pages a listing by cursors
 * (`cursors.after`), by time (`until` / `since` with `__paging_token`, the feed edges §1.6) or by
 * offset, and its `next` link carries whichever applies: its parameters are followed (the host
 * is not: the call goes to the channel's graphBaseUrl), so no kind of paging ends the read early
 * and turns "not read yet" into "absent".
 */
function nextPage(next: string | undefined, after: string | undefined): Record<string, string> | null {
  if (!next) return null;
  let params: URLSearchParams;
  try {
    params = new URL(next).searchParams;
  } catch {
    return after ? { after } : null;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of params) if (!OWN_PARAMS.has(k)) query[k] = v;
  if (after && !('after' in query) && !('until' in query) && !('offset' in query)) query.after = after;
  return Object.keys(query).length > 0 ? query : null;
}

/** Whether this post's marker rides only in its link parameter (a text + link post, §1.3). */
function linkOnlyMarker(post: DeliveryRef['post']): boolean {
  return post.media.length === 0 && (post.link?.includes(post.marker) ?? false) && !messageOf(post, post.link).includes(post.marker);
}

/**
 * Finds what an uncertain attempt created, by its marker: videos in the Page's video list,
 * everything else in its posts since the attempt start (minus a skew) and its scheduled posts,
 * reading message, link and attachments. Not found → absent; not found while an item in the
 * window could hold the marker out of sight → "cannot tell": a video listed without its
 * description, or, for a post whose marker is only in its link, an item with the message sent
 * (or none) that did not show its link.
 */
export async function reconcileOnPage(ref: DeliveryRef, ctx: PublishContext): Promise<ReconcileResult> {
  const p = pageCall(ctx);
  const since = new Date(ref.attemptStartedAt.getTime() - p.settings.reconcileSkewMinutes * 60_000);
  const hit = (item: unknown): Published | null => {
    const id = str(item, 'id');
    return id ? { kind: 'published', externalId: id, url: absoluteUrl(p, str(item, 'permalink_url'), id) } : null;
  };
  if (ref.post.media.some((m) => m.kind === 'video')) {
    // The marker rides in the description, which no reference page promises in the video list:
    // a video listed without one could be this one.
    const videos = await search(p, 'videos', VIDEO_FIELDS, ref.marker, since, false, (item) => str(item, 'description') === undefined);
    const videoHit = hit(videos.found);
    if (videoHit) return videoHit;
    if (videos.hidden === 0) return absent;
    return cannotTell(
      'FB_RECONCILE_DESCRIPTION_HIDDEN',
      `Facebook không trả mô tả của ${videos.hidden} video trên Trang trong khoảng thời gian cần đối chiếu (dấu của Loa nằm trong mô tả), nên Loa không khẳng định được video đã đăng hay chưa; hãy xem Trang rồi đánh dấu`,
      `Facebook did not return the description of ${videos.hidden} video(s) on the Page in the window (where Loa's marker is), so Loa cannot tell whether the video exists; check the Page and settle it`,
    );
  }
  const sentMessage = linkOnlyMarker(ref.post) ? messageOf(ref.post, ref.post.link) : null;
  const mayHide = sentMessage === null ? null : (item: unknown) => couldHide(item, sentMessage);
  const posted = await search(p, 'posts', POST_FIELDS, ref.marker, since, false, mayHide);
  const postedHit = hit(posted.found);
  if (postedHit) return postedHit;
  const scheduled = await search(p, 'scheduled_posts', POST_FIELDS, ref.marker, null, false, mayHide);
  const scheduledHit = hit(scheduled.found);
  if (scheduledHit) return scheduledHit;
  const hidden = posted.hidden + scheduled.hidden;
  if (hidden > 0) {
    return cannotTell(
      'FB_RECONCILE_LINK_HIDDEN',
      `Trên Trang có ${hidden} bài trong khoảng thời gian cần đối chiếu mang nội dung chữ như bài này nhưng Facebook không trả lại liên kết của chúng (dấu của Loa chỉ nằm trong liên kết), nên Loa không khẳng định được bài đã đăng hay chưa; hãy xem Trang rồi đánh dấu`,
      `${hidden} post(s) on the Page in the window carry this post's text but Facebook did not return their link (where Loa's marker is), so Loa cannot tell whether the post exists; check the Page and settle it`,
    );
  }
  return absent;
}

/** Every post (or video) of the Page carrying the marker since `ref.attemptStartedAt` minus the skew: the last-net scan. */
export async function copiesOnPage(ref: DeliveryRef, ctx: PublishContext): Promise<ExternalCopy[]> {
  const p = pageCall(ctx);
  const since = new Date(ref.attemptStartedAt.getTime() - p.settings.reconcileSkewMinutes * 60_000);
  const video = ref.post.media.some((m) => m.kind === 'video');
  const listings = video
    ? [await search(p, 'videos', VIDEO_FIELDS, ref.marker, since, true)]
    : [await search(p, 'posts', POST_FIELDS, ref.marker, since, true), await search(p, 'scheduled_posts', POST_FIELDS, ref.marker, null, true)];
  return listings
    .flatMap((l) => l.copies)
    .flatMap((item) => {
      const id = str(item, 'id');
      return id ? [{ externalId: id, url: absoluteUrl(p, str(item, 'permalink_url'), id) }] : [];
    });
}

/** Reads a published video's processing state (read-only, safe to repeat). */
export async function videoState(videoId: string, ctx: PublishContext): Promise<Published | { kind: 'processing' }> {
  const p = pageCall(ctx);
  const action = { vi: 'đọc trạng thái xử lý video', en: 'reading the video processing state' };
  const answer = await p.client.call<unknown>({ method: 'GET', path: videoId, query: { fields: 'id,status,permalink_url' }, action });
  const status = obj(answer, 'status');
  // The node without a processing state (the reference, §1.5, documents none for videos) has
  // nothing to wait for: Graph holds the video. Waiting on a field that never comes would keep
  // the delivery processing for ever.
  if (!status) return { kind: 'published', externalId: videoId, url: absoluteUrl(p, str(answer, 'permalink_url'), videoId) };
  const state = str(status, 'video_status');
  if (state === 'expired') {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'FB_VIDEO_EXPIRED',
      sideEffectPossible: false,
      message: {
        vi: 'Facebook báo video đã hết hạn trước khi được đăng (video_status expired); hãy đăng lại',
        en: 'Facebook says the video expired before it was posted (video_status expired); publish it again',
      },
    });
  }
  if (state === 'error') {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'FB_VIDEO_PROCESSING_FAILED',
      sideEffectPossible: false,
      message: {
        vi: 'Facebook không xử lý được video (tệp hỏng hoặc định dạng không hỗ trợ); hãy xuất lại video MP4 (H.264/AAC) rồi đăng lại',
        en: 'Facebook could not process the video (corrupt file or unsupported format); export it again as MP4 (H.264/AAC) and republish',
      },
      excerpt: `processing_progress=${num(status, 'processing_progress') ?? '?'}`,
    });
  }
  if (state === 'ready') return { kind: 'published', externalId: videoId, url: absoluteUrl(p, str(answer, 'permalink_url'), videoId) };
  return { kind: 'processing' };
}
