import { ConnectorError, type Json, type Processing, type PublishContext, type Published } from '../contract.ts';
import type { YoutubeClient, YtVideo } from './client.ts';

/** How long after the upload a video still being processed is read again. */
const PROCESSING_POLL_MS = 60_000;
/**
 * Past this, a video YouTube still lists as `uploaded` (or leaves out of videos.list) counts as
 * published: it is on the channel (as the uploads playlist shows it within the connector's
 * settle time), and a delivery waiting longer on processing — or for ever, on an API that
 * never moves the status — helps nobody. Rejections (duplicate, length…) come sooner.
 */
const PROCESSING_LIMIT_MS = 10 * 60_000;

export type ProcessingHandle = { videoId: string; uploadedAt: string };

/** Why YouTube gave a video up (§2.5 failureReason / rejectionReason), for the person reading the failure. */
function refusal(videoId: string, status: YtVideo['status']): ConnectorError {
  const upload = status?.uploadStatus ?? 'failed';
  const reason = status?.rejectionReason ?? status?.failureReason ?? null;
  return new ConnectorError({
    kind: 'permanent',
    code: `YT_VIDEO_${upload.toUpperCase()}`,
    sideEffectPossible: false,
    platformCode: reason ?? upload,
    message: {
      vi: `YouTube không nhận video ${videoId} sau khi tải lên (${upload}${reason ? `: ${reason}` : ''}); hãy xem YouTube Studio, sửa tệp hoặc nội dung rồi đăng lại`,
      en: `YouTube gave up video ${videoId} after the upload (${upload}${reason ? `: ${reason}` : ''}); check YouTube Studio, fix the file or content and publish again`,
    },
  });
}

/**
 * What a video's `status.uploadStatus` (§2.5) says: `processed` (or no status at all) →
 * published; `failed`, `rejected`, `deleted` → a permanent failure; `uploaded` → still processing.
 */
export function settledOrProcessing(video: YtVideo | undefined, handle: ProcessingHandle, now: Date): Published | Processing | ConnectorError {
  const published: Published = { kind: 'published', externalId: handle.videoId, url: `https://www.youtube.com/watch?v=${encodeURIComponent(handle.videoId)}` };
  const upload = video?.status?.uploadStatus;
  if (video && (upload === undefined || upload === null || upload === 'processed')) return published;
  if (upload === 'failed' || upload === 'rejected' || upload === 'deleted') return refusal(handle.videoId, video?.status);
  if (now.getTime() - Date.parse(handle.uploadedAt) > PROCESSING_LIMIT_MS) return published;
  return { kind: 'processing', handle: handle as unknown as Json, pollAfterMs: PROCESSING_POLL_MS };
}

export function parseProcessingHandle(handle: Json): ProcessingHandle {
  const h = handle && typeof handle === 'object' && !Array.isArray(handle) ? handle : {};
  if (typeof h.videoId !== 'string' || typeof h.uploadedAt !== 'string') {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'YT_HANDLE_INVALID',
      sideEffectPossible: false,
      message: { vi: 'Không rõ video nào đang chờ YouTube xử lý (thiếu videoId)', en: 'No videoId in the processing handle; cannot tell which video YouTube is processing' },
    });
  }
  return { videoId: h.videoId, uploadedAt: h.uploadedAt };
}

/** Reads the video's upload status (videos.list part=status, 1 unit; read-only, safe to repeat). */
export async function readProcessing(handle: ProcessingHandle, ctx: PublishContext, client: YoutubeClient): Promise<Published | Processing> {
  const answer = await client.listVideos([handle.videoId], ['status']);
  // Left out of items (§2.5: deleted, or not shown): read again until the limit rather than fail a video that was uploaded.
  const video = (answer.items ?? []).find((v) => v.id === handle.videoId);
  const state = video ? settledOrProcessing(video, handle, ctx.now()) : settledOrProcessing({ status: { uploadStatus: 'uploaded' } }, handle, ctx.now());
  if (state instanceof ConnectorError) throw state;
  return state;
}
