import { createHash, randomBytes } from 'node:crypto';

/** Random bearer secret; only its sha256 is stored. */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
