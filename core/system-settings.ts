import { eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { systemSettings, units } from '../db/schema/index.ts';
import { forbidden, invalid } from '../lib/errors.ts';
import { nfc } from '../lib/text.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { holdCodes, releaseHeldDeliveries } from './deliveries/holds.ts';
import { requireGrantRoots } from './org/access.ts';

/**
 * The global publishing freeze (system_settings key `freeze`). While it is on, every
 * delivery that comes due is held at claim time (`scheduled`, reason shown, no attempt
 * spent, no job); lifting it re-enqueues all of them in the same transaction.
 */
export interface Freeze {
  on: boolean;
  reason: string | null;
  /** User id of whoever last switched it. */
  by: string | null;
  at: string | null;
}

const FREEZE_KEY = 'freeze';
const off: Freeze = { on: false, reason: null, by: null, at: null };

export async function getFreeze(q: Queryable): Promise<Freeze> {
  const [row] = await q.select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, FREEZE_KEY));
  if (!row) return off;
  const v = row.value;
  return {
    on: v.on === true,
    reason: typeof v.reason === 'string' ? v.reason : null,
    by: typeof v.by === 'string' ? v.by : null,
    at: typeof v.at === 'string' ? v.at : null,
  };
}

/** Switches the freeze; the caller checks `system.manage`. Returns the new state and how many held deliveries were released. */
export async function setFreeze(
  q: Queryable,
  actor: Actor,
  input: { on: boolean; reason?: string | undefined },
  now: Date,
): Promise<{ freeze: Freeze; released: number }> {
  const reason = input.reason ? nfc(input.reason.trim()) : '';
  if (input.on && !reason) {
    throw invalid('FREEZE_REASON_REQUIRED', '/reason', {
      vi: 'Cần nêu lý do tạm dừng đăng bài toàn hệ thống',
      en: 'A reason is required to freeze publishing',
    });
  }
  const freeze: Freeze = { on: input.on, reason: input.on ? reason : null, by: actor.userId, at: now.toISOString() };
  // Concurrent switches are serialised; the last one wins.
  await q.execute(sql`select pg_advisory_xact_lock(hashtext('loa:freeze'))`);
  const before = await getFreeze(q);
  await q
    .insert(systemSettings)
    .values({ key: FREEZE_KEY, value: { ...freeze }, updatedBy: actor.userId })
    .onConflictDoUpdate({ target: systemSettings.key, set: { value: { ...freeze }, updatedAt: sql`now()`, updatedBy: actor.userId } });
  await audit(q, actor, {
    action: input.on ? 'system.freeze' : 'system.unfreeze',
    entityType: 'system_setting',
    entityId: FREEZE_KEY,
    data: { reason: freeze.reason, wasOn: before.on },
  });
  const released = input.on ? 0 : await releaseHeldDeliveries(q, actor, { codes: [holdCodes.frozen] });
  return { freeze, released };
}

/**
 * The freeze stops every unit's publishing, so only an admin holding `system.manage` on a
 * top-level unit may switch it; a subtree admin may not.
 */
export async function assertMayFreeze(q: Queryable, actor: Actor): Promise<void> {
  const { roots } = await requireGrantRoots(q, actor, 'system.manage');
  const topLevel = await q.select({ id: units.id }).from(units).where(isNull(units.parentId));
  if (!roots.some((r) => topLevel.some((u) => u.id === r))) {
    throw forbidden({
      vi: 'Chỉ quản trị viên của đơn vị cấp cao nhất mới bật hoặc tắt được việc tạm dừng đăng bài toàn hệ thống',
      en: 'Only an administrator of the top-level unit may switch the installation-wide publishing freeze',
    });
  }
}
