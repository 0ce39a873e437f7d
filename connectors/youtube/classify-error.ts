import { ConnectorError, type ErrorKind } from '../contract.ts';
import { parseRetryAfter } from '../retry-after.ts';
import { unclassifiedReason } from '../unclassified-reason.ts';
import { nextPacificMidnight } from './quota.ts';

type Messages = { vi: string; en: string };

/** A refused call to the Data API, an upload endpoint or Google's token endpoint. */
export interface YoutubeFailure {
  status: number;
  /** `errors[0].reason` of the API envelope, or `error` of an OAuth answer (`invalid_grant`); null when neither. */
  reason: string | null;
  retryAfter: string | null;
  /** Short, secret-free excerpt of the answer for the attempt row. */
  excerpt: string;
  /** What Loa was doing, e.g. { vi: 'tải video lên', en: 'uploading the video' }. */
  action: Messages;
  /** The call may complete the upload: an answer that does not prove failure leaves the video possibly created. */
  creating: boolean;
  now: Date;
}

/** When a rate-limited call may be tried again. */
type Wait = 'quota-reset' | 'a-day' | 'retry-after';

interface Rule {
  status?: number | [number, number];
  reason?: string | RegExp;
  kind: ErrorKind;
  wait?: Wait;
  message: Messages;
}

/** What each `invalid*` reason points at, for a person fixing the content or the channel settings. */
const invalidFields: Record<string, Messages> = {
  invalidTitle: { vi: 'Tiêu đề video không hợp lệ (rỗng, quá 100 ký tự hoặc có dấu < >)', en: 'Invalid video title (empty, over 100 characters, or containing < >)' },
  invalidDescription: { vi: 'Mô tả video không hợp lệ (quá 5000 byte hoặc có dấu < >)', en: 'Invalid video description (over 5000 bytes, or containing < >)' },
  invalidTags: { vi: 'Thẻ (tags) của video quá dài (tổng 500 ký tự)', en: 'The video tags are too long (500 characters in total)' },
  invalidCategoryId: { vi: 'Mã chuyên mục (categoryId) trong cấu hình kênh không hợp lệ', en: 'The channel setting categoryId is not a valid YouTube category' },
  invalidPublishAt: { vi: 'Thời điểm hẹn giờ đăng (publishAt) không hợp lệ', en: 'Invalid scheduled publish time (publishAt)' },
  invalidFilename: { vi: 'Tên tệp video không hợp lệ', en: 'Invalid video file name' },
  invalidVideoMetadata: { vi: 'Thông tin video không hợp lệ', en: 'Invalid video metadata' },
  defaultLanguageNotSet: { vi: 'Thiếu ngôn ngữ mặc định (defaultLanguage) của video', en: 'The video default language is not set' },
  mediaBodyRequired: { vi: 'YouTube không nhận được nội dung tệp', en: 'YouTube received no file content' },
  invalidImage: { vi: 'Ảnh thu nhỏ không hợp lệ hoặc quá lớn', en: 'The thumbnail image is invalid or too large' },
};

/** An `invalid*` reason not listed above: its name stays in platformCode (under the attempts), not in the sentence. */
const unknownInvalidField: Messages = {
  vi: 'YouTube không nhận một thông tin của video (tiêu đề, mô tả, thẻ, giờ hẹn đăng hoặc cấu hình kênh). Hãy kiểm tra lại bài và cấu hình kênh rồi đăng lại (mã lỗi ghi ở mục "Các lần thử")',
  en: 'YouTube refused a detail of the video (title, description, tags, scheduled time or channel settings). Check the item and the channel settings, then publish again (the error code is under "Attempts")',
};

/**
 * The one classification table for YouTube (platform-apis.md §2.7, §2.8), keyed by HTTP status
 * and reason; first match wins. Reasons decide where they are known, because the same status
 * means different things (403 is quota, rate, scope or permission).
 */
