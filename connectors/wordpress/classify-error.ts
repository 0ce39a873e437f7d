import { ConnectorError, type ErrorKind } from '../contract.ts';
import { parseRetryAfter } from '../retry-after.ts';
import { unclassifiedReason } from '../unclassified-reason.ts';

/** A non-2xx answer from a WordPress site (or from a proxy/WAF in front of it). */
export interface WordpressFailure {
  status: number;
  /** `code` of the WordPress JSON envelope `{code,message,data}`; null when the body was not one (HTML page of a proxy, WAF, theme). */
  wpCode: string | null;
  /** Codes and statuses nested in `data.details` (one per refused parameter), e.g. rest_forbidden_status / 401. */
  details?: { code: string; status: number | null }[];
  retryAfter: string | null;
  /** Short, secret-free excerpt of the body for the attempt row. */
  excerpt: string;
  /** What Loa was doing, for the message, e.g. { vi: 'tạo bài viết', en: 'creating the post' }. */
  action: { vi: string; en: string };
  /** The call creates the post: a 5xx answer does not prove nothing was created. */
  creating: boolean;
  now: Date;
}

type Messages = { vi: string; en: string };

interface Rule {
  status?: number | [number, number];
  code?: string | RegExp;
  /** Matches when a nested detail says the request was refused for want of a user. */
  anonymous?: boolean;
  /** Matches only bodies that were not WordPress JSON. */
  html?: boolean;
  /** Matches only when the answer carried Retry-After. */
  retryAfter?: boolean;
  kind: ErrorKind;
  message: Messages;
}

const reconnect: Messages = {
  vi: 'WordPress coi yêu cầu là khách chưa đăng nhập: mật khẩu ứng dụng (Application Password) đã bị thu hồi, không đúng, hoặc máy chủ đã bỏ header Authorization. Hãy tạo Application Password mới và kết nối lại kênh; nếu vẫn lỗi, nhờ quản trị website cho phép header Authorization (CGI/FastCGI)',
  en: 'WordPress handled the request as an anonymous visitor: the Application Password was revoked or is wrong, or the server dropped the Authorization header. Create a new Application Password and reconnect the channel; if it persists, ask the site admin to pass the Authorization header through (CGI/FastCGI)',
};

/**
 * The one classification table for WordPress (platform-apis.md §4.4), keyed by HTTP status and
 * WordPress `code`; first match wins. WordPress serves a request with a revoked, wrong or
 * stripped Application Password as anonymous (measured on 6.1.9, §4.1), so "auth" is any 401
 * whatever its code, and a 400 whose nested detail is a `rest_forbidden*` refusal with status
 * 401 (the post lookup asking for non-public statuses): all need a person to reconnect.
 */
