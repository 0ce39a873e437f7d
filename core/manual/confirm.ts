import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { channels, deliveries, manualConfirmations, manualProofs, type Platform } from '../../db/schema/index.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import type { Storage } from '../../lib/storage.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { transitionDelivery } from '../deliveries/transition.ts';
import { isHttpUrl } from '../links/links.ts';
import { storeProof, type StoredProof } from './proofs.ts';
import { assertTaskOfficer } from './responsible.ts';
import { isOfficerPlatform } from './settings.ts';

export interface ConfirmDeps {
  db: Db;
  storage: Storage;
  maxImagePixels: number;
}

export interface ConfirmInput {
  deliveryId: string;
  /** Link to the post in the group, if the officer has one. */
  permalink?: string | null | undefined;
  /** Members of the group now (prefilled with the last known count). */
  memberCount?: number | null | undefined;
  /** Screenshot bytes, optional. */
  screenshot?: Uint8Array | null | undefined;
  now: Date;
}

export interface ConfirmResult {
  late: boolean;
  channelId: string;
}

/** Zalo groups hold at most a few thousand members; anything far above is a typo. */
const MAX_MEMBERS = 1_000_000;

export const taskNotFound = () => notFound({ vi: 'nhiệm vụ đăng bài', en: 'Task' }, '/deliveryId');

/**
 * "Đã đăng": the officer pushed the item into the group. `awaiting_officer → published`
 * on time; after the deadline (`missed`, or not yet swept) it is published with
 * `late = true`. Records who, when, the permalink, the group's member count at that moment
 * (also kept on the channel as its latest count) and an optional private screenshot.
 */
export async function confirmPush(deps: ConfirmDeps, actor: Actor, input: ConfirmInput): Promise<ConfirmResult> {
  const permalink = input.permalink?.trim() || null;
  if (permalink && !isHttpUrl(permalink)) {
    throw invalid('PERMALINK_INVALID', '/permalink', { vi: 'Liên kết bài đăng phải bắt đầu bằng http:// hoặc https://', en: 'The post link must be an http(s) URL' });
  }
  const members = input.memberCount ?? null;
  if (members !== null && (!Number.isInteger(members) || members < 0 || members > MAX_MEMBERS)) {
    throw invalid('MEMBER_COUNT_INVALID', '/memberCount', { vi: `Số thành viên phải là số nguyên từ 0 đến ${MAX_MEMBERS}`, en: `Member count must be a whole number from 0 to ${MAX_MEMBERS}` });
  }
  const target = await loadTarget(deps.db, input.deliveryId);
  await assertTaskOfficer(deps.db, actor, { id: target.channelId, unitId: target.unitId });
  assertConfirmable(target.state);

  const proof = input.screenshot?.byteLength ? await storeProof(deps.storage, input.screenshot, deps.maxImagePixels) : null;
  try {
    return await deps.db.transaction((tx) => record(tx, actor, input, { permalink, members, proof, target }));
  } catch (err) {
    if (proof) await deps.storage.delete(proof.storageKey);
    throw err;
  }
}

interface Target {
  state: string;
  unitId: string;
  channelId: string;
  memberCount: number | null;
  deadlineAt: Date | null;
}

async function loadTarget(db: Db, deliveryId: string): Promise<Target> {
  const [row] = await db
    .select({ state: deliveries.state, deadlineAt: deliveries.deadlineAt, unitId: channels.unitId, channelId: channels.id, platform: channels.platform, memberCount: channels.memberCount })
    .from(deliveries)
    .innerJoin(channels, eq(channels.id, deliveries.channelId))
    .where(eq(deliveries.id, deliveryId));
  if (!row || !isOfficerPlatform(row.platform as Platform)) throw taskNotFound();
  return row;
}

function assertConfirmable(state: string): void {
  if (state === 'awaiting_officer' || state === 'missed') return;
  if (state === 'published' || state === 'taken_down') {
    throw conflict('TASK_ALREADY_CONFIRMED', { vi: 'Nhóm này đã được xác nhận đăng', en: 'This group has already been confirmed' });
  }
  if (state === 'cancelled') {
    throw conflict('TASK_CANCELLED', { vi: 'Lượt đăng này đã bị huỷ (nội dung đã thay đổi hoặc bị rút); không cần đăng', en: 'This delivery was cancelled; nothing to post' });
  }
  throw new AppError('TASK_NOT_OPEN', 409, { vi: 'Chưa đến giờ đăng bài này', en: 'This item is not due yet' });
}

async function record(
  tx: Tx,
  actor: Actor,
  input: ConfirmInput,
  o: { permalink: string | null; members: number | null; proof: StoredProof | null; target: Target },
): Promise<ConfirmResult> {
  const { now, deliveryId } = input;
  const { target } = o;
  const late = target.state === 'missed' || (target.deadlineAt !== null && now.getTime() > target.deadlineAt.getTime());
  const moved = await transitionDelivery(
    tx,
    actor,
    deliveryId,
    ['awaiting_officer', 'missed'],
    'published',
    { publishedAt: now, externalUrl: o.permalink, late, holdReason: null },
    { late, confirmedBy: actor.userId },
  );
  // Another officer confirmed the same group a moment earlier.
  if (!moved) throw conflict('TASK_ALREADY_CONFIRMED', { vi: 'Nhóm này vừa được xác nhận đăng', en: 'This group was just confirmed' });
  const userId = actor.userId!;
  await tx.insert(manualConfirmations).values({ deliveryId, confirmedBy: userId, confirmedAt: now, permalink: o.permalink, memberCount: o.members });
  if (o.proof) await tx.insert(manualProofs).values({ deliveryId, uploadedBy: userId, ...o.proof });
  if (o.members !== null) await tx.update(channels).set({ memberCount: o.members, updatedAt: now }).where(eq(channels.id, target.channelId));
  await audit(tx, actor, {
    action: 'manual.confirm',
    entityType: 'delivery',
    entityId: deliveryId,
    unitId: target.unitId,
    data: { late, permalink: o.permalink, memberCount: o.members, previousMemberCount: target.memberCount, proof: o.proof ? o.proof.sha256 : null },
  });
  return { late, channelId: target.channelId };
}
