import { ConnectorError, type ErrorKind } from '../contract.ts';
import { parseRetryAfter } from '../retry-after.ts';

/**
 * Answers of a webhook endpoint, by HTTP status (Standard Webhooks 1.0, "Delivery";
 * ../shared/reference/platform-apis.md §5): any 2xx is success; 3xx is a failure (never
 * followed); 410 means the endpoint is gone for good (`endpointGone`: the channel stops for an
 * administrator, see core/deliveries/record.ts); 429/502/504 mean throttle, honouring
 * Retry-After. Nothing here has `sideEffectPossible`: every retry repeats the same
 * webhook-id, which the consumer must dedupe on, so re-delivery is safe. A 5xx or 408 may
 * come after the portal stored the event (`mayHaveLanded`): only another delivery would
 * post beside it.
 */
interface Rule {
  kind: ErrorKind;
  vi: string;
  en: string;
}

const byStatus: Record<number, Rule> = {
  401: { kind: 'auth', vi: 'Cổng nhận từ chối chữ ký/khoá bí mật (401); cần cập nhật khoá webhook', en: 'The endpoint refused our signature or secret (401)' },
  403: { kind: 'auth', vi: 'Cổng nhận không cho phép gửi (403); cần kiểm tra khoá webhook', en: 'The endpoint forbids our requests (403)' },
  408: { kind: 'transient', vi: 'Cổng nhận hết thời gian chờ (408)', en: 'The endpoint timed out (408)' },
  425: { kind: 'transient', vi: 'Cổng nhận chưa sẵn sàng (425)', en: 'The endpoint is not ready (425)' },
  429: { kind: 'rate_limited', vi: 'Cổng nhận yêu cầu gửi chậm lại (429)', en: 'The endpoint asked us to slow down (429)' },
  502: { kind: 'rate_limited', vi: 'Cổng nhận đang quá tải (502)', en: 'The endpoint is overloaded (502)' },
  504: { kind: 'rate_limited', vi: 'Cổng nhận đang quá tải (504)', en: 'The endpoint is overloaded (504)' },
};

/** `url`: where the request went; a 410 names its host, so the administrator knows which address to check. */
export function classifyWebhookResponse(status: number, headers: Headers, now: Date, excerpt: string, url: string): ConnectorError {
  const host = new URL(url).host;
  const rule: Rule = status === 410 ? gone(host) : status === 404 ? notFound(host) : (byStatus[status] ?? fallback(status));
  const retryAt = parseRetryAfter(headers.get('retry-after'), now);
  return new ConnectorError({
    kind: rule.kind,
    code: `HTTP_${status}`,
    platformCode: String(status),
    message: { vi: rule.vi, en: rule.en },
    sideEffectPossible: false,
    mayHaveLanded: status >= 500 || status === 408,
    excerpt,
    endpointGone: status === 410,
    ...(retryAt ? { retryAt } : {}),
  });
}

function gone(host: string): Rule {
  return {
    kind: 'permanent',
    vi: `Cổng nhận bài ${host} trả 410 (đã ngừng nhận): kiểm tra địa chỉ webhook rồi kết nối lại kênh`,
    en: `The endpoint at ${host} answered 410 (gone): check the webhook URL, then reconnect the channel`,
  };
}

/** A 404 is nearly always a mistyped or moved address, not a refused post: say which host, and what to check. */
function notFound(host: string): Rule {
  return {
    kind: 'permanent',
    vi: `Cổng nhận bài ${host} trả 404 (không có địa chỉ này): kiểm tra địa chỉ webhook của kênh`,
    en: `The endpoint at ${host} answered 404 (no such address): check the channel's webhook URL`,
  };
}

function fallback(status: number): Rule {
  if (status >= 500) return { kind: 'transient', vi: `Cổng nhận gặp lỗi máy chủ (${status})`, en: `The endpoint failed (${status})` };
  if (status >= 300 && status < 400) {
    return { kind: 'permanent', vi: `Cổng nhận chuyển hướng (${status}); cần cập nhật địa chỉ của kênh`, en: `The endpoint redirects (${status}); update the channel URL` };
  }
  return { kind: 'permanent', vi: `Cổng nhận từ chối nội dung (${status})`, en: `The endpoint rejected the request (${status})` };
}
