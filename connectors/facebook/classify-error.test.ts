import { describe, expect, it } from 'vitest';
import { classifyGraphError, parseGraphError, usageRetryAt, type GraphFailure } from './classify-error.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const action = { vi: 'đăng bài', en: 'posting' };

function failure(status: number, error: Record<string, unknown> | null, over: Partial<GraphFailure> = {}): GraphFailure {
  return {
    status,
    error: error ? parseGraphError({ error }) : null,
    businessUseCaseUsage: null,
    appUsage: null,
    excerpt: '',
    action,
    creating: false,
    now: NOW,
    ...over,
  };
}

describe('classifyGraphError', () => {
  it.each([
    [400, { code: 190, error_subcode: 463 }, 'auth', 'FB_190_463'],
    [400, { code: 190, error_subcode: 999 }, 'auth', 'FB_190_999'],
    [400, { code: 102 }, 'auth', 'FB_102'],
    [403, { code: 10 }, 'auth', 'FB_10'],
    [403, { code: 283 }, 'auth', 'FB_283'],
    [400, { code: 100, error_subcode: 33 }, 'permanent', 'FB_100_33'],
    [400, { code: 6001, error_subcode: 1363037 }, 'transient', 'FB_6001_1363037'],
    [400, { code: 6001, error_subcode: 1363042 }, 'auth', 'FB_6001_1363042'],
    [400, { code: 3001, error_subcode: 1504028 }, 'permanent', 'FB_3001_1504028'],
    [400, { code: 12 }, 'permanent', 'FB_12'],
    [500, { code: 2, is_transient: true }, 'transient', 'FB_2'],
  ])('HTTP %i %j → %s %s', (status, error, kind, code) => {
    const { error: e, classified } = classifyGraphError(failure(status, error));
    expect(e).toMatchObject({ kind, code, sideEffectPossible: false });
    expect(classified).toBe(true);
    expect(e.messages.vi).toMatch(/^Lỗi khi đăng bài: /);
  });

  it('trusts is_transient on a code the table does not know', () => {
    expect(classifyGraphError(failure(400, { code: 4242, is_transient: true }))).toMatchObject({ classified: true, error: { kind: 'transient' } });
    expect(classifyGraphError(failure(400, { code: 4242 }))).toMatchObject({ classified: false, error: { kind: 'transient', code: 'FB_4242' } });
  });

  it('flags doubt on the creating call only: 5xx, transient and unknown answers; 506 always', () => {
    expect(classifyGraphError(failure(502, null, { creating: true, excerpt: '<html>Bad gateway</html>' })).error).toMatchObject({ kind: 'transient', code: 'HTTP_502', sideEffectPossible: true });
    expect(classifyGraphError(failure(502, null)).error.sideEffectPossible).toBe(false);
    expect(classifyGraphError(failure(400, { code: 100 }, { creating: true })).error.sideEffectPossible).toBe(false);
    expect(classifyGraphError(failure(400, { code: 506 })).error).toMatchObject({ kind: 'permanent', sideEffectPossible: true });
    expect(classifyGraphError(failure(429, null)).error).toMatchObject({ kind: 'rate_limited', retryAt: new Date(NOW.getTime() + 15 * 60_000) });
  });

  it('reads error_data sent as a JSON string', () => {
    expect(parseGraphError({ error: { code: 6001, error_subcode: 1363037, error_data: '{"start_offset":"1048576","end_offset":"2097152"}' } })?.errorData).toEqual({
      start_offset: '1048576',
      end_offset: '2097152',
    });
    expect(parseGraphError({ data: [] })).toBeNull();
  });
});

describe('usageRetryAt', () => {
  const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);
  it('takes the longest estimated_time_to_regain_access across business objects, in minutes', () => {
    const header = JSON.stringify({
      '111': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 12 }],
      '222': [{ type: 'pages', call_count: 40, estimated_time_to_regain_access: 0 }, { type: 'messenger', estimated_time_to_regain_access: 44 }],
    });
    expect(usageRetryAt(header, null, NOW)).toEqual(minutes(44));
  });
  it('falls back to the rolling hour when X-App-Usage is at 100 %, else to 15 minutes', () => {
    expect(usageRetryAt(JSON.stringify({ '1': [{ estimated_time_to_regain_access: 0 }] }), '{"call_count":20,"total_time":100}', NOW)).toEqual(minutes(60));
    expect(usageRetryAt('not json', '{"call_count":99}', NOW)).toEqual(minutes(15));
    expect(usageRetryAt(null, null, NOW)).toEqual(minutes(15));
  });
});
