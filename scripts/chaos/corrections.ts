import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { DemoSession } from '../demo/api.ts';

/**
 * Corrections under fire: while the run publishes, an editor revises some items whose
 * deliveries are in flight (a call running, processing, unconfirmed, waiting to retry) and an
 * approver approves the revision at once, through the API. Every channel must still end with
 * one object per item (count.ts), each correction applied or visibly failed.
 */
export function startCorrectionPump(o: { db: Db; editor: DemoSession; approver: DemoSession; itemIds: string[]; share: number; random: () => number }) {
  const wanted = Math.max(1, Math.round(o.itemIds.length * o.share));
  const corrected = new Set<string>();
  const failures: string[] = [];
  return {
    corrected,
    failures,
    /** Approves a second revision of one item caught in flight, until `share` of the items have one. */
    async tick(): Promise<void> {
      if (corrected.size >= wanted) return;
      const rows = await o.db.execute<{ item_id: string }>(sql`
        select distinct item_id from deliveries
        where state in ('publishing', 'processing', 'unconfirmed', 'retrying')
          and item_id = any(${`{${o.itemIds.join(',')}}`}::uuid[])`);
      const candidates = rows.map((r) => r.item_id).filter((id) => !corrected.has(id));
      if (candidates.length === 0) return;
      const id = candidates[Math.floor(o.random() * candidates.length)]!;
      corrected.add(id);
      try {
        await o.editor.call('PATCH', `/api/v1/content/${id}`, { title: 'Thử tải: hành trình hoàn lương (đính chính)', body: 'Bản đính chính của bài thử tải: số liệu đã được cập nhật.' });
        await o.editor.call('POST', `/api/v1/content/${id}/submit`);
        await o.approver.call('POST', `/api/v1/content/${id}/approve`, { comment: 'Đính chính' });
      } catch (err) {
        failures.push(`${id}: ${String(err)}`);
      }
    },
  };
}
