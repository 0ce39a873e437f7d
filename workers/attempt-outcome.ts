import { ConnectorError, Deferral, type Processing, type Published } from '../connectors/contract.ts';
import type { AttemptError, AttemptOutcome } from '../core/deliveries/record.ts';
import type { Logger } from '../lib/logger.ts';

/** A connector's answer or failure, as core records it. Never throws. */
export function outcomeOf(result: Published | Processing): AttemptOutcome {
  return result.kind === 'published'
    ? { kind: 'published', externalId: result.externalId, url: result.url }
    : { kind: 'processing', handle: result.handle, pollAfterMs: result.pollAfterMs };
}

export function failureOutcome(err: unknown, log: Logger): AttemptOutcome {
  if (err instanceof Deferral) {
    return { kind: 'deferred', notBefore: err.notBefore, reason: err.reason, code: err.code };
  }
  return { kind: 'error', error: attemptError(err, log) };
}

/**
 * Unmapped failures (a connector bug, an unexpected exception) are transient, so the
 * attempt cap bounds them, and logged as unclassified so the error tables can grow.
 */
export function attemptError(err: unknown, log: Logger): AttemptError {
  if (err instanceof ConnectorError) {
    return {
      kind: err.kind,
      code: err.code,
      messages: err.messages,
      retryAt: err.retryAt,
      sideEffectPossible: err.sideEffectPossible,
      mayHaveLanded: err.mayHaveLanded,
      platformCode: err.platformCode,
      excerpt: err.excerpt,
      endpointGone: err.endpointGone,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  log.warn({ err, unclassified: true }, 'delivery.unclassified_error');
  return {
    kind: 'transient',
    code: 'UNCLASSIFIED',
    // The exception's own text (often a programming error's) is for an administrator: it stays in the excerpt.
    messages: {
      vi: 'Loa gặp một lỗi bất ngờ khi gửi bài tới nền tảng; Loa sẽ tự thử lại vài lần. Nếu vẫn không được, hãy báo quản trị viên (mã lỗi ghi ở mục "Các lần thử")',
      en: 'Loa hit an unexpected error while sending to the platform; it will retry a few times. If it still fails, tell an administrator (the error code is under "Attempts")',
    },
    sideEffectPossible: false,
    excerpt: message.slice(0, 500),
  };
}
