import { ConnectorError, type ErrorKind } from '../contract.ts';
import { bool, isObject, num, parseJson, str, type JsonObject } from '../guards.ts';
import { parseRetryAfter } from '../retry-after.ts';
import { unclassifiedReason } from '../unclassified-reason.ts';
import { readUsage } from './usage.ts';

/** The `error` object of a Graph answer (platform-apis.md §1.8). */
export interface GraphErrorBody {
  code: number;
  subcode: number | null;
  type: string | null;
  message: string;
  isTransient: boolean;
  /** Extra data, e.g. the offsets Graph expects after 1363037; may arrive as a JSON string. */
  errorData: JsonObject | null;
  fbtraceId: string | null;
}

/** A failed Graph answer, as the client saw it. */
export interface GraphFailure {
  status: number;
  error: GraphErrorBody | null;
  /** `X-Business-Use-Case-Usage` header. */
  businessUseCaseUsage: string | null;
  /** `X-App-Usage` header. */
  appUsage: string | null;
  /** `Retry-After` header (a proxy's or gateway's 429/503), when the answer had one. */
  retryAfter?: string | null;
  /** Short, secret-free excerpt of the answer for the attempt row. */
  excerpt: string;
  /** What Loa was doing, e.g. { vi: 'đăng bài', en: 'creating the post' }. */
  action: { vi: string; en: string };
  /** The call creates the post: a server error does not prove nothing was created. */
  creating: boolean;
  now: Date;
}

type Messages = { vi: string; en: string };

interface Rule {
  code?: number | [number, number];
  subcode?: number;
  kind: ErrorKind;
  /** The answer itself says the post may exist (506 duplicate). */
  sideEffect?: boolean;
  message: Messages;
}

const RECONNECT = { vi: 'Hãy kết nối lại kênh Facebook', en: 'Reconnect the Facebook channel' };
const auth = (vi: string, en: string): Rule['message'] => ({ vi: `${vi}. ${RECONNECT.vi}`, en: `${en}. ${RECONNECT.en}` });

/**
 * The one classification table for Graph errors (platform-apis.md §1.8, §1.5, §7), keyed by
 * code and subcode; subcode rules come first, then code rules; first match wins.
 */
