import type { ZaloErrorClass } from '../../lib/config.ts';
import { ConnectorError, Deferral } from '../contract.ts';
import { parseRetryAfter } from '../retry-after.ts';
import { deferralReason } from '../deferral-reason.ts';
import { unclassifiedReason } from '../unclassified-reason.ts';
import { nextMonthOpening, nextOpening } from './rules.ts';
import type { SendWindow } from './settings.ts';

type Messages = { vi: string; en: string };

interface Rule {
  cls: ZaloErrorClass;
  message: Messages;
}

/**
 * The one classification table for Zalo OA error numbers (platform-apis.md §3.9). Zalo
 * answers HTTP 200 with `error` ≠ 0 and has reused numbers across API generations, so
 * classification goes by number only — never by message text — and a deployment can
 * reclassify any number (LOA_ZALO_ERROR_OVERRIDES). Numbers marked UNVERIFIED in the
 * reference (-211, -218 quota/"not now", -124) are here as best guesses for that reason.
 */
const table: Record<string, Rule> = {
  '-32': { cls: 'rate_limited', message: { vi: 'Vượt giới hạn số lần gọi Zalo trong một phút; Loa gửi lại ở phút sau', en: 'Over Zalo\'s per-minute call limit; Loa retries next minute' } },
  '-124': { cls: 'auth', message: { vi: 'Mã truy cập Zalo OA đã hết hạn hoặc không hợp lệ', en: 'The Zalo OA access token expired or is invalid' } },
  '-216': { cls: 'auth', message: { vi: 'Mã truy cập Zalo OA không hợp lệ', en: 'The Zalo OA access token is invalid' } },
  '-201': {
    cls: 'auth_or_permanent',
    message: { vi: 'Zalo báo tham số không hợp lệ (Zalo cũng dùng mã này cho mã truy cập sai)', en: 'Zalo reported an invalid parameter (Zalo also uses this number for a bad access token)' },
  },
  '-213': { cls: 'permanent', message: { vi: 'Người nhận chưa quan tâm OA hoặc chưa tương tác với OA trong 48 giờ qua', en: 'The recipient does not follow the OA or has not interacted in 48 hours' } },
  '-230': { cls: 'permanent', message: { vi: 'Người nhận không tương tác với OA trong 7 ngày qua nên không nhận được tin tư vấn', en: 'The recipient has not interacted with the OA in 7 days, so consultation messages cannot reach them' } },
  // "Media is being processed" (outside testing met it on verify and reads of a new article): not yet, ask again.
  '-320': { cls: 'transient', message: { vi: 'Zalo đang xử lý nội dung (bài viết chưa sẵn sàng)', en: 'Zalo is still processing the content (the article is not ready)' } },
  '-240': { cls: 'permanent', message: { vi: 'Zalo đã ngừng API này (v2); cần cập nhật Loa', en: 'Zalo retired this (v2) API; Loa needs an update' } },
  '-211': { cls: 'defer_month', message: { vi: 'Zalo báo OA đã hết hạn mức gửi tin truyền thông', en: 'Zalo says the OA is out of broadcast quota' } },
  '-218': { cls: 'defer_window', message: { vi: 'Zalo chưa cho OA gửi tin lúc này (ngoài khung giờ hoặc đã đủ số tin trong ngày)', en: 'Zalo does not let the OA send now (outside its hours or the daily limit is used)' } },
};

/** A token this young cannot be the problem: an ambiguous -201 then means a bad parameter. */
const FRESH_TOKEN_MS = 10 * 60_000;

export interface ZaloFailure {
  /** Zalo's `error` number; null when the answer was not a Zalo envelope (HTTP error, HTML …). */
  code: number | null;
  status: number;
  /** `Retry-After` of an HTTP-level refusal (a gateway's 429/503); null when absent. */
  retryAfter: string | null;
  excerpt: string;
  action: Messages;
  /** The call creates something: a server error does not prove nothing was created. */
  creating: boolean;
  now: Date;
  window: SendWindow;
  tokenIssuedAt: Date | null;
  overrides: Readonly<Record<string, ZaloErrorClass>>;
}

