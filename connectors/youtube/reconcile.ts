import type { youtube_v3 } from '@googleapis/youtube';
import { cannotTell, ConnectorError, type CannotTell, type DeliveryRef, type PublishContext } from '../contract.ts';
import type { YoutubeClient } from './client.ts';
import { probeSession, UPLOAD_URI_KEY, VIDEO_ID_KEY } from './upload.ts';

/** Uploads listed since the attempt start minus this count as the attempt's window (clock skew, playlist lag). */
const WINDOW_SKEW_MS = 15 * 60_000;

export interface ReconcileDeps {
  client: YoutubeClient;
  /** Upload-playlist pages read at most. */
  pages: number;
  /** Takes `units` from the unit pool before a listing call; throws a Deferral when spent. */
  reserveUnits(units: number): Promise<void>;
}

/** Where the video was found: a finished session answers with it, else the uploads listing. */
export type Found = { videoId: string; via: 'progress' | 'session' | 'uploads' };

/** The video a playlist entry names, if it names one. */
function videoIdOf(item: youtube_v3.Schema$PlaylistItem): string | undefined {
  const id = item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Playlist entries of videos YouTube has removed: nothing to find there (their metadata is gone). */
const GONE_TITLES = new Set(['Deleted video']);

/**
 * Looks for the delivery's video (platform-apis.md §2.10). A saved video id settles it. A saved
 * session is asked first: finished → its replayed answer holds the video; still missing bytes
 * → no video can exist (proven absent). Otherwise the channel's uploads playlist is read,
 * newest first, and the titles and descriptions of those videos searched for the marker until
 * the listing is older than the attempt; a listing cut short proves nothing and is an error.
 * An upload whose metadata videos.list did not return (§2.5: such a video is "simply absent
 * from items") could carry the marker unseen: not found then is "cannot tell".
 */
export async function findDeliveryVideo(ref: DeliveryRef, ctx: PublishContext, d: ReconcileDeps): Promise<Found | CannotTell | null> {
  const savedId = ref.progress[VIDEO_ID_KEY];
  if (typeof savedId === 'string' && savedId !== '') return { videoId: savedId, via: 'progress' };

  const uri = ref.progress[UPLOAD_URI_KEY];
  const video = ref.post.media.find((m) => m.kind === 'video');
  if (typeof uri === 'string' && uri !== '' && video) {
    const state = await probeSession(uri, video.sizeBytes, ctx, d.client);
    if (state.kind === 'done') return { videoId: state.video.id, via: 'session' };
    if (state.kind === 'incomplete') return null;
  }

  const scan = await scanUploads(ref.marker, ref.attemptStartedAt.getTime() - WINDOW_SKEW_MS, d, false);
  if (scan.matches[0]) return { videoId: scan.matches[0], via: 'uploads' };
  return scan.unread === 0
    ? null
    : cannotTell(
        'YT_RECONCILE_METADATA_HIDDEN',
        `YouTube không trả thông tin của ${scan.unread} video tải lên trong khoảng thời gian cần đối chiếu, nên Loa không khẳng định được video đã đăng hay chưa; hãy xem YouTube Studio rồi đánh dấu`,
        `YouTube returned no metadata for ${scan.unread} upload(s) in the window, so Loa cannot tell whether the video exists; check YouTube Studio and settle it`,
      );
}

/**
 * The last-net scan: every upload of the channel since the attempt start (minus the skew) whose
 * title or description carries the marker. Only the cheap listings (playlistItems.list and
 * videos.list, 1 unit a page each; never search.list at 100), bounded by `reconcilePages`.
 */
export async function copiesInUploads(ref: DeliveryRef, d: ReconcileDeps): Promise<string[]> {
  return (await scanUploads(ref.marker, ref.attemptStartedAt.getTime() - WINDOW_SKEW_MS, d, true)).matches;
}

interface UploadsScan {
  /** Videos carrying the marker, newest first (only the first unless `all`). */
  matches: string[];
  /** Uploads in the window whose metadata videos.list did not return. */
  unread: number;
}

/**
 * Reads the uploads playlist newest first and the titles and descriptions of its videos until
 * the listing is older than `windowStart` (Loa's clock, read in YouTube's); a listing cut short
 * proves nothing and is an error.
 */
async function scanUploads(marker: string, windowStart: number, d: ReconcileDeps, all: boolean): Promise<UploadsScan> {
  await d.reserveUnits(1);
  const playlistId = await d.client.uploadsPlaylistId();
  if (!playlistId) {
    throw new ConnectorError({
      kind: 'auth',
      code: 'YT_NO_CHANNEL',
      sideEffectPossible: false,
      message: {
        vi: 'Tài khoản Google đã kết nối không có kênh YouTube (không có danh sách video tải lên)',
        en: 'The connected Google account has no YouTube channel (no uploads playlist)',
      },
    });
  }
  let pageToken: string | undefined;
  let unread = 0;
  const matches: string[] = [];
  for (let page = 0; page < d.pages; page++) {
    await d.reserveUnits(1);
    const { data: listing, clockOffsetMs } = await d.client.listPlaylistItems(playlistId, pageToken);
    const items = listing.items ?? [];
    const ids = items.map(videoIdOf).filter((id): id is string => typeof id === 'string');
    // An upload the listing names no video for could be the one sought: its description is out of reach.
    unread += items.filter((i) => videoIdOf(i) === undefined && !GONE_TITLES.has(i.snippet?.title ?? '')).length;
    if (ids.length > 0) {
      await d.reserveUnits(1);
      const videos = await d.client.listVideos(ids, ['snippet']);
      for (const v of videos.items ?? []) {
        if (v.id && `${v.snippet?.title ?? ''}\n${v.snippet?.description ?? ''}`.includes(marker)) matches.push(v.id);
      }
      if (matches.length > 0 && !all) return { matches, unread };
      const read = new Set((videos.items ?? []).filter((v) => typeof v.snippet?.description === 'string').map((v) => v.id));
      unread += items.filter((i) => {
        const id = videoIdOf(i);
        return id !== undefined && !read.has(id) && !GONE_TITLES.has(i.snippet?.title ?? '');
      }).length;
    }
    const oldest = items.at(-1)?.snippet?.publishedAt;
    pageToken = listing.nextPageToken ?? undefined;
    // `publishedAt` is YouTube's clock, so the window's edge is too: moved by the offset of its `Date` header.
    if (!pageToken || (oldest && Date.parse(oldest) < windowStart + (clockOffsetMs ?? 0))) return { matches, unread };
  }
  throw new ConnectorError({
    kind: 'transient',
    code: 'YT_RECONCILE_WINDOW_NOT_COVERED',
    sideEffectPossible: false,
    message: {
      vi: `Kênh có quá nhiều video tải lên kể từ lần thử; đã đọc ${d.pages} trang mà chưa hết khoảng thời gian cần tra`,
      en: `The channel uploaded too many videos since the attempt; ${d.pages} pages did not cover the window`,
    },
  });
}
