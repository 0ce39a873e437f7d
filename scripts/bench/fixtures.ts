import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../core/actor.ts';
import { createDeliveriesForRevision } from '../../core/deliveries/create.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { memberships, units, users } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { renderForChannel, type RevisionContent } from '../../templates/render.ts';

/**
 * Set-based fixtures: thousands of channels, items and revisions in a few statements, in
 * the shapes the approval path writes (approved revision, frozen per-channel rendering,
 * targets), so the measured code sees what production sees.
 */
export interface Newsroom {
  unitId: string;
  approverId: string;
  authorId: string;
}

export const SITE_URL = 'http://localhost:3000';
const TITLE = 'Hành trình hoàn lương: từ trại giam trở về làm kinh tế';
const SUMMARY = 'Câu chuyện tái hòa nhập cộng đồng ở Sơn La';
const BODY = 'Sau khi chấp hành xong án phạt, anh A được chính quyền xã giúp vay vốn theo Quyết định 22/2023/QĐ-TTg.\n\nHôm nay anh có trang trại riêng.';
export const THEME = 'guidance';
const PIPELINE = 50;

export async function createNewsroom(db: Db): Promise<Newsroom> {
  const [unit] = await db.insert(units).values({ name: 'Công an tỉnh Sơn La', kind: 'province' }).returning({ id: units.id });
  const unitId = unit!.id;
  const person = async (email: string, role: 'approver' | 'editor') => {
    const [u] = await db.insert(users).values({ email, displayName: email.split('@')[0]! }).returning({ id: users.id });
    await db.insert(memberships).values({ userId: u!.id, unitId, role });
    return u!.id;
  };
  return { unitId, approverId: await person('lanhdao@ca.sonla.vn', 'approver'), authorId: await person('bientap@ca.sonla.vn', 'editor') };
}

/** Postgres array literal of uuids or ISO timestamps (no characters needing quotes). */
export const pgArray = (values: readonly string[]) => `{${values.join(',')}}`;

export async function insertWebhookChannels(db: Db, secrets: SecretBox, o: { unitId: string; url: string; secret: string; count: number }): Promise<string[]> {
  const sealed = secrets.seal(JSON.stringify({ secret: o.secret }));
  const rows = await db.execute<{ id: string }>(sql`
    insert into channels (unit_id, platform, name, settings, credentials_sealed, allow_private_network)
    select ${o.unitId}::uuid, 'webhook', 'Cổng thông tin xã số ' || g, jsonb_build_object('url', ${o.url}::text), ${sealed}, true
    from generate_series(1, ${o.count}) g
    returning id`);
  return rows.map((r) => r.id);
}

/** The rendering approval freezes for `platform` (channelId is set per channel). */
export function renderingFor(platform: Platform, mediaIds: string[] = [], unit = { id: randomUUID(), name: 'Công an tỉnh Sơn La' }) {
  const content: RevisionContent = {
    itemId: randomUUID(),
    revisionId: 'pending',
    slug: 'hanh-trinh-hoan-luong',
    title: TITLE,
    summary: SUMMARY,
    body: BODY,
    theme: THEME,
    hashtags: ['#TaiHoaNhap'],
    links: [],
    overrides: {},
    mediaIds,
    unit,
  };
  return renderForChannel(content, { id: 'pending', platform }, SITE_URL);
}

/**
 * One approved item per (channel, due time) — the shape of a steady stream of scheduled
 * posts — with its delivery and job created by core's createDeliveriesForRevision, all in
 * the caller's transaction. Returns the delivery ids.
 */
export async function approveSingleTargetItems(
  tx: Queryable,
  room: Newsroom,
  o: { channelIds: string[]; dueAts: Date[]; platform: Platform; mediaIds?: string[] },
): Promise<string[]> {
  const items = o.channelIds.map(() => randomUUID());
  const revs = o.channelIds.map(() => randomUUID());
  const mediaIds = o.mediaIds ?? [];
  const base = JSON.stringify(renderingFor(o.platform, mediaIds));
  const arrays = sql`unnest(${pgArray(revs)}::uuid[], ${pgArray(items)}::uuid[], ${pgArray(o.channelIds)}::uuid[], ${pgArray(o.dueAts.map((d) => d.toISOString()))}::timestamptz[]) as t(r, i, c, d)`;
  await tx.execute(sql`
    insert into content_items (id, unit_id, created_by, slug)
    select i, ${room.unitId}::uuid, ${room.authorId}::uuid, 'bench-' || i::text from unnest(${pgArray(items)}::uuid[]) as i`);
  await tx.execute(sql`
    insert into revisions (id, item_id, number, state, author_id, title, summary, body, theme, media_ids, publish_at, frozen_renderings, template_version, submitted_at, decided_at)
    select r, i, 1, 'approved', ${room.authorId}::uuid, ${TITLE}, ${SUMMARY}, ${BODY}, ${THEME}, ${pgArray(mediaIds)}::uuid[], d,
           jsonb_build_object(c::text, ${base}::jsonb || jsonb_build_object('channelId', c::text)), 'bench', now(), now()
    from ${arrays}`);
  await tx.execute(sql`insert into revision_targets (revision_id, channel_id, publish_at) select r, c, d from ${arrays}`);
  await tx.execute(sql`
    update content_items ci set latest_revision_id = r.id, approved_revision_id = r.id
    from revisions r where r.item_id = ci.id and r.id = any(${pgArray(revs)}::uuid[])`);
  // Issued together, the statements are pipelined on the transaction's connection.
  const now = new Date();
  const ids: string[] = [];
  for (let i = 0; i < revs.length; i += PIPELINE) {
    const made = await Promise.all(revs.slice(i, i + PIPELINE).map((rev) => createDeliveriesForRevision(tx, systemActor, rev, now)));
    ids.push(...made.flat());
  }
  return ids;
}

/**
 * One item targeting every channel in `channelIds` at `publishAt`: `in_review` (for the
 * approval path to approve) or `approved` without frozen renderings (future deliveries that
 * are only queued, never claimed, in this benchmark).
 */
export async function insertFanOutRevision(
  db: Queryable,
  room: Newsroom,
  o: { channelIds: string[]; publishAt: Date; state: 'in_review' | 'approved' },
): Promise<{ itemId: string; revisionId: string }> {
  const itemId = randomUUID();
  const revisionId = randomUUID();
  await db.execute(sql`insert into content_items (id, unit_id, created_by, slug) values (${itemId}, ${room.unitId}, ${room.authorId}, ${`bench-${itemId}`})`);
  await db.execute(sql`
    insert into revisions (id, item_id, number, state, author_id, title, summary, body, theme, publish_at, submitted_at, decided_at)
    values (${revisionId}, ${itemId}, 1, ${o.state}, ${room.authorId}, ${TITLE}, ${SUMMARY}, ${BODY}, ${THEME}, ${o.publishAt.toISOString()}::timestamptz, now(),
            ${o.state === 'approved' ? sql`now()` : sql`null`})`);
  await db.execute(sql`insert into revision_targets (revision_id, channel_id) select ${revisionId}::uuid, unnest(${pgArray(o.channelIds)}::uuid[])`);
  await db.execute(sql`
    update content_items set latest_revision_id = ${revisionId}, approved_revision_id = ${o.state === 'approved' ? sql`${revisionId}::uuid` : sql`null`}
    where id = ${itemId}`);
  return { itemId, revisionId };
}
