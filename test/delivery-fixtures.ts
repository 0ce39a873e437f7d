import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { systemActor } from '../core/actor.ts';
import { createDeliveriesForRevision } from '../core/deliveries/create.ts';
import type { Db } from '../db/client.ts';
import { channels, contentItems, deliveries, deliveryAttempts, revisionTargets, revisions } from '../db/schema/index.ts';
import type { Theme } from '../db/schema/enums.ts';
import type { Platform } from '../lib/platforms.ts';
import type { SecretBox } from '../lib/secrets.ts';
import { renderForChannel } from '../templates/render.ts';
import { createUnit, createUser } from './app.ts';

/** A unit with an admin (who receives notifications) and an author, for publishing tests. */
export async function createNewsroom(db: Db): Promise<{ unitId: string; adminId: string; authorId: string }> {
  const unitId = await createUnit(db, 'Công an tỉnh Sơn La', null, 'province');
  const adminId = await createUser(db, `admin-${randomBytes(3).toString('hex')}@ca.vn`, [{ role: 'admin', unitId }]);
  const authorId = await createUser(db, `bientap-${randomBytes(3).toString('hex')}@ca.vn`, [{ role: 'editor', unitId }]);
  return { unitId, adminId, authorId };
}

export async function createWebhookChannel(
  db: Db,
  secrets: SecretBox,
  o: { unitId: string; url: string; secret: string; lookupUrl?: string; sendWindow?: { from: string; to: string }; name?: string; settleSeconds?: number },
): Promise<string> {
  const settings: Record<string, unknown> = { url: o.url };
  if (o.settleSeconds !== undefined) settings.reconcileSettleSeconds = o.settleSeconds;
  if (o.lookupUrl) settings.lookupUrl = o.lookupUrl;
  if (o.sendWindow) settings.sendWindow = o.sendWindow;
  const [c] = await db
    .insert(channels)
    .values({
      unitId: o.unitId,
      platform: 'webhook',
      name: o.name ?? 'Cổng thông tin Sở Tư pháp',
      settings,
      credentialsSealed: secrets.seal(JSON.stringify({ secret: o.secret })),
      allowPrivateNetwork: true,
    })
    .returning({ id: channels.id });
  return c!.id;
}

/**
 * An approved revision targeting `channelIds` at `publishAt`, with its renderings frozen by
 * templates/render.ts, and its deliveries and jobs created the way approval creates them.
 */
export async function approveForChannels(
  db: Db,
  o: { unitId: string; authorId: string; channelIds: string[]; publishAt: Date; title?: string; expiresAt?: Date; theme?: Theme },
): Promise<{ revisionId: string; deliveryIds: string[] }> {
  const slug = `bai-${randomBytes(4).toString('hex')}`;
  const title = o.title ?? 'Hành trình hoàn lương: từ trại giam trở về làm kinh tế';
  const body = 'Sau khi chấp hành xong án phạt, anh A được chính quyền xã giúp vay vốn theo Quyết định 22/2023/QĐ-TTg.\n\nHôm nay anh có trang trại riêng.';
  const [item] = await db.insert(contentItems).values({ unitId: o.unitId, createdBy: o.authorId, slug }).returning();
  const chans = await db.select({ id: channels.id, platform: channels.platform }).from(channels);
  const targets = chans.filter((c) => o.channelIds.includes(c.id));
  const renderings = Object.fromEntries(
    targets.map((c) => [
      c.id,
      renderForChannel(
        {
          itemId: item!.id,
          revisionId: 'pending',
          slug,
          title,
          summary: 'Câu chuyện tái hòa nhập cộng đồng ở Sơn La',
          body,
          theme: o.theme ?? 'testimony',
          hashtags: ['#TaiHoaNhap'],
          links: [],
          overrides: {},
          mediaIds: [],
          unit: { id: o.unitId, name: 'Công an tỉnh Sơn La' },
        },
        { id: c.id, platform: c.platform as Platform },
        'http://localhost:3000',
      ),
    ]),
  );
  const [rev] = await db
    .insert(revisions)
    .values({
      itemId: item!.id,
      number: 1,
      state: 'approved',
      authorId: o.authorId,
      title,
      summary: 'Câu chuyện tái hòa nhập cộng đồng ở Sơn La',
      body,
      theme: o.theme ?? 'testimony',
      publishAt: o.publishAt,
      expiresAt: o.expiresAt ?? null,
      frozenRenderings: renderings,
      templateVersion: 'test',
    })
    .returning();
  await db.insert(revisionTargets).values(targets.map((t) => ({ revisionId: rev!.id, channelId: t.id })));
  await db.update(contentItems).set({ approvedRevisionId: rev!.id, latestRevisionId: rev!.id }).where(eq(contentItems.id, item!.id));
  const deliveryIds = await db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, rev!.id, new Date()));
  return { revisionId: rev!.id, deliveryIds };
}

export async function deliveryRow(db: Db, id: string) {
  const [d] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return d!;
}

export async function attemptsOf(db: Db, id: string) {
  return db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(deliveryAttempts.number);
}

/** Polls `probe` until it returns something truthy; fails with `label` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, label: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the delivery is in `state` (throws naming the state it is stuck in). */
export async function waitForState(db: Db, id: string, state: string, timeoutMs = 15_000) {
  let last = '';
  try {
    return await waitFor(
      async () => {
        const d = await deliveryRow(db, id);
        last = `${d.state} (${d.lastErrorCode ?? '-'} ${d.holdReason ?? ''})`;
        return d.state === state ? d : null;
      },
      `delivery ${id} to be ${state}`,
      timeoutMs,
    );
  } catch {
    throw new Error(`delivery ${id} did not become ${state}; it is ${last}`);
  }
}
