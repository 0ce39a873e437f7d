import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { channels, deliveries, shareKitLinks } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';

/** A kit's link keeps working this long after its deadline, so a late share can still be confirmed. */
const GRACE_AFTER_DEADLINE_MS = 7 * 24 * 3_600_000;
/** States in which a kit exists: opened (awaiting, missed) or confirmed. */
const KIT_STATES = ['awaiting_officer', 'missed', 'published'] as const;

export const kitPath = (token: string) => `/chia-se/${token}`;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export const kitNotFound = () => notFound({ vi: 'bộ chia sẻ', en: 'Share kit' }, '/deliveryId');

/** The kit delivery with its channel, after checking the caller manages deliveries of the recipient's unit. */
export async function loadKitForManager(q: Queryable, actor: Actor, deliveryId: string) {
  const [row] = await q
    .select({ id: deliveries.id, state: deliveries.state, deadlineAt: deliveries.deadlineAt, unitId: channels.unitId, platform: channels.platform, itemId: deliveries.itemId })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .where(eq(deliveries.id, deliveryId));
  if (!row || row.platform !== 'share_kit') throw kitNotFound();
  await assertAllowedOnUnit(q, actor, 'delivery.manage', row.unitId);
  return row;
}

/**
 * Issues the recipient's personal secret link (shown once: only its hash is kept) and
 * revokes any earlier one. Only for an opened kit; it expires a week after the kit's deadline.
 */
export async function issueKitLink(db: Db, actor: Actor, deliveryId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  return db.transaction(async (tx) => {
    const kit = await loadKitForManager(tx, actor, deliveryId);
    if (!(KIT_STATES as readonly string[]).includes(kit.state)) {
      throw conflict('KIT_NOT_OPEN', { vi: 'Bộ chia sẻ chưa mở (chưa đến giờ hoặc đã huỷ)', en: 'The share kit is not open (not due yet, or cancelled)' });
    }
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Math.max(now.getTime(), kit.deadlineAt?.getTime() ?? now.getTime()) + GRACE_AFTER_DEADLINE_MS);
    await tx.update(shareKitLinks).set({ revokedAt: now }).where(and(eq(shareKitLinks.deliveryId, deliveryId), isNull(shareKitLinks.revokedAt)));
    await tx.insert(shareKitLinks).values({ deliveryId, tokenHash: hashOf(token), issuedBy: actor.userId, issuedAt: now, expiresAt });
    await audit(tx, actor, { action: 'share_kit.link_issued', entityType: 'delivery', entityId: deliveryId, unitId: kit.unitId, data: { expiresAt } });
    return { token, expiresAt };
  });
}

/** Revokes the recipient's link at once; returns whether one was live. */
export async function revokeKitLink(db: Db, actor: Actor, deliveryId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const kit = await loadKitForManager(tx, actor, deliveryId);
    const revoked = await tx
      .update(shareKitLinks)
      .set({ revokedAt: now })
      .where(and(eq(shareKitLinks.deliveryId, deliveryId), isNull(shareKitLinks.revokedAt)))
      .returning({ id: shareKitLinks.id });
    if (revoked.length) await audit(tx, actor, { action: 'share_kit.link_revoked', entityType: 'delivery', entityId: deliveryId, unitId: kit.unitId });
    return revoked.length > 0;
  });
}

/** The kit a secret link opens, or null when the token is unknown, revoked or expired. */
export async function kitOfToken(q: Queryable, token: string, now: Date): Promise<{ deliveryId: string; expiresAt: Date } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [row] = await q
    .select({ deliveryId: shareKitLinks.deliveryId, expiresAt: shareKitLinks.expiresAt })
    .from(shareKitLinks)
    .where(and(eq(shareKitLinks.tokenHash, hashOf(token)), isNull(shareKitLinks.revokedAt), gt(shareKitLinks.expiresAt, now)));
  return row ?? null;
}

/** The live link of each kit delivery (when issued, until when), for the management list. */
export async function liveLinks(q: Queryable, deliveryIds: readonly string[], now: Date): Promise<Map<string, { issuedAt: Date; expiresAt: Date }>> {
  const out = new Map<string, { issuedAt: Date; expiresAt: Date }>();
  for (const id of deliveryIds) {
    const [row] = await q
      .select({ issuedAt: shareKitLinks.issuedAt, expiresAt: shareKitLinks.expiresAt })
      .from(shareKitLinks)
      .where(and(eq(shareKitLinks.deliveryId, id), isNull(shareKitLinks.revokedAt), gt(shareKitLinks.expiresAt, now)))
      .orderBy(desc(shareKitLinks.issuedAt))
      .limit(1);
    if (row) out.set(id, row);
  }
  return out;
}
