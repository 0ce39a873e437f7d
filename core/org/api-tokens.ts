import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { actingUserId } from './access.ts';

/** A token as its owner sees it later: the secret itself was shown once and is not stored. */
export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scope: 'read' | 'write';
  expiresAt: string;
}

export async function listOwnApiTokens(db: Db, actor: Actor): Promise<ApiTokenView[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, actingUserId(actor)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    scope: r.scope,
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/** Revokes one of the actor's own tokens; another user's token is reported as not found. */
export async function revokeOwnApiToken(db: Db, actor: Actor, tokenId: string, now: Date): Promise<void> {
  const userId = actingUserId(actor);
  await db.transaction(async (tx) => {
    const [own] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)));
    if (!own) throw notFound({ vi: 'API token', en: 'API token' });
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length > 0) await audit(tx, actor, { action: 'api_token.revoke', entityType: 'api_token', entityId: tokenId, data: { userId } });
  });
}
