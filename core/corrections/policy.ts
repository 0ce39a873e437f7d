import type { Messages } from '../../lib/errors.ts';
import type { Platform } from '../../lib/platforms.ts';

/**
 * What a newer approved revision does to what a channel already published (ARCHITECTURE.md
 * "Corrections"): `update_in_place` — the published object is edited (the `correct_delivery`
 * task); `correction_post` — a new delivery publishes beside it; `none` — it stays as it was.
 */
export type CorrectionMode = 'update_in_place' | 'correction_post' | 'none';

export interface CorrectionBehaviour {
  mode: CorrectionMode;
  /** Shown before approval: what the correction changes and what stays as first published. */
  note: Messages;
}

/** Each platform's behaviour, from its connector's capabilities (injected: core does not import connectors). */
export type CorrectionPolicy = (platform: Platform) => CorrectionBehaviour;
