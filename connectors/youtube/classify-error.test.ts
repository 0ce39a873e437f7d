import { describe, expect, it } from 'vitest';
import { classifyYoutubeError, type YoutubeFailure } from './classify-error.ts';

const now = new Date('2026-07-15T18:00:00Z');
const failure = (status: number, reason: string | null, over: Partial<YoutubeFailure> = {}): YoutubeFailure => ({
  status,
  reason,
  retryAfter: null,
  excerpt: '',
  action: { vi: 'tải video lên', en: 'uploading the video' },
  creating: false,
  now,
  ...over,
});

describe('YouTube error table (platform-apis.md §2.7)', () => {
  it.each([
    [400, 'invalidTitle', 'permanent', 'YT_INVALID_TITLE'],
    [400, 'invalidDescription', 'permanent', 'YT_INVALID_DESCRIPTION'],
    [400, 'invalidTags', 'permanent', 'YT_INVALID_TAGS'],
    [400, 'invalidCategoryId', 'permanent', 'YT_INVALID_CATEGORY_ID'],
    [400, 'invalidPublishAt', 'permanent', 'YT_INVALID_PUBLISH_AT'],
    [400, 'invalidSomethingNew', 'permanent', 'YT_INVALID_SOMETHING_NEW'],
    [400, 'mediaBodyRequired', 'permanent', 'YT_MEDIA_BODY_REQUIRED'],
    [400, 'invalid_grant', 'auth', 'YT_INVALID_GRANT'],
    [401, 'invalid_client', 'auth', 'YT_INVALID_CLIENT'],
    [401, 'authError', 'auth', 'YT_AUTH_ERROR'],
    [401, 'youtubeSignupRequired', 'auth', 'YT_YOUTUBE_SIGNUP_REQUIRED'],
    [403, 'insufficientPermissions', 'auth', 'YT_INSUFFICIENT_PERMISSIONS'],
    [403, 'forbidden', 'permanent', 'YT_FORBIDDEN'],
    [403, 'forbiddenPrivacySetting', 'permanent', 'YT_FORBIDDEN_PRIVACY_SETTING'],
    [404, 'videoNotFound', 'permanent', 'YT_VIDEO_NOT_FOUND'],
    [403, 'rateLimitExceeded', 'rate_limited', 'YT_RATE_LIMIT_EXCEEDED'],
    [429, 'userRateLimitExceeded', 'rate_limited', 'YT_USER_RATE_LIMIT_EXCEEDED'],
    [429, null, 'rate_limited', 'HTTP_429'],
    [500, 'internalError', 'transient', 'YT_INTERNAL_ERROR'],
    [503, 'backendError', 'transient', 'YT_BACKEND_ERROR'],
    [502, null, 'transient', 'HTTP_502'],
  ] as const)('HTTP %i %s → %s %s', (status, reason, kind, code) => {
    const { error, classified } = classifyYoutubeError(failure(status, reason));
    expect(error).toMatchObject({ kind, code, sideEffectPossible: false });
    expect(classified).toBe(true);
  });

  it('an invalid* reason Loa does not know says in words what to check; the reason itself stays in platformCode', () => {
    const { error } = classifyYoutubeError(failure(400, 'invalidSomethingNew'));
    expect(error.platformCode).toBe('invalidSomethingNew');
    expect(error.messages.vi).toBe(
      'Lỗi khi tải video lên: YouTube không nhận một thông tin của video (tiêu đề, mô tả, thẻ, giờ hẹn đăng hoặc cấu hình kênh). Hãy kiểm tra lại bài và cấu hình kênh rồi đăng lại (mã lỗi ghi ở mục "Các lần thử")',
    );
  });

  it('project quota waits for midnight Pacific; the channel upload cap about a day; short rate limits honour Retry-After', () => {
    expect(classifyYoutubeError(failure(403, 'quotaExceeded')).error.retryAt?.toISOString()).toBe('2026-07-16T07:00:00.000Z');
    expect(classifyYoutubeError(failure(403, 'dailyLimitExceeded')).error.retryAt?.toISOString()).toBe('2026-07-16T07:00:00.000Z');
    expect(classifyYoutubeError(failure(400, 'uploadLimitExceeded')).error).toMatchObject({ kind: 'rate_limited', retryAt: new Date('2026-07-16T18:00:00Z') });
    expect(classifyYoutubeError(failure(403, 'rateLimitExceeded', { retryAfter: '30' })).error.retryAt).toEqual(new Date(now.getTime() + 30_000));
    expect(classifyYoutubeError(failure(403, 'rateLimitExceeded')).error.retryAt).toBeUndefined();
  });

  it('a 5xx to the request carrying the last byte may have created the video; a 4xx proves it did not', () => {
    expect(classifyYoutubeError(failure(503, 'backendError', { creating: true })).error.sideEffectPossible).toBe(true);
    expect(classifyYoutubeError(failure(400, 'invalidTitle', { creating: true })).error.sideEffectPossible).toBe(false);
  });

  it('an unknown answer is reported unclassified, with the action in both languages: permanent for a 4xx (§2.2 step 6), else transient', () => {
    const { error, classified } = classifyYoutubeError(failure(418, 'teapot'));
    expect(classified).toBe(false);
    expect(error).toMatchObject({ kind: 'permanent', code: 'YT_TEAPOT', sideEffectPossible: false });
    expect(error.messages.vi).toMatch(/^Lỗi khi tải video lên: YouTube từ chối yêu cầu và gửi lại y như cũ sẽ bị từ chối tiếp; hãy báo quản trị viên/);
    expect(error.messages.en).toMatch(/^While uploading the video: /);
    for (const status of [408, 307]) {
      const unknown = classifyYoutubeError(failure(status, null));
      expect(unknown.classified).toBe(false);
      expect(unknown.error).toMatchObject({ kind: 'transient', code: `HTTP_${status}` });
    }
  });
});
