import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { uuidList } from '../../db/uuid-list.ts';
import { formatVnDayTime } from '../../lib/clock.ts';
import type { Messages } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { transitionDelivery } from '../deliveries/transition.ts';
import { notifyUsers } from '../notifications/notify.ts';
import { responsibleOfficersSql } from './responsible.ts';

const BATCH = 200;

/**
 * Pushes not confirmed by their deadline become `missed`, one compare-and-set transition
 * (with its audit row) each; a confirmation that raced ahead wins. A later confirmation
 * still publishes them, flagged late. Returns how many were marked.
 */
export async function markMissed(db: Db, actor: Actor, now: Date): Promise<number> {
  let marked = 0;
  for (;;) {
    const due = await db.execute<{ id: string }>(sql`
      select id from deliveries
      where state = 'awaiting_officer' and deadline_at <= ${now.toISOString()}::timestamptz
      order by deadline_at limit ${BATCH}`);
    for (const { id } of due) {
      const moved = await db.transaction((tx) =>
        transitionDelivery(tx, actor, id, ['awaiting_officer'], 'missed', { holdReason: 'Quá hạn mà chưa có xác nhận đã đăng' }, { reason: 'DEADLINE_PASSED' }),
      );
      if (moved) marked++;
    }
    if (due.length < BATCH) return marked;
  }
}

export const OFFICER_REMINDER_KIND = 'officer_reminder';

/** One reminder sent to one officer: for one item, the groups of theirs still waiting. */
export interface SentReminder {
  userId: string;
  zaloUserId: string | null;
  /** A connected Zalo OA channel of the groups' unit or the nearest unit above it, if any. */
  zaloOaChannelId: string | null;
  itemId: string;
  title: string;
  groups: string[];
  deadlineAt: Date;
  text: string;
}

type DueRow = {
  delivery_id: string;
  item_id: string;
  title: string;
  channel_id: string;
  channel_name: string;
  unit_id: string;
  deadline_at: string;
};

/**
 * Reminders whose time has come (manual_tasks.remind_at) for pushes still awaiting: one
 * in-app notification per officer per item listing their groups still open, in one
 * transaction with marking the tasks reminded (so each reminder goes once). Returns who
 * was reminded, for a Zalo OA message where the officer's Zalo account is linked.
 */
export async function sendDueReminders(db: Db, now: Date): Promise<SentReminder[]> {
  return db.transaction(async (tx) => {
    const due = await tx.execute<DueRow>(sql`
      select d.id as delivery_id, d.item_id, coalesce(loa_frozen_rendering(r.frozen_renderings, c.id::text, c.platform::text) ->> 'title', r.title) as title,
             c.id as channel_id, c.name as channel_name, c.unit_id, d.deadline_at
      from manual_tasks t
      join deliveries d on d.id = t.delivery_id
      join channels c on c.id = d.channel_id
      join revisions r on r.id = d.revision_id
      where t.reminded_at is null and t.remind_at <= ${now.toISOString()}::timestamptz and d.state = 'awaiting_officer'
      order by d.deadline_at
      limit 2000
      for update of t skip locked`);
    if (due.length === 0) return [];
    await tx.execute(sql`update manual_tasks set reminded_at = ${now.toISOString()}::timestamptz
      where delivery_id in (${uuidList(due.map((d) => d.delivery_id))})`);
    const officers = await officersOfChannels(tx, [...new Set(due.map((d) => d.channel_id))]);
    const oaChannels = await nearestOaChannels(tx, [...new Set(due.map((d) => d.unit_id))]);
    const reminders = new Map<string, SentReminder>();
    for (const d of due) {
      for (const o of officers.filter((x) => x.channel_id === d.channel_id)) {
        const key = `${o.user_id}|${d.item_id}`;
        const deadlineAt = new Date(d.deadline_at);
        const r = reminders.get(key) ?? {
          userId: o.user_id,
          zaloUserId: o.zalo_user_id,
          zaloOaChannelId: oaChannels.get(d.unit_id) ?? null,
          itemId: d.item_id,
          title: d.title,
          groups: [],
          deadlineAt,
          text: '',
        };
        if (!r.groups.includes(d.channel_name)) r.groups.push(d.channel_name);
        if (deadlineAt < r.deadlineAt) r.deadlineAt = deadlineAt;
        reminders.set(key, r);
      }
    }
    const sent = [...reminders.values()].map((r) => ({ ...r, texts: reminderTexts(r) }));
    for (const r of sent) {
      await notifyUsers(tx, [r.userId], {
        kind: OFFICER_REMINDER_KIND,
        title: { vi: `Nhắc việc: còn ${r.groups.length} nhóm Zalo chưa đăng "${r.title}"`, en: `Reminder: ${r.groups.length} Zalo groups still without "${r.title}"` },
        body: r.texts,
        data: { itemId: r.itemId, url: '/xa' },
      });
    }
    // The Zalo OA message to an officer is in Vietnamese, whatever the app's locale.
    return sent.map(({ texts, ...r }) => ({ ...r, text: texts.vi }));
  });
}

function reminderTexts(r: Pick<SentReminder, 'groups' | 'deadlineAt' | 'title'>): Messages {
  const shown = r.groups.slice(0, 5).join(', ');
  const more = r.groups.length - 5;
  return {
    vi: `Bài "${r.title}" cần đăng trước ${formatVnDayTime(r.deadlineAt)} vào: ${shown}${more > 0 ? ` và ${more} nhóm khác` : ''}. Mở trang /xa để đăng và xác nhận.`,
    en: `"${r.title}" must be posted by ${formatVnDayTime(r.deadlineAt)} in: ${shown}${more > 0 ? ` and ${more} more groups` : ''}. Open /xa to post and confirm.`,
  };
}

/** The officers responsible for each group (responsible.ts), with their Zalo user id. */
async function officersOfChannels(tx: Queryable, channelIds: string[]) {
  return tx.execute<{ channel_id: string; user_id: string; zalo_user_id: string | null }>(sql`
    select r.channel_id, r.user_id, usr.zalo_user_id
    from (${responsibleOfficersSql(uuidList(channelIds))}) r join users usr on usr.id = r.user_id`);
}

/** For each unit, the nearest connected Zalo OA channel (the unit's own, else the closest ancestor's) that could message its officers. */
async function nearestOaChannels(tx: Queryable, unitIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.execute<{ unit_id: string; oa_channel_id: string }>(sql`
    with recursive up(unit_id, id, parent_id, depth) as (
      select id, id, parent_id, 0 from units where id in (${uuidList(unitIds)})
      union all
      select up.unit_id, u.id, u.parent_id, up.depth + 1 from units u join up on u.id = up.parent_id
    )
    select distinct on (up.unit_id) up.unit_id, c.id::text as oa_channel_id
    from up join channels c on c.unit_id = up.id
    where c.platform = 'zalo_oa' and c.status = 'connected' and not c.paused
    order by up.unit_id, up.depth, c.created_at`);
  return new Map(rows.map((r) => [r.unit_id, r.oa_channel_id]));
}
