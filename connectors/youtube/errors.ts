import type { Logger } from '../../lib/logger.ts';
import { ConnectorError } from '../contract.ts';
import { isObject, list, obj, parseJson, str } from '../guards.ts';
import { excerptOf } from '../read-answer.ts';
import { classifyYoutubeError } from './classify-error.ts';

export type Action = { vi: string; en: string };

export interface ErrorContext {
  action: Action;
  /** The call may complete the upload (creates the video). */
  creating: boolean;
  now: Date;
  log: Logger;
}

/** `errors[0].reason` of the API envelope (§2.7), else `error` of an OAuth answer (§2.8). */
export function reasonOf(body: unknown): string | null {
  const error = obj(body, 'error');
  if (error) return str(list(error, 'errors')[0], 'reason') ?? str(error, 'status') ?? null;
  return str(body, 'error') ?? null;
}

function excerptOfBody(body: unknown): string {
  return excerptOf(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}

/** A non-2xx answer as a ConnectorError (through the one table), logging what the table does not know. */
export function answerError(status: number, body: unknown, headers: Headers | null, c: ErrorContext): ConnectorError {
  const parsed = typeof body === 'string' ? (parseJson(body) ?? body) : body;
  const reason = reasonOf(parsed);
  const { error, classified } = classifyYoutubeError({
    status,
    reason,
    retryAfter: headers?.get('retry-after') ?? null,
    excerpt: excerptOfBody(parsed),
    action: c.action,
    creating: c.creating,
    now: c.now,
  });
  if (!classified) c.log.warn({ status, reason, code: error.code }, 'unclassified YouTube error');
  return error;
}

/** The same error with `sideEffectPossible` decided by what the call was, not by its HTTP method. */
export function withSideEffect(err: ConnectorError, possible: boolean): ConnectorError {
  if (err.sideEffectPossible === possible) return err;
  return new ConnectorError({
    kind: err.kind,
    code: err.code,
    message: err.messages,
    retryAt: err.retryAt,
    sideEffectPossible: possible,
    platformCode: err.platformCode,
    excerpt: err.excerpt,
    cause: err.cause,
  });
}

/**
 * Whatever the googleapis client or google-auth-library threw, as a ConnectorError. A
 * network failure arrives as a GaxiosError wrapping the ConnectorError of connectors/http.ts.
 * The GaxiosError itself is never kept as a cause: its config holds the request body, which
 * for a token refresh carries the refresh token.
 */
export function fromGoogleError(err: unknown, c: ErrorContext): ConnectorError {
  const network = err instanceof ConnectorError ? err : (err as { cause?: unknown } | null)?.cause;
  if (network instanceof ConnectorError) return withSideEffect(network, c.creating && network.sideEffectPossible);
  const response = isObject(err) ? (err as { response?: { status?: unknown; data?: unknown; headers?: unknown } }).response : undefined;
  if (response && typeof response.status === 'number') {
    return answerError(response.status, response.data, response.headers instanceof Headers ? response.headers : null, c);
  }
  const message = err instanceof Error ? err.message : String(err);
  c.log.warn({ code: 'YT_CLIENT_ERROR', message }, 'unclassified YouTube error');
  return new ConnectorError({
    kind: 'transient',
    code: 'YT_CLIENT_ERROR',
    sideEffectPossible: c.creating,
    message: { vi: `Lỗi khi ${c.action.vi}: ${message}`, en: `While ${c.action.en}: ${message}` },
    excerpt: message,
  });
}
