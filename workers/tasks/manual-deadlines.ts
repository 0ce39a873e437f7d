import type { Task } from 'graphile-worker';
import { systemActor } from '../../core/actor.ts';
import { recordClickSamples } from '../../core/links/clicks.ts';
import { markMissed, sendDueReminders, type SentReminder } from '../../core/manual/deadlines.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TaskDeps } from '../deps.ts';

export const MANUAL_DEADLINES_TASK = 'manual_deadlines';

/**
 * `manual_deadlines` (every minute): commune pushes past their deadline become `missed`,
 * reminders whose time has come go out (in-app, plus Zalo OA where possible), and the
 * tracked links' clicks become `clicks` metric samples. Each step is idempotent, so a
 * run that overlaps or repeats changes nothing twice.
 */
export function createManualDeadlinesTask(deps: Pick<TaskDeps, 'db' | 'log' | 'clock'>): Task {
  return async () => {
    const now = deps.clock.now();
    const missed = await markMissed(deps.db, systemActor, now);
    const reminders = await sendDueReminders(deps.db, now);
    let zalo = 0;
    for (const r of reminders) if (await sendZaloOaReminder(r, deps.log)) zalo++;
    const samples = await recordClickSamples(deps.db, now);
    if (missed || reminders.length || samples) deps.log.info({ missed, reminders: reminders.length, zalo, clickSamples: samples }, 'manual.deadlines');
  };
}

/**
 * Zalo OA message reminding an officer whose Zalo user id is linked (users.zalo_user_id),
 * sent through the nearest connected Zalo OA channel of their groups' unit. The Zalo OA
 * connector (connectors/zalo, built separately) has no message function yet, so this only
 * logs the reminder it would send and returns false; wire the connector's consultation
 * message call (platform-apis.md §3.3, within the §3.4 messaging window) in here once it exists.
 */
async function sendZaloOaReminder(r: SentReminder, log: Logger): Promise<boolean> {
  if (!r.zaloUserId || !r.zaloOaChannelId) return false;
  log.info({ userId: r.userId, channelId: r.zaloOaChannelId, itemId: r.itemId }, 'manual.zalo_reminder_not_sent: no Zalo OA message function yet');
  return false;
}
