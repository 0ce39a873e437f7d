import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { auditLog, deliveryAttempts } from '../../db/schema/index.ts';
import { landedOutcomes } from './landed.ts';

/** The audit action of one reconcile read that did not find the marker (not yet a conclusion). */
export const ABSENT_READ = 'delivery.reconcile_absent_read';

/** The channel setting that overrides a connector's settle time, in seconds. */
export const SETTLE_SETTING = 'reconcileSettleSeconds';
/** The longest settle time a channel may set: a day (longer only delays a re-publish a person could decide sooner). */
export const MAX_SETTLE_SECONDS = 24 * 3600;

/**
 * The settle time of a channel: its `reconcileSettleSeconds` setting when it is a whole number
 * of seconds from 0 to a day, else the connector's default.
 */
export function settleMsOf(settings: Record<string, unknown>, connectorDefaultMs: number): number {
  const raw = settings[SETTLE_SETTING];
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= MAX_SETTLE_SECONDS) return raw * 1000;
  return connectorDefaultMs;
}

/**
 * Two reads that did not find the marker must be at least this far apart: half the settle
 * time, between 1 s and 5 min (a listing that lags behind a write gets a second chance).
 */
export function recheckGapMs(settleMs: number): number {
  return Math.min(5 * 60_000, Math.max(1000, Math.floor(settleMs / 2)));
}

export type SettleDecision = { kind: 'absent' } | { kind: 'recheck'; at: Date };

/**
 * "Absent" is concluded only when this read is at or after the end of the ambiguous attempt
 * plus the settle time, and an earlier read of the same attempt (at least the recheck gap
 * before) did not find the marker either. Otherwise: read again at the earliest time both hold.
 */
export function decideAbsent(i: { attemptEndedAt: Date; settleMs: number; now: Date; earlierReads: Date[] }): SettleDecision {
  const settledAt = i.attemptEndedAt.getTime() + i.settleMs;
  const gap = recheckGapMs(i.settleMs);
  const now = i.now.getTime();
  const spaced = i.earlierReads.some((r) => now - r.getTime() >= gap);
  if (now >= settledAt && spaced) return { kind: 'absent' };
  return { kind: 'recheck', at: new Date(Math.max(settledAt, now + gap)) };
}

/** Earlier "not found" reads of this delivery's attempt `attempt` (clock times, as recorded). */
export async function earlierAbsentReads(q: Queryable, deliveryId: string, attempt: number): Promise<Date[]> {
  const rows = await q
    .select({ at: sql<string>`${auditLog.data}->>'at'` })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'delivery'), eq(auditLog.entityId, deliveryId), eq(auditLog.action, ABSENT_READ), sql`(${auditLog.data}->>'attempt')::int = ${attempt}`));
  return rows.map((r) => new Date(r.at)).filter((d) => !Number.isNaN(d.getTime()));
}

export interface AttemptWindow {
  number: number;
  startedAt: Date;
  /** When Loa stopped waiting for it; null while it is still open. */
  finishedAt: Date | null;
}

/**
 * The last attempt: a reconcile settles from its end, and looks for the post from its start —
 * or from the start of an earlier attempt that may have landed (landed.ts), when a failed
 * delivery is looked up after later attempts that did not reach the platform.
 */
export async function lastAttempt(q: Queryable, deliveryId: string): Promise<AttemptWindow | null> {
  const [row] = await q
    .select({
      number: deliveryAttempts.number,
      startedAt: sql<Date>`least(${deliveryAttempts.startedAt}, (select min(e.started_at) from delivery_attempts e where e.delivery_id = ${deliveryId} and e.outcome = any(${`{${landedOutcomes.join(',')}}`}::text[])))`.mapWith(deliveryAttempts.startedAt),
      finishedAt: deliveryAttempts.finishedAt,
    })
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, deliveryId))
    .orderBy(desc(deliveryAttempts.number))
    .limit(1);
  return row ?? null;
}

/** When the first attempt started: the last-net scan looks for copies from then on. */
export async function firstAttemptStartedAt(q: Queryable, deliveryId: string): Promise<Date | null> {
  const [row] = await q
    .select({ startedAt: deliveryAttempts.startedAt })
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, deliveryId))
    .orderBy(deliveryAttempts.number)
    .limit(1);
  return row?.startedAt ?? null;
}