const rules: Rule[] = [
  { code: 190, subcode: 458, kind: 'auth', message: auth('Người quản trị đã gỡ ứng dụng Loa khỏi tài khoản Facebook', 'The Page admin removed the Loa app from their Facebook account') },
  { code: 190, subcode: 459, kind: 'auth', message: auth('Tài khoản Facebook của người quản trị đang bị kiểm tra bảo mật (checkpoint); hãy đăng nhập facebook.com để xác minh', 'The admin account is checkpointed; log in on facebook.com to clear it') },
  { code: 190, subcode: 460, kind: 'auth', message: auth('Người quản trị Trang đã đổi mật khẩu Facebook nên mã truy cập mất hiệu lực', 'The Page admin changed their Facebook password, which voided the token') },
  { code: 190, subcode: 463, kind: 'auth', message: auth('Mã truy cập Facebook đã hết hạn', 'The Facebook access token has expired') },
  { code: 190, subcode: 464, kind: 'auth', message: auth('Tài khoản Facebook của người quản trị chưa được xác nhận', 'The admin Facebook account is unconfirmed') },
  { code: 190, subcode: 467, kind: 'auth', message: auth('Mã truy cập Facebook không còn hợp lệ (người dùng đã đăng xuất hoặc mã bị thu hồi)', 'The Facebook access token is no longer valid (logged out or revoked)') },
  { subcode: 1363042, kind: 'auth', message: auth('Tài khoản không có quyền đăng video lên Trang này (cần quyền publish_video và vai trò tạo nội dung)', 'No permission to upload video to this Page (needs publish_video and a content role)') },
  { subcode: 1363023, kind: 'permanent', message: { vi: 'Video quá lớn so với giới hạn của Facebook; hãy dùng tệp nhỏ hơn', en: 'The video is larger than Facebook allows; use a smaller file' } },
  { subcode: 1363022, kind: 'permanent', message: { vi: 'Tệp video quá nhỏ (dưới 1 KB) hoặc rỗng', en: 'The video file is too small (under 1 KB) or empty' } },
  { subcode: 1363030, kind: 'transient', message: { vi: 'Facebook hết thời gian chờ khi nhận video; Loa sẽ tải tiếp', en: 'Facebook timed out receiving the video; Loa will continue the upload' } },
  { subcode: 1363019, kind: 'transient', message: { vi: 'Facebook gặp sự cố khi nhận video; Loa sẽ thử lại', en: 'Facebook had a problem receiving the video; Loa will retry' } },
  // §1.5 lists 6000 among the video error subcodes ("retry"); Graph also sends it as the code (below).
  { subcode: 6000, kind: 'transient', message: { vi: 'Facebook gặp sự cố khi nhận video; Loa sẽ thử lại', en: 'Facebook had a problem receiving the video; Loa will retry' } },
  { subcode: 1363037, kind: 'transient', message: { vi: 'Vị trí tải video lên lệch với máy chủ Facebook; Loa sẽ tải tiếp từ vị trí máy chủ báo', en: 'The video upload offset disagreed with Facebook; Loa will resume from the server offset' } },
  { subcode: 1504028, kind: 'permanent', message: { vi: 'Yêu cầu số liệu Facebook thiếu tên chỉ số', en: 'The Facebook insights request named no metric' } },
  { subcode: 33, kind: 'permanent', message: { vi: 'Bài hoặc đối tượng không còn trên Facebook (đã bị xóa) hoặc mã truy cập không được xem nó', en: 'The object no longer exists on Facebook (deleted) or the token may not see it' } },
  { code: 190, kind: 'auth', message: auth('Mã truy cập Facebook không hợp lệ', 'The Facebook access token is invalid') },
  { code: 102, kind: 'auth', message: auth('Phiên đăng nhập Facebook không còn hiệu lực', 'The Facebook session is no longer valid') },
  { code: 10, kind: 'auth', message: auth('Ứng dụng chưa được cấp quyền cần thiết trên Trang (ví dụ pages_manage_posts)', 'The app lacks a permission it needs on the Page (e.g. pages_manage_posts)') },
  { code: [200, 299], kind: 'auth', message: auth('Thiếu quyền Facebook (pages_manage_posts, pages_read_engagement, publish_video) hoặc người kết nối không còn vai trò tạo nội dung trên Trang', 'A Facebook permission is missing (pages_manage_posts, pages_read_engagement, publish_video) or the connecting person lost their content role on the Page') },
  { code: 4, kind: 'rate_limited', message: { vi: 'Ứng dụng đã chạm giới hạn số lần gọi Facebook; Loa sẽ gửi lại khi được phép', en: 'The app hit its Facebook call limit; Loa will try again when allowed' } },
  { code: 17, kind: 'rate_limited', message: { vi: 'Tài khoản đã chạm giới hạn số lần gọi Facebook; Loa sẽ gửi lại khi được phép', en: 'The account hit its Facebook call limit; Loa will try again when allowed' } },
  { code: 32, kind: 'rate_limited', message: { vi: 'Trang đã chạm giới hạn số lần gọi Facebook; Loa sẽ gửi lại khi được phép', en: 'The Page hit its Facebook request limit; Loa will try again when allowed' } },
  { code: 613, kind: 'rate_limited', message: { vi: 'Facebook giới hạn tần suất gọi; Loa sẽ gửi lại sau', en: 'Facebook is limiting the call rate; Loa will try again later' } },
  { code: 80001, kind: 'rate_limited', message: { vi: 'Trang đã chạm giới hạn gọi theo mục đích kinh doanh (BUC); Loa sẽ gửi lại khi Facebook cho phép', en: 'The Page hit its Business Use Case call limit; Loa will try again when Facebook allows' } },
  { code: 341, kind: 'rate_limited', message: { vi: 'Ứng dụng đã chạm giới hạn của Facebook; Loa sẽ gửi lại sau', en: 'The application limit was reached; Loa will try again later' } },
  { code: 368, kind: 'permanent', message: { vi: 'Facebook đang tạm chặn Trang đăng bài vì cho rằng nội dung vi phạm chính sách. Hãy kiểm tra Hộp thư hỗ trợ trong Meta Business Suite, xử lý cảnh báo, rồi bấm "Thử lại" sau khi lệnh chặn hết hạn (thường sau 24 giờ)', en: 'Facebook is temporarily blocking the Page from posting for a suspected policy violation. Check the Support Inbox in Meta Business Suite, resolve the warning, then press "Retry" once the block lifts (often after 24 hours)' } },
  { code: 506, kind: 'permanent', sideEffect: true, message: { vi: 'Facebook báo bài trùng với bài vừa đăng: có thể bài đã được đăng ở lần thử trước; Loa sẽ kiểm tra lại Trang', en: 'Facebook says this duplicates the previous post: it may already have been posted by an earlier attempt; Loa will check the Page' } },
  { code: 1609005, kind: 'permanent', message: { vi: 'Facebook không đọc được đường liên kết của bài (trang đích lỗi hoặc chặn trình thu thập của Facebook); hãy kiểm tra liên kết', en: 'Facebook could not fetch the post link (the page failed or blocks Facebook\'s crawler); check the link' } },
  { code: 3, kind: 'permanent', message: { vi: 'Ứng dụng Meta chưa được phép dùng chức năng này; hãy kiểm tra cấu hình ứng dụng', en: 'The Meta app may not use this capability; check the app configuration' } },
  { code: 12, kind: 'permanent', message: { vi: 'Phiên bản Graph API đã bị ngừng; hãy đổi apiVersion của kênh sang phiên bản mới', en: 'This Graph API version is retired; set the channel apiVersion to a current one' } },
  { code: 100, kind: 'permanent', message: { vi: 'Facebook từ chối tham số gửi lên (giá trị sai, thời điểm hẹn giờ không hợp lệ hoặc chỉ số không còn tồn tại)', en: 'Facebook rejected a parameter (bad value, invalid scheduled time or a retired metric)' } },
  { code: 6000, kind: 'transient', message: { vi: 'Facebook gặp sự cố khi nhận video; Loa sẽ thử lại', en: 'Facebook had a problem receiving the video; Loa will retry' } },
  { code: 1, kind: 'transient', message: { vi: 'Facebook gặp lỗi không xác định (có thể tạm thời gián đoạn)', en: 'Facebook had an unknown error (possibly a temporary outage)' } },
  { code: 2, kind: 'transient', message: { vi: 'Dịch vụ Facebook tạm thời gián đoạn', en: 'The Facebook service is temporarily unavailable' } },
];

