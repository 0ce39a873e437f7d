import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../lib/config.ts';
import { ConnectorError, Deferral } from '../contract.ts';
import { createHttpClient } from '../http.ts';
import { classifyZaloError, type ZaloFailure } from './classify-error.ts';
import { createZaloClient } from './client.ts';
import { nextMonthOpening, nextOpening, vnDayStart, vnMonthStart } from './rules.ts';
import { parseZaloSettings } from './settings.ts';
import { startZaloSimulator, type ZaloSimulator } from './simulator.ts';
import { manualClock, vnTime } from './test-kit.ts';

const window = parseZaloSettings({}).sendWindow;
const now = vnTime('2026-11-23', '15:30');

function failure(code: number | null, over: Partial<ZaloFailure> = {}): ZaloFailure {
  return {
    code,
    status: 200,
    retryAfter: null,
    excerpt: `(${code}) test`,
    action: { vi: 'gửi thử', en: 'testing' },
    creating: false,
    now,
    window,
    tokenIssuedAt: null,
    overrides: {},
    ...over,
  };
}

const kindOf = (f: ZaloFailure) => {
  const { error } = classifyZaloError(f);
  return error instanceof Deferral ? `defer ${error.notBefore.toISOString()}` : `${error.kind}${error.sideEffectPossible ? '+maybe' : ''}`;
};

describe('Zalo error classification (one table by number, overridable)', () => {
  it.each([
    [-32, 'rate_limited'],
    [-124, 'auth'],
    [-216, 'auth'],
    [-201, 'auth'],
    [-213, 'permanent'],
    [-230, 'permanent'],
    [-240, 'permanent'],
    [-211, `defer ${vnTime('2026-12-01', '06:00').toISOString()}`],
    [-218, `defer ${vnTime('2026-11-24', '06:00').toISOString()}`],
    [-5555, 'transient'],
  ])('error %i → %s', (code, expected) => {
    expect(kindOf(failure(code))).toBe(expected);
  });

  it('-201 with a token issued minutes ago is a bad parameter (permanent), not a bad token', () => {
    expect(kindOf(failure(-201, { tokenIssuedAt: new Date(now.getTime() - 2 * 60_000) }))).toBe('permanent');
    expect(kindOf(failure(-201, { tokenIssuedAt: new Date(now.getTime() - 3600_000) }))).toBe('auth');
  });

  it('overrides replace the class of known and unknown numbers; the message text never decides', () => {
    expect(kindOf(failure(-201, { overrides: { '-201': 'permanent' } }))).toBe('permanent');
    expect(kindOf(failure(-5555, { overrides: { '-5555': 'defer_window' } }))).toBe(`defer ${vnTime('2026-11-24', '06:00').toISOString()}`);
    const a = classifyZaloError(failure(-216, { excerpt: '(-216) rate limit exceeded, quota, try later' }));
    expect((a.error as ConnectorError).kind).toBe('auth');
  });

  it('only an unreadable or server-error answer to a creating call leaves doubt; unknown numbers are flagged unclassified', () => {
    expect(kindOf(failure(null, { status: 502, creating: true }))).toBe('transient+maybe');
    expect(kindOf(failure(null, { status: 502, creating: false }))).toBe('transient');
    expect(kindOf(failure(-5555, { creating: true }))).toBe('transient');
    expect(classifyZaloError(failure(-5555)).classified).toBe(false);
    expect(classifyZaloError(failure(-216)).classified).toBe(true);
  });

  it('LOA_ZALO_ERROR_OVERRIDES is parsed at boot and refused when it names an unknown class', () => {
    expect(loadConfig({ LOA_ZALO_ERROR_OVERRIDES: '{"-201":"auth","-9":"defer_month"}' }).zaloErrorOverrides).toEqual({ '-201': 'auth', '-9': 'defer_month' });
    expect(() => loadConfig({ LOA_ZALO_ERROR_OVERRIDES: '{"-201":"retry"}' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOA_ZALO_ERROR_OVERRIDES: 'not json' })).toThrow(/LOA_ZALO_ERROR_OVERRIDES/);
  });
});

describe('Vietnam-time rules', () => {
  it('days and months start at midnight in Vietnam (UTC+7)', () => {
    expect(vnDayStart(vnTime('2026-11-24', '03:00'))).toEqual(vnTime('2026-11-24', '00:00'));
    expect(vnDayStart(new Date('2026-11-23T17:30:00Z'))).toEqual(vnTime('2026-11-24', '00:00'));
    expect(vnMonthStart(vnTime('2026-12-01', '00:10'))).toEqual(vnTime('2026-12-01', '00:00'));
  });

  it('the next opening is today\'s while it is ahead, else tomorrow\'s; next month\'s across a year end', () => {
    expect(nextOpening(window, vnTime('2026-11-23', '05:59'))).toEqual(vnTime('2026-11-23', '06:00'));
    expect(nextOpening(window, vnTime('2026-11-23', '06:00'))).toEqual(vnTime('2026-11-24', '06:00'));
    expect(nextOpening(window, vnTime('2026-11-23', '21:00'))).toEqual(vnTime('2026-11-24', '06:00'));
    expect(nextMonthOpening(window, vnTime('2026-12-31', '19:00'))).toEqual(vnTime('2027-01-01', '06:00'));
  });
});

describe('Zalo simulator rate limit', () => {
  let sim: ZaloSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('sends X-RateLimit headers and answers -32 past the per-minute limit; the client retries at the next minute', async () => {
    const clock = manualClock(vnTime('2026-11-23', '10:15'));
    sim = await startZaloSimulator({ clock, rateLimitPerMinute: 2 });
    const token = sim.mintTokens().accessToken;
    const res = await fetch(`${sim.baseUrl}/v2.0/oa/getoa`, { headers: { access_token: token } });
    expect([res.headers.get('x-ratelimit-limit'), res.headers.get('x-ratelimit-remain')]).toEqual(['2', '1']);
    const client = createZaloClient({ http: createHttpClient({ allowPrivateNetwork: true }), location: { oauthBaseUrl: sim.baseUrl, openApiBaseUrl: sim.baseUrl }, accessToken: token, tokenIssuedAt: null, window, overrides: {}, now: () => clock.now() });
    const call = () => client.call({ host: 'openapi', method: 'GET', path: '/v2.0/oa/getoa', action: { vi: 'đọc OA', en: 'reading the OA' } });
    await call();
    const err = (await call().catch((e: unknown) => e)) as ConnectorError;
    expect([err.kind, err.code]).toEqual(['rate_limited', 'ZALO_-32']);
    expect(err.retryAt).toEqual(new Date(vnTime('2026-11-23', '10:16').getTime() + 1000));
    clock.advance(60_000);
    await expect(call()).resolves.toMatchObject({ oa_id: sim.state.oaId });
  });
});
