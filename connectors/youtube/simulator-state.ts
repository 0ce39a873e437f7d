/** What the YouTube simulator holds; tests read it to count side effects exactly. */

export interface SimThumbnail {
  videoId: string;
  contentType: string;
  bytes: number;
  sha256: string;
  width: number;
  height: number;
  format: string;
}

export interface SimVideo {
  id: string;
  snippet: {
    title: string;
    description: string;
    tags: string[];
    categoryId: string;
    defaultLanguage?: string;
    channelId: string;
    publishedAt: string;
  };
  status: {
    privacyStatus: 'public' | 'private' | 'unlisted';
    publishAt?: string;
    selfDeclaredMadeForKids?: boolean;
    containsSyntheticMedia?: boolean;
    embeddable: boolean;
    license: 'youtube' | 'creativeCommon';
    publicStatsViewable: boolean;
    uploadStatus: 'uploaded' | 'processed' | 'failed' | 'rejected' | 'deleted';
    failureReason?: string;
    rejectionReason?: string;
  };
  /** When an `uploaded` video turns `processed` by itself (nextUploadStatus null); null: never. */
  processesAt: Date | null;
  /** Numbers here; the API sends them as strings. */
  statistics: { views: number; likes: number; comments: number; favorites: number };
  /** Bytes of the stored file and their sha256 (empty for videos seeded by a test). */
  sizeBytes: number;
  sha256: string;
  via: 'resumable' | 'multipart' | 'seeded';
  uploadedAt: Date;
  deleted: boolean;
  thumbnail: SimThumbnail | null;
}

export interface SimSession {
  id: string;
  uri: string;
  total: number;
  contentType: string;
  /** Contiguous bytes the session stored (what its Range reports). */
  received: number;
  /** Every body byte that arrived for the session, stored or thrown away. */
  bytesReceived: number;
  /** Body sizes of the data requests, in order. */
  chunks: number[];
  sha256: string | null;
  videoId: string | null;
  /** Forgotten by the server: every request to it answers 404. */
  expired: boolean;
  metadata: Record<string, unknown>;
}

export interface SimRequest {
  method: string;
  /** Path without the query, e.g. `/upload/youtube/v3/videos`. */
  route: string;
  uploadType: string | null;
  contentRange: string | null;
  /** A bearer token was sent and is valid. */
  authorized: boolean;
  /** HTTP status answered, or `reset` when the socket was destroyed instead. */
  outcome: number | 'reset';
  at: Date;
}

export interface SimBucket {
  used: number;
  limit: number;
}

export interface YoutubeSimState {
  channelId: string;
  channelTitle: string;
  uploadsPlaylistId: string;
  videos: SimVideo[];
  sessions: SimSession[];
  thumbnails: SimThumbnail[];
  requests: SimRequest[];
  /** Since 2026-06-01: videos.insert calls in their own bucket, other calls in units (§2.6). */
  quota: { uploads: SimBucket; units: SimBucket };
  /** Refresh grants answered (successful or not). */
  tokenRequests: number;
  /** Videos videos.list leaves out of `items` though the uploads playlist lists them (§2.5: "simply absent from items"). */
  metadataHidden: Set<string>;
  /** playlistItems.list names no video in its items (no contentDetails.videoId, no snippet.resourceId): a shape no reference page promises either way. */
  playlistHidesVideoIds: boolean;
  /**
   * `status.uploadStatus` of the next uploads, kept until a test edits it; null: as real YouTube
   * (§2.5), `uploaded` in the final answer, then `processed` once `processingMs` has passed.
   */
  nextUploadStatus: SimVideo['status']['uploadStatus'] | null;
  /** How long a new upload stays `uploaded` when nextUploadStatus is null (0: `processed` at once). */
  processingMs: number;
}

export function createSimState(o: { channelId: string; channelTitle: string; uploadsPerDay: number; unitsPerDay: number; processingMs: number }): YoutubeSimState {
  return {
    channelId: o.channelId,
    channelTitle: o.channelTitle,
    uploadsPlaylistId: `UU${o.channelId.slice(2)}`,
    videos: [],
    sessions: [],
    thumbnails: [],
    requests: [],
    quota: { uploads: { used: 0, limit: o.uploadsPerDay }, units: { used: 0, limit: o.unitsPerDay } },
    tokenRequests: 0,
    metadataHidden: new Set(),
    playlistHidesVideoIds: false,
    nextUploadStatus: null,
    processingMs: o.processingMs,
  };
}

/** An API error envelope (platform-apis.md §2.7). */
export function apiError(status: number, reason: string, message: string, domain = 'youtube.api'): SimAnswer {
  return { status, body: { error: { code: status, message, errors: [{ message, domain, reason }] } } };
}

export interface SimAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Moves every video whose processing time has passed to `processed` (called before each request). */
export function advanceProcessing(state: YoutubeSimState, now: Date): void {
  for (const v of state.videos) {
    if (v.processesAt && v.processesAt.getTime() <= now.getTime()) {
      if (v.status.uploadStatus === 'uploaded') v.status.uploadStatus = 'processed';
      v.processesAt = null;
    }
  }
}
