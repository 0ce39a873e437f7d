import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { Messages } from '../../lib/errors.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { CorrectionMode, CorrectionPolicy } from './policy.ts';

/** One target channel where the item is already published, and what approving this revision will do there. */
export interface PlannedCorrection {
  channelId: string;
  channelName: string;
  platform: Platform;
  /** The delivery whose post is live there now (the latest one published). */
  deliveryId: string;
  externalUrl: string | null;
  /** The revision that post shows. */
  publishedRevision: number;
  mode: CorrectionMode;
  note: Messages;
}

/**
 * Per target channel of `revisionId` that already shows an older revision of the item: what
 * approving it does there. Channels where nothing is published yet are not listed (they get
 * a normal publish).
 */
export async function planCorrections(q: Queryable, policy: CorrectionPolicy, revisionId: string): Promise<PlannedCorrection[]> {
  const rows = await q.execute<{ channel_id: string; channel_name: string; platform: Platform; delivery_id: string; external_url: string | null; number: number }>(sql`
    select distinct on (d.channel_id) d.channel_id, c.name as channel_name, c.platform, d.id as delivery_id, d.external_url, r.number
    from revisions nr
    join revision_targets t on t.revision_id = nr.id
    join deliveries d on d.item_id = nr.item_id and d.channel_id = t.channel_id
    join channels c on c.id = d.channel_id
    join revisions r on r.id = d.revision_id
    where nr.id = ${revisionId} and d.revision_id <> nr.id and d.state = 'published' and d.external_id is not null
    order by d.channel_id, d.published_at desc nulls last, d.created_at desc`);
  return rows.map((r) => {
    const { mode, note } = policy(r.platform);
    return {
      channelId: r.channel_id,
      channelName: r.channel_name,
      platform: r.platform,
      deliveryId: r.delivery_id,
      externalUrl: r.external_url,
      publishedRevision: Number(r.number),
      mode,
      note,
    };
  });
}
