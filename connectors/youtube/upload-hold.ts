import { deferralReason } from '../deferral-reason.ts';
import { ConnectorError, Deferral } from '../contract.ts';

/**
 * YouTube's daily upload cap of a channel (400 `uploadLimitExceeded`, platform-apis.md §2.7:
 * retry after ~24 h) belongs to the channel, not to one video. Once an upload meets it, the
 * channel's other new uploads in this worker wait until then (a Deferral, no attempt spent)
 * instead of each opening a session — a call from the project's upload bucket (§2.6: 100 a
 * day, shared by every channel of the project) — only to be refused the same way.
 */
export function createUploadHolds() {
  const holds = new Map<string, Date>();
  return {
    /** Before a new upload session opens: a Deferral while the channel's cap holds. */
    check(channelId: string, now: Date): void {
      const until = holds.get(channelId);
      if (!until) return;
      if (until <= now) {
        holds.delete(channelId);
        return;
      }
      throw new Deferral(
        until,
        deferralReason({ vi: 'Kênh YouTube đã đạt giới hạn số video tải lên trong ngày', en: 'The YouTube channel reached its daily upload limit' }, until, { vi: 'tải tiếp', en: 'upload again' }),
        'YT_UPLOAD_LIMIT_HELD',
      );
    },
    /** Notes the cap when an upload's error is YouTube's `uploadLimitExceeded`. */
    learn(channelId: string, err: unknown): void {
      if (err instanceof ConnectorError && err.platformCode === 'uploadLimitExceeded' && err.retryAt) holds.set(channelId, err.retryAt);
    },
  };
}
