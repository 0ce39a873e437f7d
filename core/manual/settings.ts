import type { Platform } from '../../lib/platforms.ts';

/**
 * Platforms without an API: at its time a delivery becomes a person's task
 * (`awaiting_officer`) instead of a connector call.
 */
export const MANUAL_PLATFORMS: readonly Platform[] = ['zalo_group_manual', 'share_kit'];

export function isManualPlatform(platform: Platform): boolean {
  return MANUAL_PLATFORMS.includes(platform);
}

/** Manual platforms whose tasks commune officers do (on /xa); share kits are done by their recipients. */
export const OFFICER_PLATFORMS: readonly Platform[] = ['zalo_group_manual'];

export function isOfficerPlatform(platform: Platform): boolean {
  return OFFICER_PLATFORMS.includes(platform);
}

/** Hours an officer has to push an item into a group, from the moment it opens. (Channel setting `deadlineHours`.) */
export const DEFAULT_DEADLINE_HOURS = 24;
/** Hours before the deadline the officer is reminded; 0 = never. (Channel setting `reminderHoursBefore`.) */
export const DEFAULT_REMINDER_HOURS_BEFORE = 3;
const MAX_DEADLINE_HOURS = 24 * 30;

const HOUR_MS = 3_600_000;

/** A channel setting read as hours; anything but a number in [min, max] falls back to the default. */
function hours(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

export interface TaskTimes {
  deadlineAt: Date;
  /** null when reminders are off or would come before the task opens. */
  remindAt: Date | null;
}

/**
 * When a task opened at `openedAt` is due and when its officers are reminded, from the
 * channel's settings (`deadlineHours`, `reminderHoursBefore`; fractions allowed).
 */
export function taskTimes(settings: Record<string, unknown>, openedAt: Date): TaskTimes {
  const deadlineHours = hours(settings.deadlineHours, DEFAULT_DEADLINE_HOURS, 1 / 60, MAX_DEADLINE_HOURS);
  const before = hours(settings.reminderHoursBefore, DEFAULT_REMINDER_HOURS_BEFORE, 0, MAX_DEADLINE_HOURS);
  const deadlineAt = new Date(openedAt.getTime() + deadlineHours * HOUR_MS);
  const remindAt = before > 0 && before < deadlineHours ? new Date(deadlineAt.getTime() - before * HOUR_MS) : null;
  return { deadlineAt, remindAt };
}