export function nextMinute(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 61_000);
}

/**
 * HTTP statuses that say the request was not processed at all (RFC 9110 §15.6.4 503: "currently
 * unable to handle the request"; 429 refused): even on a creating call (the broadcast) nothing went out.
 */
export const NOT_PROCESSED: ReadonlySet<number> = new Set([429, 503]);

function httpRule(status: number): Rule | undefined {
  if (status === 429) return { cls: 'rate_limited', message: { vi: 'Zalo giới hạn tần suất gọi', en: 'Zalo is limiting the call rate' } };
  if (status === 503) return { cls: 'transient', message: { vi: 'Máy chủ Zalo tạm thời không nhận yêu cầu (chưa xử lý gì)', en: 'The Zalo server is temporarily not taking requests (nothing was processed)' } };
  if (status >= 500) return { cls: 'transient', message: { vi: 'Máy chủ Zalo gặp lỗi tạm thời', en: 'The Zalo server had a temporary error' } };
  if (status === 401 || status === 403) return { cls: 'auth', message: { vi: 'Zalo từ chối mã truy cập', en: 'Zalo refused the access token' } };
  return undefined;
}

/**
 * Turns a failed Zalo answer into a ConnectorError, or a Deferral for "not now" numbers.
 * `classified: false` means no rule matched: transient (capped attempts), to be logged.
 */
export function classifyZaloError(f: ZaloFailure): { error: ConnectorError | Deferral; classified: boolean } {
  const key = f.code === null ? null : String(f.code);
  const base = key === null ? httpRule(f.status) : table[key];
  const override = key === null ? undefined : f.overrides[key];
  const rule: Rule | undefined = override ? { cls: override, message: base?.message ?? { vi: 'Zalo từ chối yêu cầu (mã lỗi ghi ở mục "Các lần thử")', en: 'Zalo refused the request (the error code is under "Attempts")' } } : base;
  const code = key === null ? `HTTP_${f.status}` : `ZALO_${key}`;
  const message = rule?.message ?? unclassifiedReason('Zalo');
  const text = { vi: `Lỗi khi ${f.action.vi}: ${message.vi}`, en: `While ${f.action.en}: ${message.en}` };
  let cls: ZaloErrorClass = rule?.cls ?? 'transient';
  if (cls === 'auth_or_permanent') {
    const fresh = f.tokenIssuedAt !== null && f.now.getTime() - f.tokenIssuedAt.getTime() < FRESH_TOKEN_MS;
    cls = fresh ? 'permanent' : 'auth';
  }
  if (cls === 'defer_window' || cls === 'defer_month') {
    const when = cls === 'defer_month' ? nextMonthOpening(f.window, f.now) : nextOpening(f.window, f.now);
    return {
      error: new Deferral(when, deferralReason(text, when), code),
      classified: true,
    };
  }
  // A gateway's 429/503 may say when to come back (RFC 9110 §10.2.3); Zalo's own -32 means the next minute.
  const asked = key === null ? parseRetryAfter(f.retryAfter, f.now) : undefined;
  const error = new ConnectorError({
    kind: cls,
    code,
    message: text,
    retryAt: asked ?? (cls === 'rate_limited' ? nextMinute(f.now) : undefined),
    // An `error` number (in any HTTP status) is Zalo refusing the call, and 429/503 say it was not
    // processed; only another server error or an answer we cannot read on a creating call leaves
    // doubt about whether the thing was created (or the broadcast sent).
    sideEffectPossible: f.creating && key === null && !NOT_PROCESSED.has(f.status) && (f.status >= 500 || rule === undefined),
    platformCode: key ?? undefined,
    excerpt: f.excerpt,
  });
  return { error, classified: rule !== undefined };
}
