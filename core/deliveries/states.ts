import type { DeliveryState } from '../../db/schema/enums.ts';

/**
 * The delivery state machine (ARCHITECTURE.md). The only edges `transitionDelivery`
 * accepts; anything else is a bug and throws.
 */
export const deliveryEdges: Record<DeliveryState, readonly DeliveryState[]> = {
  // → scheduled: a deferral re-arms the row (not an attempt); → awaiting_officer: manual channels at their time.
  scheduled: ['publishing', 'awaiting_officer', 'cancelled', 'scheduled'],
  // → scheduled: deferred ("not now": quota, window, moderation, freeze, pause).
  publishing: ['published', 'processing', 'retrying', 'needs_reconnect', 'failed', 'unconfirmed', 'scheduled'],
  processing: ['processing', 'published', 'failed', 'unconfirmed'],
  retrying: ['publishing', 'cancelled', 'scheduled'],
  needs_reconnect: ['scheduled', 'cancelled'],
  // found by marker / proven absent / decided by an operator.
  unconfirmed: ['published', 'scheduled', 'failed'],
  awaiting_officer: ['published', 'missed', 'cancelled'],
  // confirmed after the deadline: published, flagged late.
  missed: ['published'],
  published: ['taken_down'],
  // → scheduled: only by an explicit user "retry"; → unconfirmed: an attempt may have landed,
  // so a retry or a correction looks it up first (landed.ts).
  failed: ['scheduled', 'unconfirmed'],
  cancelled: [],
  taken_down: [],
};

/** States in which nothing has been sent yet, so a cancellation loses nothing. */
export const unstartedStates: readonly DeliveryState[] = ['scheduled', 'retrying', 'needs_reconnect', 'awaiting_officer'];

/** States a worker may claim for publishing. */
export const claimableStates: readonly DeliveryState[] = ['scheduled', 'retrying'];

export function isAllowed(from: DeliveryState, to: DeliveryState): boolean {
  return deliveryEdges[from].includes(to);
}

export function assertAllowed(from: readonly DeliveryState[], to: DeliveryState): void {
  const bad = from.filter((f) => !isAllowed(f, to));
  if (bad.length) throw new Error(`Illegal delivery transition ${bad.join('|')} → ${to}`);
}