const rules: Rule[] = [
  {
    reason: 'invalid_grant',
    kind: 'auth',
    message: {
      vi: 'Quyền truy cập YouTube đã bị thu hồi hoặc hết hạn (invalid_grant). Hãy kết nối lại kênh bằng tài khoản Google quản lý kênh',
      en: 'YouTube access was revoked or expired (invalid_grant). Reconnect the channel with the Google account that manages it',
    },
  },
  {
    reason: /^(invalid_client|unauthorized_client|deleted_client)$/,
    kind: 'auth',
    message: {
      vi: 'Ứng dụng OAuth của Google (clientId/clientSecret) không hợp lệ hoặc đã bị xóa; hãy kiểm tra trong Google Cloud Console rồi kết nối lại kênh',
      en: 'The Google OAuth client (clientId/clientSecret) is invalid or deleted; check it in Google Cloud Console and reconnect the channel',
    },
  },
  {
    reason: /^(quotaExceeded|dailyLimitExceeded)$/,
    kind: 'rate_limited',
    wait: 'quota-reset',
    message: {
      vi: 'Dự án Google đã dùng hết hạn mức YouTube trong ngày; Loa sẽ thử lại sau 0 giờ theo giờ Thái Bình Dương',
      en: "The Google project's daily YouTube quota is spent; Loa tries again after midnight Pacific time",
    },
  },
  {
    reason: 'uploadLimitExceeded',
    kind: 'rate_limited',
    wait: 'a-day',
    message: {
      vi: 'Kênh YouTube đã đạt giới hạn số video tải lên trong ngày; Loa sẽ thử lại sau khoảng 24 giờ',
      en: 'The YouTube channel reached its daily upload limit; Loa tries again in about 24 hours',
    },
  },
  {
    reason: /^(rateLimitExceeded|userRateLimitExceeded|uploadRateLimitExceeded)$/,
    kind: 'rate_limited',
    wait: 'retry-after',
    message: { vi: 'YouTube đang giới hạn tần suất gọi; Loa sẽ thử lại sau', en: 'YouTube is rate limiting; Loa will try again later' },
  },
  {
    reason: 'insufficientPermissions',
    kind: 'auth',
    message: {
      vi: 'Tài khoản Google chưa cấp đủ quyền cho Loa (cần quyền quản lý và tải video YouTube); hãy kết nối lại kênh và đánh dấu mọi quyền được hỏi',
      en: 'The Google account did not grant every scope Loa needs (YouTube manage and upload); reconnect the channel and tick every permission asked',
    },
  },
  {
    reason: /^(youtubeSignupRequired|authenticatedUserAccountClosed|authenticatedUserAccountSuspended|authenticatedUserNotChannel)$/,
    kind: 'auth',
    message: {
      vi: 'Tài khoản Google đã kết nối không có kênh YouTube dùng được (chưa tạo kênh, bị đóng hoặc bị đình chỉ); hãy kết nối lại bằng tài khoản quản lý kênh',
      en: 'The connected Google account has no usable YouTube channel (none created, closed or suspended); reconnect with the account that manages the channel',
    },
  },
  {
    status: 401,
    kind: 'auth',
    message: {
      vi: 'YouTube từ chối mã truy cập (hết hạn hoặc bị thu hồi); hãy kết nối lại kênh nếu lỗi còn lặp lại',
      en: 'YouTube refused the access token (expired or revoked); reconnect the channel if this keeps happening',
    },
  },
  {
    reason: /^forbidden/,
    kind: 'permanent',
    message: {
      vi: 'YouTube không cho phép thao tác này với kênh (ví dụ ảnh thu nhỏ tùy chỉnh cần kênh đã xác minh số điện thoại, hoặc chế độ riêng tư/giấy phép bị cấm)',
      en: 'YouTube does not allow this on the channel (e.g. custom thumbnails need a phone-verified channel, or the privacy/license setting is forbidden)',
    },
  },
  {
    reason: /^(videoNotFound|notFound)$/,
    kind: 'permanent',
    message: { vi: 'Video không còn trên YouTube (đã bị xóa)', en: 'The video no longer exists on YouTube (deleted)' },
  },
  {
    status: 429,
    kind: 'rate_limited',
    wait: 'retry-after',
    message: { vi: 'YouTube đang giới hạn tần suất gọi; Loa sẽ thử lại sau', en: 'YouTube is rate limiting; Loa will try again later' },
  },
  {
    status: [500, 599],
    kind: 'transient',
    message: { vi: 'Máy chủ YouTube gặp lỗi tạm thời; Loa sẽ thử lại (video đang tải sẽ được tải tiếp)', en: 'YouTube had a temporary server error; Loa will try again (an upload resumes where it stopped)' },
  },
  {
    status: 403,
    kind: 'permanent',
    message: { vi: 'YouTube từ chối thao tác (không có quyền)', en: 'YouTube refused the operation (forbidden)' },
  },
  {
    status: 404,
    kind: 'permanent',
    message: { vi: 'YouTube không tìm thấy đối tượng được yêu cầu', en: 'YouTube found no such object' },
  },
];

