import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { manualTasks, type Platform } from '../../db/schema/index.ts';
import { formatVnDayTime } from '../../lib/clock.ts';
import type { Actor } from '../actor.ts';
import { contentProblem } from '../deliveries/claim.ts';
import { loadDeliveryContext, type DeliveryContext } from '../deliveries/context.ts';
import { holdCodes, holdMessages, type HoldCode } from '../deliveries/holds.ts';
import { enqueuePublish, removePublishJob } from '../deliveries/jobs.ts';
import { transitionDelivery } from '../deliveries/transition.ts';
import { insertLink } from '../links/links.ts';
import { notifyUsers } from '../notifications/notify.ts';
import { getFreeze } from '../system-settings.ts';
import { responsibleOfficersSql } from './responsible.ts';
import { isManualPlatform, taskTimes } from './settings.ts';

export type OpenTaskResult =
  | { kind: 'skipped'; state: string | null }
  | { kind: 'not_yet'; runAt: Date }
  | { kind: 'held'; code: HoldCode; reason: string }
  | { kind: 'cancelled'; code: string; reason: string }
  | { kind: 'opened'; deadlineAt: Date; linkCode: string | null; officersNotified: number };

export interface OpenTaskInput {
  deliveryId: string;
  now: Date;
  /**
   * Binds the delivery's marker into the frozen rendering (templates' `bindMarker`, passed
   * in by the worker: core does not import templates).
   */
  bindMarker(rendering: { text: string; link: string | null }): { text: string; link: string | null };
}

const EARLY_TOLERANCE_MS = 1_000;

/**
 * At its time, a manual delivery becomes the commune officers' task: `scheduled →
 * awaiting_officer` with its deadline, its tracked short link (the rendering's link,
 * marker bound, as target) and an in-app notification to the officers responsible for the
 * group (responsible.ts) — no platform call. The same claim-time checks as publishing
 * apply: not before its time; cancelled when the content may no longer go out; held
 * under the freeze or a paused/disabled channel.
 */
export async function openOfficerTask(tx: Queryable, actor: Actor, input: OpenTaskInput): Promise<OpenTaskResult> {
  const { deliveryId, now } = input;
  const ctx = await loadDeliveryContext(tx, deliveryId, { lock: true });
  if (!ctx || ctx.delivery.state !== 'scheduled' || !isManualPlatform(ctx.channel.platform as Platform)) {
    return { kind: 'skipped', state: ctx?.delivery.state ?? null };
  }
  const d = ctx.delivery;
  const runAt = d.notBefore ?? d.dueAt;
  if (runAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
    await enqueuePublish(tx, deliveryId, runAt);
    return { kind: 'not_yet', runAt };
  }
  const stop = contentProblem(ctx, now);
  if (stop) {
    await transitionDelivery(tx, actor, deliveryId, ['scheduled'], 'cancelled', { holdReason: stop.reason, lastErrorCode: stop.code }, { reason: stop.code });
    await removePublishJob(tx, deliveryId);
    return { kind: 'cancelled', ...stop };
  }
  const hold = await holdFor(tx, ctx);
  if (hold) {
    await transitionDelivery(tx, actor, deliveryId, ['scheduled'], 'scheduled', { holdReason: hold.reason, lastErrorCode: hold.code }, { hold: hold.code });
    return { kind: 'held', ...hold };
  }

  const kit = ctx.channel.platform === 'share_kit';
  const times = taskTimes(ctx.channel.settings, now);
  // A kit created with its own deadline (core/share-kits/create.ts) keeps it; otherwise the channel's.
  const deadlineAt = kit && d.deadlineAt ? d.deadlineAt : times.deadlineAt;
  const remindAt = times.remindAt;
  await transitionDelivery(
    tx,
    actor,
    deliveryId,
    ['scheduled'],
    'awaiting_officer',
    { deadlineAt, holdReason: null, notBefore: null, lastErrorCode: null, lastErrorKind: null, lastErrorMessage: null },
    { deadlineAt },
  );
  // A share kit's recipient is no Loa user: no in-app reminder, no officer notice; editors hand out its secret link (core/share-kits).
  await tx.insert(manualTasks).values({ deliveryId, openedAt: now, remindAt: kit ? null : remindAt }).onConflictDoNothing();
  const target = trackedTarget(ctx, input);
  const link = target
    ? await insertLink(tx, { targetUrl: target, itemId: ctx.item.id, deliveryId, channelId: ctx.channel.id, label: ctx.channel.name })
    : null;
  const officersNotified = kit ? 0 : await notifyOfficers(tx, ctx, deadlineAt);
  return { kind: 'opened', deadlineAt, linkCode: link?.code ?? null, officersNotified };
}

function trackedTarget(ctx: DeliveryContext, input: OpenTaskInput): string | null {
  const r = ctx.revision.rendering;
  const link = typeof r?.link === 'string' ? r.link : null;
  return link ? input.bindMarker({ text: '', link }).link : null;
}

async function holdFor(q: Queryable, ctx: DeliveryContext): Promise<{ code: HoldCode; reason: string } | null> {
  const freeze = await getFreeze(q);
  if (freeze.on) return { code: holdCodes.frozen, reason: holdMessages.frozen(freeze.reason) };
  if (ctx.channel.status === 'disabled') return { code: holdCodes.notConnected, reason: holdMessages.disabled() };
  if (ctx.channel.paused) return { code: holdCodes.paused, reason: holdMessages.paused(ctx.channel.pauseReason) };
  return null;
}

export const OFFICER_TASK_KIND = 'officer_task';

/**
 * One notification per officer per item while it is unread: an officer running ten groups
 * gets "a new item for your groups", not ten alerts. Concurrent openings of the same item
 * are serialised by a transaction-scoped advisory lock so none slips in twice.
 */
async function notifyOfficers(tx: Queryable, ctx: DeliveryContext, deadlineAt: Date): Promise<number> {
  const itemId = ctx.item.id;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`officer_task:${itemId}`}, 0))`);
  const rows = await tx.execute<{ user_id: string }>(sql`
    select r.user_id from (${responsibleOfficersSql(sql`${ctx.channel.id}::uuid`)}) r
    where not exists (
      select 1 from notifications n
      where n.user_id = r.user_id and n.kind = ${OFFICER_TASK_KIND} and n.read_at is null and n.data->>'itemId' = ${itemId}
    )`);
  const title = typeof ctx.revision.rendering?.title === 'string' ? ctx.revision.rendering.title : '';
  return notifyUsers(
    tx,
    rows.map((r) => r.user_id),
    {
      kind: OFFICER_TASK_KIND,
      title: { vi: `Bài mới cần đăng vào nhóm Zalo: ${title}`, en: `New post for the Zalo groups: ${title}` },
      body: {
        vi: `Hạn xác nhận đã đăng: ${formatVnDayTime(deadlineAt)}. Mở trang /xa trên điện thoại để sao chép nội dung, đăng vào từng nhóm và bấm "Đã đăng".`,
        en: `Confirm by ${formatVnDayTime(deadlineAt)}. Open /xa on your phone to copy the text, post it in each group and tap "Đã đăng" (posted).`,
      },
      data: { itemId, deliveryId: ctx.delivery.id, channelId: ctx.channel.id, url: '/xa' },
    },
  );
}