const rules: Rule[] = [
  { status: 401, kind: 'auth', message: reconnect },
  { status: 400, anonymous: true, kind: 'auth', message: reconnect },
  {
    status: 403,
    code: /^rest_(cannot_|forbidden)/,
    kind: 'auth',
    message: {
      vi: 'Tài khoản WordPress không đủ quyền (cần vai trò Biên tập viên hoặc Tác giả, có quyền tải ảnh lên). Hãy nâng quyền tài khoản rồi kết nối lại kênh',
      en: 'The WordPress account lacks a capability (needs the Editor or Author role, with upload rights). Raise its role, then reconnect the channel',
    },
  },
  {
    code: 'rest_cookie_invalid_nonce',
    kind: 'permanent',
    message: {
      vi: 'Website WordPress nhận cả cookie lẫn mật khẩu ứng dụng; cần cấu hình proxy không gửi cookie',
      en: 'The WordPress site received cookies alongside the Application Password; configure the proxy not to forward cookies',
    },
  },
  {
    code: /^rest_(invalid_param|missing_callback_param|post_exists|invalid_featured_media|term_invalid)$/,
    kind: 'permanent',
    message: {
      vi: 'WordPress từ chối dữ liệu gửi lên (trường không hợp lệ, chuyên mục/thẻ hoặc ảnh đại diện không tồn tại). Kiểm tra cấu hình chuyên mục/thẻ của kênh',
      en: 'WordPress rejected a field (invalid value, or a category/tag/featured image that does not exist). Check the channel category/tag settings',
    },
  },
  {
    code: 'rest_no_route',
    kind: 'permanent',
    message: {
      vi: 'Địa chỉ không phải REST API của WordPress (sai baseUrl, REST bị tắt hoặc plugin chặn). Kiểm tra baseUrl, hoặc chọn kiểu ?rest_route= nếu website không dùng đường dẫn tĩnh',
      en: 'No WordPress REST route at this address (wrong baseUrl, REST disabled or blocked by a plugin). Check baseUrl, or choose the ?rest_route= style if the site has plain permalinks',
    },
  },
  {
    code: 'rest_post_invalid_id',
    kind: 'permanent',
    message: { vi: 'Bài viết không còn trên WordPress (đã bị xóa)', en: 'The post no longer exists on WordPress (deleted)' },
  },
  {
    code: /^rest_upload_(no_data|no_content_type|no_content_disposition|invalid_disposition)$/,
    kind: 'permanent',
    message: {
      vi: 'WordPress không nhận được tên tệp hoặc kiểu tệp của ảnh (proxy có thể đã bỏ header Content-Disposition/Content-Type)',
      en: 'WordPress did not receive the image file name or type (a proxy may strip Content-Disposition/Content-Type)',
    },
  },
  {
    code: /^rest_upload_(file_too_big|user_quota_exceeded|limited_space)$/,
    kind: 'permanent',
    message: {
      vi: 'Ảnh vượt quá dung lượng website WordPress cho phép; hãy dùng ảnh nhỏ hơn hoặc nhờ quản trị tăng giới hạn',
      en: 'The image exceeds what the WordPress site allows; use a smaller image or ask the admin to raise the limit',
    },
  },
  {
    code: 'rest_upload_sideload_error',
    kind: 'permanent',
    message: {
      vi: 'Website WordPress không cho tải lên loại tệp này; hãy dùng ảnh JPEG hoặc PNG',
      en: 'The WordPress site does not accept this file type; use a JPEG or PNG image',
    },
  },
  {
    status: [300, 399],
    kind: 'permanent',
    message: {
      vi: 'Website WordPress chuyển hướng sang địa chỉ khác (xem Location trong chi tiết lỗi); hãy sửa baseUrl của kênh cho đúng địa chỉ đó',
      en: 'The WordPress site redirects elsewhere (see Location in the error details); set the channel baseUrl to that address',
    },
  },
  {
    status: 429,
    kind: 'rate_limited',
    message: { vi: 'Website WordPress đang giới hạn tần suất gửi; Loa sẽ gửi lại sau', en: 'The WordPress site is rate limiting; Loa will try again later' },
  },
  {
    status: 503,
    retryAfter: true,
    kind: 'rate_limited',
    message: {
      vi: 'Website WordPress tạm ngừng phục vụ (bảo trì hoặc quá tải); Loa sẽ gửi lại vào thời điểm máy chủ yêu cầu',
      en: 'The WordPress site is temporarily unavailable (maintenance or overload); Loa will try again when the server asked',
    },
  },
  {
    status: [500, 599],
    kind: 'transient',
    message: { vi: 'Máy chủ WordPress gặp lỗi tạm thời', en: 'The WordPress server had a temporary error' },
  },
  {
    status: 404,
    html: true,
    kind: 'permanent',
    message: {
      vi: 'Địa chỉ trả về trang web thay vì REST API của WordPress. Kiểm tra baseUrl, hoặc chọn kiểu ?rest_route= nếu website không dùng đường dẫn tĩnh',
      en: 'The address answered with a web page, not the WordPress REST API. Check baseUrl, or choose the ?rest_route= style if the site has plain permalinks',
    },
  },
  {
    html: true,
    kind: 'transient',
    message: {
      vi: 'Tường lửa hoặc proxy trước website WordPress đã chặn yêu cầu (trang HTML); Loa sẽ thử lại',
      en: 'A firewall or proxy in front of the WordPress site blocked the request (HTML page); Loa will try again',
    },
  },
];

function matches(rule: Rule, f: WordpressFailure): boolean {
  if (typeof rule.status === 'number' && rule.status !== f.status) return false;
  if (Array.isArray(rule.status) && (f.status < rule.status[0] || f.status > rule.status[1])) return false;
  if (rule.html !== undefined && rule.html !== (f.wpCode === null)) return false;
  if (rule.retryAfter && !f.retryAfter) return false;
  if (rule.anonymous && !(f.details ?? []).some((d) => d.status === 401 && /^rest_(forbidden|cannot_)/.test(d.code))) return false;
  if (typeof rule.code === 'string' && rule.code !== f.wpCode) return false;
  if (rule.code instanceof RegExp && (f.wpCode === null || !rule.code.test(f.wpCode))) return false;
  return true;
}

/**
 * Turns a failed answer into a ConnectorError. `classified: false` means no rule matched:
 * the error is transient (capped attempts) and the caller logs it so the table can grow.
 */
export function classifyWordpressError(f: WordpressFailure): { error: ConnectorError; classified: boolean } {
  const rule = rules.find((r) => matches(r, f));
  const suffix = f.wpCode ?? 'HTML';
  const message = rule?.message ?? unclassifiedReason('WordPress');
  const error = new ConnectorError({
    kind: rule?.kind ?? 'transient',
    code: `WP_${f.status}_${suffix}`,
    message: { vi: `Lỗi khi ${f.action.vi}: ${message.vi}`, en: `While ${f.action.en}: ${message.en}` },
    // A server error may say when to come back too (a 502/504 from a proxy in front of a busy
    // host, §4.4; RFC 9110 §10.2.3): trying sooner only meets the same refusal.
    retryAt: parseRetryAfter(f.retryAfter, f.now),
    // A 5xx to the create call may come after WordPress inserted the post (fatal in a
    // plugin hook, gateway timeout): only a lookup by slug can tell.
    sideEffectPossible: f.creating && f.status >= 500,
    platformCode: f.wpCode ?? undefined,
    excerpt: f.excerpt,
  });
  return { error, classified: rule !== undefined };
}
