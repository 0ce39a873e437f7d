import { pacificDay, quotaDeferral, type QuotaLedger } from '../connectors/youtube/quota.ts';
import { exhaustQuota, reserveQuota } from '../core/quota/ledger.ts';
import type { Db } from '../db/client.ts';

/**
 * YouTube's daily quota counted in Postgres (`quota_usage`, one row per bucket and Pacific
 * day), so every worker process draws on the same allowance of a Google Cloud project.
 * A refused reservation is the Deferral to the next Pacific midnight the connector expects.
 */
export function createYoutubeQuotaLedger(db: Db): QuotaLedger {
  return {
    async reserve(bucket, units, now) {
      const taken = await reserveQuota(db, { bucketId: bucket.id, day: pacificDay(now), units, limit: bucket.limitPerDay });
      return taken ? null : quotaDeferral(bucket, now);
    },
    async exhaust(bucket, now) {
      await exhaustQuota(db, { bucketId: bucket.id, day: pacificDay(now) });
    },
  };
}