function matches(rule: Rule, e: GraphErrorBody): boolean {
  if (typeof rule.code === 'number' && rule.code !== e.code) return false;
  if (Array.isArray(rule.code) && (e.code < rule.code[0] || e.code > rule.code[1])) return false;
  if (rule.subcode !== undefined && rule.subcode !== e.subcode) return false;
  return true;
}

/** Reads `{error:{…}}` from an answer body; null when it is not a Graph error. */
export function parseGraphError(body: unknown): GraphErrorBody | null {
  const e = isObject(body) ? body.error : undefined;
  const code = num(e, 'code');
  if (!isObject(e) || code === undefined) return null;
  const rawData = e.error_data;
  const data = typeof rawData === 'string' ? parseJson(rawData) : rawData;
  return {
    code,
    subcode: num(e, 'error_subcode') ?? null,
    type: str(e, 'type') ?? null,
    message: str(e, 'message') ?? '',
    isTransient: bool(e, 'is_transient') ?? false,
    errorData: isObject(data) ? data : null,
    fbtraceId: str(e, 'fbtrace_id') ?? null,
  };
}

/**
 * When a throttled caller may call again: the largest `estimated_time_to_regain_access`
 * (minutes) in X-Business-Use-Case-Usage; else, when X-App-Usage shows a counter at 100 %,
 * the end of the platform's rolling hour; else 15 minutes. Calling while throttled extends
 * the block (§1.9), so the guess errs on the long side.
 */
