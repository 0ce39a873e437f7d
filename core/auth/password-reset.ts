import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginAttempts, passwordResets, sessions, users } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { actingUserId } from '../org/access.ts';
import { checkPassword } from '../org/user-fields.ts';
import { assertManagesUser } from '../org/users.ts';
import { hashPassword } from './passwords.ts';
import { hashToken, newSecretToken } from './tokens.ts';

/**
 * An admin resets a user's password by issuing a one-time link (shown once, e-mailed when
 * SMTP is set); the user opens it and chooses a new password. A new link replaces any
 * unused one; using it signs the user out everywhere and lifts a login lockout.
 */
export const PASSWORD_RESET_TTL_HOURS = 24;

export async function issuePasswordReset(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
): Promise<{ token: string; expiresAt: Date; email: string; displayName: string; locale: string }> {
  await assertManagesUser(db, actor, userId);
  const token = newSecretToken('loar');
  const expiresAt = new Date(clock.now().getTime() + PASSWORD_RESET_TTL_HOURS * 3600_000);
  const user = await db.transaction(async (tx) => {
    const [target] = await tx.select().from(users).where(eq(users.id, userId));
    await tx.delete(passwordResets).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({ tokenHash: hashToken(token), userId, createdBy: actingUserId(actor), expiresAt });
    await audit(tx, actor, { action: 'user.password_reset_issued', entityType: 'user', entityId: userId });
    return target!;
  });
  return { token, expiresAt, email: user.email, displayName: user.displayName, locale: user.locale };
}

const linkInvalid = () =>
  new AppError(
    'PASSWORD_RESET_INVALID',
    410,
    {
      vi: 'Liên kết đặt lại mật khẩu không hợp lệ, đã dùng hoặc đã hết hạn. Hãy nhờ quản trị viên cấp liên kết mới.',
      en: 'This password reset link is invalid, used or expired. Ask an administrator for a new one.',
    },
    '/token',
  );

export async function completePasswordReset(db: Db, clock: Clock, actor: Actor, token: string, newPassword: string): Promise<void> {
  checkNewPassword(newPassword);
  const now = clock.now();
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId });
    if (!claimed) throw linkInvalid();
    const [user] = await tx.select({ disabled: users.disabled, email: users.email }).from(users).where(eq(users.id, claimed.userId));
    if (!user || user.disabled) throw linkInvalid();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, claimed.userId));
    // The lockout is counted from failed attempts on the account name (core/auth/sessions.ts): forget them.
    await tx.delete(loginAttempts).where(and(eq(loginAttempts.email, user.email.toLowerCase()), eq(loginAttempts.succeeded, false)));
    await tx.delete(sessions).where(eq(sessions.userId, claimed.userId));
    await audit(tx, { ...actor, userId: claimed.userId }, { action: 'user.password_reset', entityType: 'user', entityId: claimed.userId });
  });
}

/** The password rules of every account, reported on the field the form names `newPassword`. */
export function checkNewPassword(password: string): void {
  try {
    checkPassword(password);
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, err.status, err.messages, '/newPassword');
    throw err;
  }
}
