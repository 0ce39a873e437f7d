import type { SecretBox } from '../../lib/secrets.ts';

/**
 * The question form carries when it was shown, sealed with Loa's key (AES-GCM), so a robot
 * cannot forge an older time and every server process sharing the key can check it. A form
 * sent back faster than a person can type is refused.
 */
export function issueFormToken(secrets: SecretBox, now: Date): string {
  return secrets.seal(`qform:${now.getTime()}`);
}

/** When the form was shown, or null for a missing, forged or foreign token. */
export function formShownAt(secrets: SecretBox, token: string): Date | null {
  if (!token || token.length > 500) return null;
  try {
    const m = /^qform:(\d{1,15})$/.exec(secrets.open(token));
    return m ? new Date(Number(m[1])) : null;
  } catch {
    return null;
  }
}
