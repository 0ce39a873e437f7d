import { and, eq, exists, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, users } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { publicUser, type SessionUser } from './sessions.ts';
import { hashToken, newSecretToken } from './tokens.ts';

/**
 * API tokens for automation. Each has a scope and an expiry:
 * - `read` (the default) answers only safe requests (GET, HEAD); `write` may do whatever its
 *   owner's roles allow, never more (RBAC still decides every request).
 * - A request authenticated by a token may mint another only within that token's rights:
 *   not a wider scope, not a later expiry (so a leaked token cannot outlive itself).
 */
export type TokenScope = 'read' | 'write';
export const tokenScopes = ['read', 'write'] as const;
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

/** The token a request was authenticated by. */
export interface AuthenticatingToken {
  id: string;
  scope: TokenScope;
  expiresAt: Date;
}

const scopeRank: Record<TokenScope, number> = { read: 0, write: 1 };

export async function createApiToken(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
  input: { name: string; scope: TokenScope; expiresInDays: number },
  minter: AuthenticatingToken | null,
): Promise<{ id: string; token: string; scope: TokenScope; expiresAt: Date }> {
  const expiresAt = new Date(clock.now().getTime() + input.expiresInDays * 86_400_000);
  if (minter && scopeRank[input.scope] > scopeRank[minter.scope]) throw beyondMinter('/scope');
  if (minter && expiresAt > minter.expiresAt) throw beyondMinter('/expiresInDays');
  const token = newSecretToken('loa');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, 10), scope: input.scope, expiresAt })
      .returning({ id: apiTokens.id });
    await audit(tx, actor, {
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: row!.id,
      data: { userId, name: input.name, scope: input.scope, expiresAt: expiresAt.toISOString(), byToken: minter?.id ?? null },
    });
    return { id: row!.id, token, scope: input.scope, expiresAt };
  });
}

/** How stale a token's `last_used_at` may get: it is written at most this often per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The user and token behind a bearer secret; null when unknown, revoked, expired or the user is disabled.
 * One statement: the look-up, and `last_used_at` when it is a minute old or more (a data-modifying CTE), so a
 * read request does not write and wait for a commit on every call (docs/BENCHMARKS.md, (r) around the build).
 */
export async function resolveApiToken(db: Db, clock: Clock, token: string): Promise<{ user: SessionUser; token: AuthenticatingToken } | null> {
  const now = clock.now();
  const usable = and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now));
  const activeOwner = exists(db.select({ id: users.id }).from(users).where(and(eq(users.id, apiTokens.userId), eq(users.disabled, false))));
  const stale = or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)));
  const touched = db.$with('touched').as(db.update(apiTokens).set({ lastUsedAt: now }).where(and(usable, activeOwner, stale)).returning({ id: apiTokens.id }));
  const [row] = await db
    .with(touched)
    .select({ user: users, id: apiTokens.id, scope: apiTokens.scope, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(usable, eq(users.disabled, false)));
  if (!row) return null;
  return { user: publicUser(row.user), token: { id: row.id, scope: row.scope, expiresAt: row.expiresAt } };
}

/** A read-scoped token on a request that changes something. */
export function assertScopeAllows(token: AuthenticatingToken, method: string): void {
  if (token.scope === 'read' && !['GET', 'HEAD', 'OPTIONS'].includes(method)) {
    throw new AppError('TOKEN_SCOPE_READ_ONLY', 403, {
      vi: 'API token này chỉ có quyền đọc (phạm vi "read")',
      en: 'This API token may only read (scope "read")',
    });
  }
}

const beyondMinter = (field: string) =>
  new AppError(
    'TOKEN_BEYOND_OWN_RIGHTS',
    403,
    {
      vi: 'Token dùng để tạo không thể cấp token rộng quyền hơn hoặc hết hạn muộn hơn chính nó',
      en: 'A token cannot mint a token with a wider scope or a later expiry than its own',
    },
    field,
  );
