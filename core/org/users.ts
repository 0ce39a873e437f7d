import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { memberships, type Role, sessions, units, users } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { allows } from '../policy.ts';
import { membershipsOf, subtreeUnitIds, unitAncestry } from '../units.ts';
import { actingUserId, assertAllowedOnUnit, isUniqueViolation, requireGrantRoots } from './access.ts';
import { decodeCursor, DEFAULT_LIMIT, toPage, type Page } from './pagination.ts';
import { checkUserFields, type Locale } from './user-fields.ts';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  locale?: Locale | undefined;
  /** The first membership: every account created through the API belongs somewhere. */
  unitId: string;
  role: Role;
}

/** What the API shows of a user: never the password hash or lockout counters. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  disabled: boolean;
  createdAt: string;
  memberships: { id: string; unitId: string; unitName: string; role: Role }[];
}

const userWord = { vi: 'người dùng', en: 'User' };

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<UserView> {
  await assertAllowedOnUnit(db, actor, 'user.manage', input.unitId, '/unitId');
  const id = await insertUser(db, actor, input);
  return (await viewUsers(db, [id], null))[0]!;
}

/**
 * Inserts a checked account, its first membership and the audit row, without a permission
 * check: callers are createUser and `loa user create` (the machine's operator).
 */
export async function insertUser(db: Db, actor: Actor, input: NewUser): Promise<string> {
  const { email, displayName } = checkUserFields(input);
  const locale = input.locale ?? 'vi';
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email, displayName, passwordHash, locale }).returning({ id: users.id });
      const [m] = await tx.insert(memberships).values({ userId: user!.id, unitId: input.unitId, role: input.role }).returning({ id: memberships.id });
      await audit(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: user!.id,
        unitId: input.unitId,
        data: { email, displayName, locale, membershipId: m!.id, role: input.role },
      });
      return user!.id;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw conflict('USER_EMAIL_TAKEN', { vi: 'Email này đã có tài khoản', en: 'An account with this email already exists' }, '/email');
    }
    throw error;
  }
}

/**
 * Users holding a role somewhere in the subtrees the actor manages (`user.manage`),
 * by email; each shows only the memberships inside those subtrees.
 */
export async function listUsers(db: Db, actor: Actor, query: { limit?: number | undefined; cursor?: string | undefined; unitId?: string | undefined }): Promise<Page<UserView>> {
  const { roots } = await requireGrantRoots(db, actor, 'user.manage');
  if (query.unitId) await assertAllowedOnUnit(db, actor, 'user.manage', query.unitId, 'querystring:/unitId');
  const visible = await subtreeUnitIds(db, query.unitId ? [query.unitId] : roots);
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = query.cursor ? decodeCursor(query.cursor, ['string', 'uuid'] as const) : null;
  const sortKey = sql<string>`lower(${users.email})`;
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        sql`exists (select 1 from ${memberships} m where m.user_id = ${users.id} and m.unit_id in (${sql.join(visible.map((v) => sql`${v}::uuid`), sql`, `)}))`,
        after ? or(gt(sortKey, after[0]), and(eq(sortKey, after[0]), gt(users.id, after[1]))) : undefined,
      ),
    )
    .orderBy(asc(sortKey), asc(users.id))
    .limit(limit + 1);
  const views = new Map((await viewUsers(db, rows.map((r) => r.id), visible)).map((v) => [v.id, v]));
  return toPage(rows, limit, (r) => views.get(r.id)!, (r) => [r.email.toLowerCase(), r.id]);
}

export async function getUser(db: Db, actor: Actor, userId: string): Promise<UserView> {
  const { roots } = await requireGrantRoots(db, actor, 'user.manage');
  const visible = await subtreeUnitIds(db, roots);
  const [view] = await viewUsers(db, [userId], visible);
  if (!view || view.memberships.length === 0) throw notFound(userWord);
  return view;
}

/**
 * Disables (or re-enables) an account. The actor must manage every unit the target holds
 * a role on, so a commune admin cannot lock out a provincial officer; a disabled user's
 * sessions end at once and their API tokens stop working while disabled.
 */
export async function setUserDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<UserView> {
  if (disabled && userId === actingUserId(actor)) {
    throw invalid('USER_SELF_DISABLE', '/', { vi: 'Bạn không thể tự khoá tài khoản của mình', en: 'You cannot disable your own account' });
  }
  await db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id, disabled: users.disabled }).from(users).where(eq(users.id, userId)).for('update');
    if (!target) throw notFound(userWord);
    await assertManagesUser(tx, actor, userId);
    if (target.disabled === disabled) return;
    await tx.update(users).set({ disabled }).where(eq(users.id, userId));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(tx, actor, { action: disabled ? 'user.disable' : 'user.enable', entityType: 'user', entityId: userId });
  });
  return (await viewUsers(db, [userId], null))[0]!;
}

/** 403 unless the actor's `user.manage` covers every membership of the user (a user with none: a root-unit admin). */
export async function assertManagesUser(q: Queryable, actor: Actor, userId: string): Promise<void> {
  const grants = await membershipsOf(q, actingUserId(actor));
  const held = await membershipsOf(q, userId);
  if (held.length === 0) {
    const roots = await q.select({ id: units.id }).from(units).where(isNull(units.parentId));
    if (!roots.some((r) => allows(grants, 'user.manage', [r.id]))) throw forbidden();
    return;
  }
  for (const m of held) {
    if (!allows(grants, 'user.manage', await unitAncestry(q, m.unitId))) throw forbidden();
  }
}

/** Users with their memberships; `visibleUnits` null shows all memberships. */
export async function viewUsers(q: Queryable, ids: string[], visibleUnits: string[] | null): Promise<UserView[]> {
  if (ids.length === 0) return [];
  const rows = await q.select().from(users).where(inArray(users.id, ids));
  const ms = await q
    .select({ id: memberships.id, userId: memberships.userId, unitId: memberships.unitId, unitName: units.name, role: memberships.role })
    .from(memberships)
    .innerJoin(units, eq(units.id, memberships.unitId))
    .where(and(inArray(memberships.userId, ids), visibleUnits ? inArray(memberships.unitId, visibleUnits) : undefined))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    locale: u.locale,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    memberships: ms.filter((m) => m.userId === u.id).map(({ userId: _userId, ...m }) => m),
  }));
}
