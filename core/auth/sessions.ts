import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginAttempts, sessions, users } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { verifyPassword } from './passwords.ts';
import { hashToken, newSecretToken } from './tokens.ts';

export interface LoginPolicy {
  maxAttempts: number;
  lockMinutes: number;
  sessionTtlHours: number;
  /** Failed logins allowed from one IP per 15 minutes, whatever the accounts. */
  maxFailuresPerIp: number;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  locale: string;
}

const invalidCredentials = () =>
  new AppError('AUTH_INVALID_CREDENTIALS', 401, {
    vi: 'Email hoặc mật khẩu không đúng',
    en: 'Wrong email or password',
  });

/** Verifies a password login and opens a session. Throws AppError 401/423/429. */
export async function login(
  db: Db,
  clock: Clock,
  policy: LoginPolicy,
  input: { email: string; password: string; ip: string },
): Promise<{ sessionToken: string; csrfToken: string; expiresAt: Date; user: SessionUser }> {
  const now = clock.now();
  const email = input.email.trim().toLowerCase();
  const windowStart = new Date(now.getTime() - 15 * 60_000);
  const [ipFailures] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, windowStart)));
  if ((ipFailures?.n ?? 0) >= policy.maxFailuresPerIp) {
    throw new AppError('AUTH_RATE_LIMITED', 429, {
      vi: 'Quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau 15 phút.',
      en: 'Too many failed logins from this address. Try again in 15 minutes.',
    });
  }
  // The lock holds one address off one account name: the same answer whether the account
  // exists or not, and a stranger's failures never lock its owner out from elsewhere.
  const lockStart = new Date(now.getTime() - policy.lockMinutes * 60_000);
  const [pairFailures] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, lockStart)));
  const failuresSoFar = pairFailures?.n ?? 0;
  if (failuresSoFar >= policy.maxAttempts) {
    await db.insert(loginAttempts).values({ ip: input.ip, email, succeeded: false, at: now });
    throw new AppError('AUTH_LOCKED', 423, {
      vi: `Đăng nhập sai quá nhiều lần cho tài khoản này từ địa chỉ này. Vui lòng thử lại sau ${policy.lockMinutes} phút.`,
      en: `Too many failed sign-ins to this account from this address. Try again in ${policy.lockMinutes} minutes.`,
    });
  }
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  const actor: Actor = { kind: 'user', userId: user?.id ?? null, ip: input.ip };

  if (!user || !ok || user.disabled) {
    await db.transaction(async (tx) => {
      await tx.insert(loginAttempts).values({ ip: input.ip, email, succeeded: false, at: now });
      if (user && !user.disabled) {
        const lock = failuresSoFar + 1 >= policy.maxAttempts;
        await audit(tx, actor, { action: lock ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: user.id });
      }
    });
    throw invalidCredentials();
  }

  const sessionToken = newSecretToken('loas');
  const csrfToken = newSecretToken('csrf');
  const expiresAt = new Date(now.getTime() + policy.sessionTtlHours * 3600_000);
  await db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ ip: input.ip, email, succeeded: true, at: now });
    await tx.insert(sessions).values({ tokenHash: hashToken(sessionToken), userId: user.id, csrfToken, expiresAt, ip: input.ip });
    await audit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  return { sessionToken, csrfToken, expiresAt, user: publicUser(user) };
}

export async function resolveSession(db: Db, clock: Clock, token: string): Promise<{ user: SessionUser; csrfToken: string } | null> {
  const [row] = await db
    .select({ user: users, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, clock.now()), eq(users.disabled, false)));
  return row ? { user: publicUser(row.user), csrfToken: row.csrfToken } : null;
}

export async function logout(db: Db, actor: Actor, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    await audit(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

export function publicUser(u: typeof users.$inferSelect): SessionUser {
  return { id: u.id, email: u.email, displayName: u.displayName, locale: u.locale };
}