export function usageRetryAt(businessUseCaseUsage: string | null, appUsage: string | null, now: Date): Date {
  const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
  const usage = readUsage(appUsage, businessUseCaseUsage, 'all');
  if (usage && usage.regainMinutes > 0) return minutes(usage.regainMinutes);
  if (usage && usage.percent >= 100) return minutes(60);
  return minutes(15);
}

/**
 * Turns a failed Graph answer into a ConnectorError. `classified: false` means no rule
 * matched: the error is transient (capped attempts) and the caller logs it so the table grows.
 */
export function classifyGraphError(f: GraphFailure): { error: ConnectorError; classified: boolean } {
  const e = f.error;
  const subcodeRule = e?.subcode != null ? rules.find((r) => r.subcode !== undefined && matches(r, e)) : undefined;
  const byCode = e ? (subcodeRule ?? rules.find((r) => r.subcode === undefined && matches(r, e))) : httpRule(f.status);
  // Graph flags some errors `is_transient` itself; that is a classification too.
  const rule = byCode ?? (e?.isTransient ? SAYS_TRANSIENT : undefined);
  const kind: ErrorKind = rule?.kind ?? 'transient';
  const code = e ? `FB_${e.code}${e.subcode != null ? `_${e.subcode}` : ''}` : `HTTP_${f.status}`;
  const message = rule?.message ?? unclassifiedReason('Facebook');
  const error = new ConnectorError({
    kind,
    code,
    message: { vi: `Lỗi khi ${f.action.vi}: ${message.vi}`, en: `While ${f.action.en}: ${message.en}` },
    retryAt: retryAtOf(kind, f),
    // A server error (or one we cannot read) on the creating call may come after Graph stored
    // the post; 506 says outright that a post like it exists. Only a reconcile can tell.
    sideEffectPossible: rule?.sideEffect === true || (f.creating && (f.status >= 500 || rule === undefined || rule.kind === 'transient')),
    platformCode: e ? `${e.code}${e.subcode != null ? `/${e.subcode}` : ''}` : undefined,
    excerpt: f.excerpt,
  });
  return { error, classified: rule !== undefined };
}

/**
 * When to call again. Graph's throttles tell it through the usage headers (§1.9); an HTTP-level
 * 429 or 503 (a gateway, an outage) may carry `Retry-After`, seconds or an HTTP date (RFC 9110
 * §10.2.3). A throttle waits for the later of the two, since calling while throttled extends
 * the block; a 429 without Graph's error object has only its Retry-After to go by.
 */
function retryAtOf(kind: ErrorKind, f: GraphFailure): Date | undefined {
  const asked = parseRetryAfter(f.retryAfter ?? null, f.now);
  if (kind !== 'rate_limited') return asked;
  if (asked && !f.error) return asked;
  const usage = usageRetryAt(f.businessUseCaseUsage, f.appUsage, f.now);
  return asked && asked > usage ? asked : usage;
}

const SAYS_TRANSIENT: Rule = { kind: 'transient', message: { vi: 'Facebook báo lỗi tạm thời', en: 'Facebook reported a temporary error' } };

function httpRule(status: number): Rule | undefined {
  if (status === 429) return { kind: 'rate_limited', message: { vi: 'Facebook giới hạn tần suất gọi; Loa sẽ gửi lại sau', en: 'Facebook is limiting the call rate; Loa will try again later' } };
  if (status >= 500) return { kind: 'transient', message: { vi: 'Máy chủ Facebook gặp lỗi tạm thời', en: 'The Facebook server had a temporary error' } };
  return undefined;
}
