import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { systemActor } from '../core/actor.ts';
import { createDeliveriesForRevision } from '../core/deliveries/create.ts';
import { openOfficerTask } from '../core/manual/open-task.ts';
import { uploadMedia } from '../core/media/upload.ts';
import type { Db } from '../db/client.ts';
import { channels, contentItems, revisionTargets, revisions } from '../db/schema/index.ts';
import { bindMarker, renderForChannel } from '../templates/render.ts';
import { createUnit, createUser, type TestApp } from './app.ts';

/**
 * A province with communes, each with its commune officer and Zalo groups, plus the
 * province's editor, a manager (viewer) and an admin. Test support only (*.test.ts).
 */
export interface CommuneWorld {
  province: string;
  communes: { id: string; name: string; officerEmail: string; officerId: string; groups: string[] }[];
  editorId: string;
  editorEmail: string;
  managerEmail: string;
  adminEmail: string;
}

export async function createCommuneWorld(db: Db, o: { communes: number; groupsPerCommune: number }): Promise<CommuneWorld> {
  const tag = randomBytes(3).toString('hex');
  const province = await createUnit(db, 'Công an tỉnh Sơn La', null, 'province');
  const names = ['Chiềng Cơi', 'Hua La', 'Chiềng Ngần', 'Chiềng Đen', 'Chiềng Xôm'];
  const communes: CommuneWorld['communes'] = [];
  for (let i = 0; i < o.communes; i++) {
    const name = `Công an xã ${names[i % names.length]}${i >= names.length ? ` ${i}` : ''}`;
    const id = await createUnit(db, name, province, 'commune');
    const officerEmail = `cskv${i + 1}-${tag}@ca.vn`;
    const officerId = await createUser(db, officerEmail, [{ role: 'commune_officer', unitId: id }]);
    const groups: string[] = [];
    for (let g = 0; g < o.groupsPerCommune; g++) {
      const [c] = await db
        .insert(channels)
        .values({ unitId: id, platform: 'zalo_group_manual', name: `Nhóm Zalo bản ${g + 1} – ${names[i % names.length]}`, memberCount: 40 + 10 * g })
        .returning({ id: channels.id });
      groups.push(c!.id);
    }
    communes.push({ id, name, officerEmail, officerId, groups });
  }
  const editorEmail = `bientap-${tag}@ca.vn`;
  const managerEmail = `lanhdao-${tag}@ca.vn`;
  const adminEmail = `quantri-${tag}@ca.vn`;
  const editorId = await createUser(db, editorEmail, [{ role: 'editor', unitId: province }]);
  await createUser(db, managerEmail, [{ role: 'viewer', unitId: province }]);
  await createUser(db, adminEmail, [{ role: 'admin', unitId: province }]);
  return { province, communes, editorId, editorEmail, managerEmail, adminEmail };
}

/** A small real JPEG uploaded to the province's media library by the editor. */
export async function uploadTestImage(t: TestApp, world: CommuneWorld): Promise<string> {
  const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 155, g: 28, b: 28 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const row = await uploadMedia(
    { db: t.db, storage: t.deps.storage, limits: t.deps.config },
    { kind: 'user', userId: world.editorId },
    { unitId: world.province, fileName: 'ap-phich-tai-hoa-nhap.jpg', altText: 'Áp phích Con đường hướng thiện', body: Readable.from([jpeg]) },
  );
  return row.id;
}

export const ITEM_TITLE = 'Vay vốn ưu đãi cho người chấp hành xong án phạt tù';

/**
 * An approved revision of an item targeting `channelIds` at `publishAt`, rendered by
 * templates/ as approval does, with its deliveries and publish jobs created.
 */
export async function approveItem(
  db: Db,
  o: { unitId: string; authorId: string; channelIds: string[]; publishAt: Date; mediaIds?: string[]; publicUrl: string },
): Promise<{ itemId: string; revisionId: string; deliveryIds: string[] }> {
  const slug = `vay-von-${randomBytes(4).toString('hex')}`;
  const body = 'Người chấp hành xong án phạt tù được vay vốn ưu đãi theo Quyết định 22/2023/QĐ-TTg để học nghề, tạo việc làm.\n\nLiên hệ Công an xã để được hướng dẫn.';
  const [item] = await db.insert(contentItems).values({ unitId: o.unitId, createdBy: o.authorId, slug }).returning();
  const chans = await db.select({ id: channels.id, platform: channels.platform }).from(channels);
  const targets = chans.filter((c) => o.channelIds.includes(c.id));
  const content = {
    itemId: item!.id,
    revisionId: 'pending',
    slug,
    title: ITEM_TITLE,
    summary: 'Ai được vay, vay bao nhiêu, hỏi ở đâu.',
    body,
    theme: 'policy',
    hashtags: ['#TaiHoaNhap'],
    links: [],
    overrides: {},
    mediaIds: o.mediaIds ?? [],
    unit: { id: o.unitId, name: 'Công an tỉnh Sơn La' },
  };
  const renderings = Object.fromEntries(targets.map((c) => [c.id, renderForChannel(content, c, o.publicUrl)]));
  const [rev] = await db
    .insert(revisions)
    .values({
      itemId: item!.id,
      number: 1,
      state: 'approved',
      authorId: o.authorId,
      title: ITEM_TITLE,
      summary: content.summary,
      body,
      theme: 'policy',
      mediaIds: o.mediaIds ?? [],
      publishAt: o.publishAt,
      frozenRenderings: renderings,
      templateVersion: 'test',
    })
    .returning();
  await db.insert(revisionTargets).values(targets.map((t) => ({ revisionId: rev!.id, channelId: t.id })));
  await db.update(contentItems).set({ approvedRevisionId: rev!.id, latestRevisionId: rev!.id }).where(eq(contentItems.id, item!.id));
  const deliveryIds = await db.transaction((tx) => createDeliveriesForRevision(tx, systemActor, rev!.id, o.publishAt));
  return { itemId: item!.id, revisionId: rev!.id, deliveryIds };
}

/** Opens the tasks the way the publish task does at their time (no worker needed). */
export async function openTasks(db: Db, deliveryIds: string[], now: Date): Promise<void> {
  for (const id of deliveryIds) {
    const r = await db.transaction((tx) => openOfficerTask(tx, systemActor, { deliveryId: id, now, bindMarker: (x) => bindMarker(x, id) }));
    if (r.kind !== 'opened') throw new Error(`task ${id} not opened: ${JSON.stringify(r)}`);
  }
}
