import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { MAX_NAME_LENGTH, type Locale } from '../org/user-fields.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { checkNewPassword } from './password-reset.ts';
import { hashToken } from './tokens.ts';
import { publicUser, type SessionUser } from './sessions.ts';

/** What a signed-in user changes about their own account: language, name, password. */
export async function updateProfile(db: Db, actor: Actor, userId: string, input: { locale?: Locale | undefined; displayName?: string | undefined }): Promise<SessionUser> {
  const changes: { locale?: Locale; displayName?: string } = {};
  if (input.locale) changes.locale = input.locale;
  if (input.displayName !== undefined) {
    const displayName = nfc(input.displayName.trim());
    if (!displayName) throw invalid('DISPLAY_NAME_REQUIRED', '/displayName', { vi: 'Cần nhập họ tên', en: 'The display name is required' });
    if ([...displayName].length > MAX_NAME_LENGTH) {
      throw invalid('DISPLAY_NAME_TOO_LONG', '/displayName', { vi: `Họ tên dài quá ${MAX_NAME_LENGTH} ký tự`, en: `The display name must be at most ${MAX_NAME_LENGTH} characters` });
    }
    changes.displayName = displayName;
  }
  return db.transaction(async (tx) => {
    const [row] = Object.keys(changes).length
      ? await tx.update(users).set(changes).where(eq(users.id, userId)).returning()
      : await tx.select().from(users).where(eq(users.id, userId));
    if (Object.keys(changes).length) await audit(tx, actor, { action: 'user.profile_update', entityType: 'user', entityId: userId, data: changes });
    return publicUser(row!);
  });
}

/**
 * Changes one's own password after checking the current one; every other session of the
 * user ends (the one making the change stays signed in).
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  keepSessionToken: string | null,
): Promise<void> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!(await verifyPassword(input.currentPassword, user?.passwordHash ?? null))) {
    throw invalid('CURRENT_PASSWORD_WRONG', '/currentPassword', { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' });
  }
  checkNewPassword(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx
      .delete(sessions)
      .where(keepSessionToken ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, hashToken(keepSessionToken))) : eq(sessions.userId, userId));
    await audit(tx, actor, { action: 'user.password_change', entityType: 'user', entityId: userId });
  });
}
