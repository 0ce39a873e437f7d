import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** What the demo database holds, for the closing summary and the seeding test. */
export interface DemoStatus {
  /** Items by the state of their latest revision. */
  items: Record<string, number>;
  deliveries: { id: string; title: string; channel: string; platform: string; state: string; holdReason: string | null; error: string | null }[];
}

export async function demoStatus(db: Db): Promise<DemoStatus> {
  const items = await db.execute<{ state: string; n: number }>(sql`
    select r.state, count(*)::int as n
    from content_items i join revisions r on r.id = i.latest_revision_id
    group by r.state`);
  const deliveries = await db.execute<DemoStatus['deliveries'][number]>(sql`
    select d.id, r.title, c.name as channel, c.platform, d.state, d.hold_reason as "holdReason", d.last_error_message as error
    from deliveries d join revisions r on r.id = d.revision_id join channels c on c.id = d.channel_id
    order by r.created_at, c.name`);
  return { items: Object.fromEntries(items.map((r) => [r.state, r.n])), deliveries: [...deliveries] };
}

/**
 * Waits until no delivery that is due now is still on its way. Held ones (a channel needing
 * a reconnect) and ones the platform is still processing (a video, looked at again later)
 * count as settled. Returns false when `timeoutMs` ran out first.
 */
export async function settleDeliveries(db: Db, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from deliveries
      where state in ('publishing', 'retrying', 'unconfirmed')
         or (state = 'scheduled' and due_at <= now() and hold_reason is null)`);
    if ((row?.n ?? 0) === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
