import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifyUsers } from '../notifications/notify.ts';
import { vnDay } from '../metrics/period.ts';
import { lastCompletedPeriod, type PeriodKind, type ReportPeriod } from './period.ts';
import { ensureDraft } from './workflow.ts';

/** Roles that write a unit's report (report.write) and are told when its draft is ready. */
const MANAGER_ROLES = ['viewer', 'approver', 'admin'] as const;

/** The calendar periods that end the day before `today` (a Vietnam day): a month on every 1st, a quarter, half and year on theirs. */
export function periodsEndingBefore(today: string): ReportPeriod[] {
  const [, m, d] = today.split('-').map(Number) as [number, number, number];
  if (d !== 1) return [];
  const kinds: Exclude<PeriodKind, 'custom'>[] = ['month'];
  if ((m - 1) % 3 === 0) kinds.push('quarter');
  if ((m - 1) % 6 === 0) kinds.push('half');
  if (m === 1) kinds.push('year');
  const now = new Date(`${today}T12:00:00+07:00`);
  return kinds.map((k) => lastCompletedPeriod(k, now));
}

/**
 * On the first day of a month (quarter, half, year) prepares, for every unit where someone
 * holds a manager role, the draft report of the period just ended, and tells its managers.
 * Idempotent: a draft that exists already is left alone and nobody is told twice.
 */
export async function prepareScheduledDrafts(db: Db, now: Date): Promise<number> {
  const periods = periodsEndingBefore(vnDay(now));
  if (periods.length === 0) return 0;
  const managers = await db.execute<{ unit_id: string; user_ids: string[] }>(sql`
    select m.unit_id, array_agg(distinct m.user_id) as user_ids from memberships m join users u on u.id = m.user_id
    where u.disabled = false and m.role::text in (${sql.join(MANAGER_ROLES.map((r) => sql`${r}`), sql`, `)})
    group by m.unit_id`);
  let created = 0;
  for (const { unit_id, user_ids } of managers) {
    for (const period of periods) {
      await db.transaction(async (tx) => {
        const draft = await ensureDraft(tx, unit_id, period);
        if (!draft.created) return;
        created += 1;
        // The unit's own managers (those above get the report when it is submitted).
        await notifyUsers(tx, user_ids, {
          kind: 'report_draft_ready',
          title: { vi: `Đã lập sẵn dự thảo báo cáo ${period.label}`, en: `A draft report for ${period.label} is ready` },
          data: { reportId: draft.row.id, unitId: unit_id, period: period.kind, from: period.from },
        });
      });
    }
  }
  return created;
}
