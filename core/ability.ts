import { AppError, type Messages } from '../lib/errors.ts';

/** Whether the caller may do one thing now, and if not the server's refusal, as the action itself would answer. */
export interface Ability {
  allowed: boolean;
  code: string | null;
  field: string | null;
  messages: Messages | null;
}

export const allowed: Ability = { allowed: true, code: null, field: null, messages: null };

export const refusedBy = (e: AppError): Ability => ({ allowed: false, code: e.code, field: e.field ?? null, messages: e.messages });

/** Runs the action's own check: the app never re-implements a rule, it shows this answer. */
export async function ability(check: () => Promise<void>): Promise<Ability> {
  try {
    await check();
    return allowed;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return refusedBy(e);
  }
}
