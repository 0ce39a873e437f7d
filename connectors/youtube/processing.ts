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

/**
 * Why YouTube gave a video up (§2.5 rejectionReason / failureReason, and a deleted upload), in
 * words for the person reading the failure; the raw value stays in platformCode. A value not
 * listed here gives no reason in the sentence rather than an English code.
 */
const reasons: Record<string, { vi: string; en: string }> = {
  claim: { vi: 'chủ sở hữu bản quyền đã khiếu nại nội dung trong video', en: 'a rights holder claimed content in it' },
  copyright: { vi: 'video vi phạm bản quyền', en: 'it infringes copyright' },
  duplicate: { vi: 'video trùng với một video đã có trên kênh', en: 'it duplicates a video already on the channel' },
  inappropriate: { vi: 'YouTube cho là nội dung không phù hợp', en: 'YouTube found the content inappropriate' },
  legal: { vi: 'vì lý do pháp lý', en: 'for legal reasons' },
  length: { vi: 'video dài quá giới hạn của kênh', en: 'it is longer than the channel allows' },
  termsOfUse: { vi: 'video vi phạm điều khoản sử dụng của YouTube', en: 'it breaks YouTube’s terms of use' },
  trademark: { vi: 'video vi phạm nhãn hiệu', en: 'it infringes a trademark' },
  uploaderAccountClosed: { vi: 'tài khoản YouTube của kênh đã bị đóng', en: 'the channel’s account is closed' },
  uploaderAccountSuspended: { vi: 'tài khoản YouTube của kênh đang bị tạm khóa', en: 'the channel’s account is suspended' },
  codec: { vi: 'YouTube không đọc được định dạng mã hóa của tệp', en: 'YouTube cannot read the file’s codec' },
  conversion: { vi: 'YouTube không chuyển đổi được tệp', en: 'YouTube could not convert the file' },
  emptyFile: { vi: 'tệp video rỗng', en: 'the file is empty' },
  invalidFile: { vi: 'tệp video hỏng hoặc không phải video', en: 'the file is damaged or not a video' },
  tooSmall: { vi: 'tệp video quá nhỏ', en: 'the file is too small' },
  uploadAborted: { vi: 'việc tải lên bị ngắt giữa chừng', en: 'the upload was cut off' },
  deleted: { vi: 'video đã bị xóa trên YouTube', en: 'the video was deleted on YouTube' },
};

function refusal(videoId: string, status: YtVideo['status']): ConnectorError {
  const upload = status?.uploadStatus ?? 'failed';
  const reason = status?.rejectionReason ?? status?.failureReason ?? null;
  const why = reasons[reason ?? upload];
  return new ConnectorError({
    kind: 'permanent',
    code: `YT_VIDEO_${upload.toUpperCase()}`,
    sideEffectPossible: false,
    platformCode: reason ?? upload,
    message: {
      vi: `YouTube không nhận video ${videoId} sau khi tải lên${why ? `: ${why.vi}` : ''}. Hãy xem YouTube Studio, sửa tệp hoặc nội dung rồi đăng lại (mã lỗi ghi ở mục "Các lần thử")`,
      en: `YouTube gave up video ${videoId} after the upload${why ? `: ${why.en}` : ''}. Check YouTube Studio, fix the file or content and publish again (the error code is under "Attempts")`,
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
