import { describe, expect, it } from 'vitest';
import { ConnectorError } from './contract.ts';
import { classifyGraphError, parseGraphError } from './facebook/classify-error.ts';
import { classifyWordpressError } from './wordpress/classify-error.ts';
import { classifyYoutubeError } from './youtube/classify-error.ts';
import { classifyZaloError } from './zalo/classify-error.ts';
import { parseZaloSettings } from './zalo/settings.ts';

const now = new Date('2026-11-23T08:30:00Z');
const action = { vi: 'đăng bài', en: 'publishing the post' };
const common = { retryAfter: null, excerpt: '', action, creating: false, now };

/**
 * An error no connector's table knows reaches officers as a sentence: what happened and what
 * they can do. The platform's code is for an administrator (the attempt's codes), not in it.
 */
describe('an unclassified platform error, as officers read it', () => {
  it.each([
    ['Zalo', () => classifyZaloError({ ...common, code: -5555, status: 200, window: parseZaloSettings({}).sendWindow, tokenIssuedAt: null, overrides: {} }), 'ZALO_-5555', '-5555'],
    ['Facebook', () => classifyGraphError({ ...common, status: 400, error: parseGraphError({ error: { code: 4242, error_subcode: 77 } }), businessUseCaseUsage: null, appUsage: null }), 'FB_4242_77', '4242/77'],
    ['WordPress', () => classifyWordpressError({ ...common, status: 418, wpCode: 'rest_teapot' }), 'WP_418_rest_teapot', 'rest_teapot'],
    ['YouTube', () => classifyYoutubeError({ ...common, status: 408, reason: 'teapot' }), 'YT_TEAPOT', 'teapot'],
  ] as const)('%s: says Loa retries and whom to tell; the raw code stays in the attempt', (platform, classify, code, platformCode) => {
    const { error: e, classified } = classify();
    expect(classified).toBe(false);
    expect(e).toBeInstanceOf(ConnectorError);
    const error = e as ConnectorError;
    expect(error).toMatchObject({ code, platformCode });
    expect(error.messages.vi).toBe(
      `Lỗi khi đăng bài: ${platform} báo một lỗi mà Loa chưa biết cách xử lý; Loa sẽ tự thử lại vài lần. Nếu vẫn không được, hãy báo quản trị viên (mã lỗi ghi ở mục "Các lần thử")`,
    );
    expect(error.messages.en).not.toContain(platformCode);
  });

  it('Zalo: a number a deployment reclassified without words of its own is not read out either', () => {
    const error = classifyZaloError({ ...common, code: -9, status: 200, window: parseZaloSettings({}).sendWindow, tokenIssuedAt: null, overrides: { '-9': 'permanent' } }).error as ConnectorError;
    expect(error).toMatchObject({ kind: 'permanent', code: 'ZALO_-9', platformCode: '-9' });
    expect(error.messages.vi).toBe('Lỗi khi đăng bài: Zalo từ chối yêu cầu (mã lỗi ghi ở mục "Các lần thử")');
  });
});
