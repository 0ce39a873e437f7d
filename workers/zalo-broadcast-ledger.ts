import { sql } from 'drizzle-orm';
import { STEP } from '../connectors/zalo/publish.ts';
import type { BroadcastLedger } from '../connectors/zalo/rules.ts';
import type { Db } from '../db/client.ts';

/** Advisory-lock namespace of broadcast reservations; the second key is the channel. */
const LOCK_NAMESPACE = 0x4c6f62;
const KEY = STEP.broadcastReserved;

/**
 * Zalo OA broadcasts counted in Postgres: a delivery's reservation is `progress.broadcastReservedAt`
 * (null once given back), so the count needs no table of its own and survives restarts. A
 * transaction-scoped advisory lock per channel makes count-then-reserve atomic across workers;
 * it is held only for those two statements, never across a platform call.
 */
export function createZaloBroadcastLedger(db: Db): BroadcastLedger {
  return {
    async reserve(i) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${i.channelId}))`);
        const [counts] = await tx.execute<{ today: number; month: number }>(sql`
          select
            count(*) filter (where (progress->>${KEY})::timestamptz >= ${i.dayStart.toISOString()}::timestamptz)::int as today,
            count(*) filter (where (progress->>${KEY})::timestamptz >= ${i.monthStart.toISOString()}::timestamptz)::int as month
          from deliveries
          where channel_id = ${i.channelId} and id <> ${i.deliveryId} and progress->>${KEY} is not null`);
        const today = counts?.today ?? 0;
        const thisMonth = counts?.month ?? 0;
        if (today >= i.perDay || thisMonth >= i.perMonth) return { ok: false as const, today, thisMonth };
        const mine = await tx.execute(sql`
          update deliveries set progress = progress || jsonb_build_object(${KEY}::text, ${i.at.toISOString()}::text)
          where id = ${i.deliveryId} and state = 'publishing'
          returning id`);
        if (mine.length === 0) throw new Error('The delivery is no longer being published: no broadcast reserved');
        return { ok: true as const };
      });
    },
    async release(i) {
      await db.execute(sql`
        update deliveries set progress = progress || jsonb_build_object(${KEY}::text, null)
        where id = ${i.deliveryId} and channel_id = ${i.channelId} and state = 'publishing'`);
    },
  };
}