function matches(rule: Rule, f: YoutubeFailure): boolean {
  if (typeof rule.status === 'number' && rule.status !== f.status) return false;
  if (Array.isArray(rule.status) && (f.status < rule.status[0] || f.status > rule.status[1])) return false;
  if (typeof rule.reason === 'string' && rule.reason !== f.reason) return false;
  if (rule.reason instanceof RegExp && (f.reason === null || !rule.reason.test(f.reason))) return false;
  return true;
}

function retryAtOf(wait: Wait | undefined, f: YoutubeFailure): Date | undefined {
  if (wait === 'quota-reset') return nextPacificMidnight(f.now);
  if (wait === 'a-day') return new Date(f.now.getTime() + 24 * 3600_000);
  return parseRetryAfter(f.retryAfter, f.now);
}

/** `quotaExceeded` → `QUOTA_EXCEEDED`, `invalid_grant` → `INVALID_GRANT`. */
function upperSnake(reason: string): string {
  return reason
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * Turns a refused call into a ConnectorError. Any `invalid*` reason (and one of the known
 * bad-input reasons) is permanent with what to fix. `classified: false` means no rule matched:
 * the caller logs it so the table can grow; the error is permanent for a 4xx (§2.2 step 6),
 * transient (capped attempts) otherwise.
 */
export function classifyYoutubeError(f: YoutubeFailure): { error: ConnectorError; classified: boolean } {
  const field = f.reason ? invalidFields[f.reason] : undefined;
  const badInput: Rule | undefined =
    field || (f.status === 400 && f.reason !== null && /^invalid[A-Z]/.test(f.reason))
      ? { kind: 'permanent', message: field ?? unknownInvalidField }
      : undefined;
  const rule = badInput ?? rules.find((r) => matches(r, f));
  // §2.2 step 6: besides the listed ones, a 4xx is permanent — the same request meets the same
  // refusal, and each repeat of an opening costs a call from the 100-a-day upload bucket (§2.6).
  // 408 is a timeout, worth another try.
  const refused = !rule && f.status >= 400 && f.status < 500 && f.status !== 408;
  const message = rule?.message ??
    (refused
      ? {
          vi: 'YouTube từ chối yêu cầu và gửi lại y như cũ sẽ bị từ chối tiếp; hãy báo quản trị viên (mã lỗi ghi ở mục "Các lần thử")',
          en: 'YouTube refused the request and sending it again as is would be refused again; tell an administrator (the error code is under "Attempts")',
        }
      : unclassifiedReason('YouTube'));
  const kind = rule?.kind ?? (refused ? 'permanent' : 'transient');
  const error = new ConnectorError({
    kind,
    code: f.reason ? `YT_${upperSnake(f.reason)}` : `HTTP_${f.status}`,
    message: { vi: `Lỗi khi ${f.action.vi}: ${message.vi}`, en: `While ${f.action.en}: ${message.en}` },
    // A server error may say when to come back too (§2.2 step 3, RFC 9110 §10.2.3): sooner only adds load.
    retryAt: kind === 'rate_limited' ? retryAtOf(rule?.wait, f) : parseRetryAfter(f.retryAfter, f.now),
    // A 5xx to the request carrying the last byte may come after YouTube stored the video.
    sideEffectPossible: f.creating && f.status >= 500,
    platformCode: f.reason ?? undefined,
    excerpt: f.excerpt,
  });
  return { error, classified: rule !== undefined };
}
