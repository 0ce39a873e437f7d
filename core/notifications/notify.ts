import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { notifications, type Role } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';

export interface NotificationInput {
  /** delivery_failed | needs_reconnect | unconfirmed | approval_waiting | officer_task | … */
  kind: string;
  /** Both languages are written: each reader sees the one of their profile's locale. */
  title: Messages;
  body?: Messages;
  data?: Record<string, unknown>;
}

/** In-app notifications for the given users (email follows where SMTP is configured). */
export async function notifyUsers(q: Queryable, userIds: readonly string[], n: NotificationInput): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  await q.insert(notifications).values(
    unique.map((userId) => ({
      userId,
      kind: n.kind,
      title: n.title.vi,
      titleEn: n.title.en,
      body: n.body?.vi ?? '',
      bodyEn: n.body?.en ?? '',
      data: n.data ?? {},
    })),
  );
  return unique.length;
}

/**
 * Notifies everyone holding one of `roles` on the unit or on any unit above it (a role
 * covers its subtree, so they are responsible for this unit too).
 */
export async function notifyUnitRoles(q: Queryable, unitId: string, roles: readonly Role[], n: NotificationInput): Promise<number> {
  const rows = await q.execute<{ user_id: string }>(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from units where id = ${unitId}
      union all
      select u.id, u.parent_id from units u join up on u.id = up.parent_id
    )
    select distinct m.user_id from memberships m join users usr on usr.id = m.user_id
    where m.unit_id in (select id from up) and usr.disabled = false
      and m.role::text in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})`);
  return notifyUsers(
    q,
    rows.map((r) => r.user_id),
    n,
  );
}
