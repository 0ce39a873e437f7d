import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../lib/errors.ts';
import type { SecretBox } from '../../../lib/secrets.ts';

/**
 * The connect flow's state, kept in the admin's own browser: a cookie sealed with Loa's
 * credentials key (AES-GCM, so it can be neither read nor forged) holding the PKCE verifier,
 * the `state` value sent to the platform, the channel, the user and a hash of their session.
 * The callback is accepted only with the same `state`, the same signed-in session and user,
 * before it expires.
 */
export interface ConnectState {
  state: string;
  verifier: string;
  channelId: string;
  userId: string;
  sessionHash: string;
  expiresAt: number;
}

export const CONNECT_TTL_MS = 10 * 60_000;

export const sessionHash = (sessionToken: string) => createHash('sha256').update(sessionToken).digest('base64url');

export function newState(): string {
  return randomBytes(24).toString('base64url');
}

export function sealState(secrets: SecretBox, s: ConnectState): string {
  return secrets.seal(JSON.stringify(s));
}

const refused = () =>
  new AppError('OAUTH_STATE_INVALID', 403, {
    vi: 'Phiên kết nối không hợp lệ hoặc đã hết hạn (mở từ trình duyệt hay tài khoản khác?); hãy bấm "Kết nối" lại từ trang kênh',
    en: 'The connect session is invalid or expired (another browser or account?); start the connection again from the channel page',
  });

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The sealed state if it matches the callback's `state`, session, user and time; a 403 otherwise. */
export function openState(secrets: SecretBox, sealed: string | undefined, o: { state: string; sessionToken: string | null; userId: string; now: Date }): ConnectState {
  if (!sealed || !o.sessionToken) throw refused();
  let s: ConnectState;
  try {
    s = JSON.parse(secrets.open(sealed)) as ConnectState;
  } catch {
    throw refused();
  }
  const ok =
    typeof s.state === 'string' &&
    same(s.state, o.state) &&
    same(s.sessionHash, sessionHash(o.sessionToken)) &&
    s.userId === o.userId &&
    s.expiresAt > o.now.getTime();
  if (!ok) throw refused();
  return s;
}
