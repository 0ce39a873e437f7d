import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { memberships, setupTokens, units, users } from '../db/schema/index.ts';
import { AppError, invalid } from '../lib/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { nfc } from '../lib/text.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { hashPassword } from './auth/passwords.ts';
import { hashToken, newSecretToken } from './auth/tokens.ts';
import { checkUserFields, MAX_NAME_LENGTH } from './org/user-fields.ts';

export type SetupState = { kind: 'done' } | { kind: 'invited'; token: string };

const SETUP_TTL_MS = 7 * 24 * 3600_000;

/**
 * On an installation with no users, issues a setup link at every start and retires the
 * earlier unused ones: only its hash is kept, so a link printed by an earlier start cannot
 * be shown again, and a new user who lost it (or never saw that start's output) gets a
 * working one by restarting, as the sign-in and invalid-link pages say.
 */
export async function ensureSetupInvitation(db: Db, clock: Clock): Promise<SetupState> {
  const [n] = await db.select({ n: count() }).from(users);
  if ((n?.n ?? 0) > 0) return { kind: 'done' };
  const now = clock.now();
  const token = newSecretToken('setup');
  await db.transaction(async (tx) => {
    await tx.update(setupTokens).set({ expiresAt: now }).where(and(isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)));
    await tx.insert(setupTokens).values({ tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SETUP_TTL_MS) });
  });
  return { kind: 'invited', token };
}

/**
 * Whether the installation still waits for its first administrator (no user at all): the
 * sign-in page then points to the setup link printed at start. Nothing else is told.
 */
export async function isSetupNeeded(db: Db): Promise<boolean> {
  const [n] = await db.select({ n: count() }).from(users);
  return (n?.n ?? 0) === 0;
}

export interface NewAdmin {
  email: string;
  displayName: string;
  password: string;
  /** Root unit created for an empty installation, e.g. "Công an tỉnh Bình Định". */
  unitName: string;
}

/** Whether `token` is an unused, unexpired setup token and the installation still has no user. */
export async function isSetupTokenUsable(db: Db, clock: Clock, token: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, clock.now())));
  const [n] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0 && (n?.n ?? 0) === 0;
}

/** Creates the root unit and the first admin, consuming a setup token (403 once used). */
export async function completeSetup(
  db: Db,
  clock: Clock,
  token: string,
  input: NewAdmin,
  ip?: string,
): Promise<{ userId: string; unitId: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(setupTokens)
      .set({ usedAt: clock.now() })
      .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, clock.now())))
      .returning();
    const [n] = await tx.select({ n: count() }).from(users);
    if (!row || (n?.n ?? 0) > 0) {
      throw new AppError('SETUP_TOKEN_INVALID', 403, {
        vi: 'Liên kết thiết lập không hợp lệ, đã dùng hoặc đã hết hạn',
        en: 'The setup link is invalid, used or expired',
      }, '/token');
    }
    return createAdminWithRootUnit(tx as unknown as Db, { kind: 'user', userId: null, ip }, input);
  });
}

/** Shared by the setup link and `loa user create` on an empty installation. */
export async function createAdminWithRootUnit(db: Db, actor: Actor, input: NewAdmin): Promise<{ userId: string; unitId: string }> {
  const { email, displayName } = checkUserFields(input);
  const unitName = nfc(input.unitName.trim());
  if (!unitName || [...unitName].length > MAX_NAME_LENGTH) {
    throw invalid('UNIT_NAME_INVALID', '/unitName', {
      vi: `Cần nhập tên đơn vị (tối đa ${MAX_NAME_LENGTH} ký tự)`,
      en: `The unit name is required (at most ${MAX_NAME_LENGTH} characters)`,
    });
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [unit] = await tx.insert(units).values({ name: unitName, kind: 'province' }).returning({ id: units.id });
    const [user] = await tx.insert(users).values({ email, displayName, passwordHash }).returning({ id: users.id });
    await tx.insert(memberships).values({ userId: user!.id, unitId: unit!.id, role: 'admin' });
    const who = { ...actor, userId: actor.userId ?? user!.id };
    await audit(tx, who, { action: 'unit.create', entityType: 'unit', entityId: unit!.id, unitId: unit!.id, data: { name: unitName } });
    await audit(tx, who, { action: 'user.create', entityType: 'user', entityId: user!.id, unitId: unit!.id, data: { email, role: 'admin' } });
    return { userId: user!.id, unitId: unit!.id };
  });
}
