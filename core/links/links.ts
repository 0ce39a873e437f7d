import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contentItems, linkClicks, links } from '../../db/schema/index.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { newLinkCode } from './codes.ts';
import { onAllowedHost, publishedUrlsOfItem, withRef } from './targets.ts';

export type LinkRow = typeof links.$inferSelect;

export interface NewLink {
  targetUrl: string;
  itemId?: string | null;
  deliveryId?: string | null;
  channelId?: string | null;
  label?: string | null;
}

/**
 * Inserts a link under a fresh random code. A code already taken is skipped with
 * ON CONFLICT (no exception), so this is safe inside a caller's transaction.
 */
export async function insertLink(q: Queryable, link: NewLink): Promise<LinkRow> {
  for (let i = 0; i < 5; i++) {
    const [row] = await q
      .insert(links)
      .values({ ...link, code: newLinkCode(), label: link.label == null ? null : nfc(link.label) })
      .onConflictDoNothing({ target: links.code })
      .returning();
    if (row) return row;
  }
  throw new Error('Could not find a free link code in 5 tries');
}

export async function findLinkByCode(q: Queryable, code: string): Promise<LinkRow | null> {
  const [row] = await q.select().from(links).where(eq(links.code, code));
  return row ?? null;
}

/** The link of a manual delivery (one per commune group), if it has one. */
export async function linkOfDelivery(q: Queryable, deliveryId: string): Promise<LinkRow | null> {
  const [row] = await q.select().from(links).where(eq(links.deliveryId, deliveryId)).orderBy(links.createdAt).limit(1);
  return row ?? null;
}

const itemWord = { vi: 'bài', en: 'Content item' };

async function itemUnit(q: Queryable, itemId: string, field: string): Promise<{ unitId: string; slug: string }> {
  const [item] = await q.select({ unitId: contentItems.unitId, slug: contentItems.slug }).from(contentItems).where(eq(contentItems.id, itemId));
  if (!item) throw notFound(itemWord, field);
  return item;
}

/**
 * A tracked link for an item outside any delivery — a poster, a leaflet, a banner — whose
 * QR code is printed. It leads to the item's page on the campaign site unless `targetUrl`
 * says otherwise — and `targetUrl` must be one of the item's published delivery URLs or on
 * an allow-listed host (see targets.ts: no open redirect on the official domain);
 * `?ref=link:<code>` marks where the visitor came from.
 */
export async function createItemLink(
  q: Queryable,
  actor: Actor,
  input: { itemId: string; label: string; targetUrl?: string | undefined; publicUrl: string; allowedHosts: readonly string[] },
): Promise<LinkRow> {
  const item = await itemUnit(q, input.itemId, '/itemId');
  await assertAllowedOnUnit(q, actor, 'content.write', item.unitId);
  const target = input.targetUrl ?? `${input.publicUrl}/bai-viet/${encodeURIComponent(item.slug)}`;
  if (!isHttpUrl(target)) {
    throw new AppError('LINK_TARGET_INVALID', 422, { vi: 'Địa chỉ đích phải là http:// hoặc https:// đầy đủ', en: 'The target must be an absolute http(s) URL' }, '/targetUrl');
  }
  if (input.targetUrl !== undefined && !onAllowedHost(target, input.allowedHosts) && !(await publishedUrlsOfItem(q, input.itemId)).includes(target)) {
    throw invalid(
      'LINK_TARGET_NOT_ALLOWED',
      '/targetUrl',
      {
        vi: `Liên kết chỉ được dẫn tới trang của chính bài này (trang bài viết hoặc bài đã đăng trên kênh) hoặc tới trang thuộc tên miền được quản trị viên cho phép (${input.allowedHosts.join(', ')})`,
        en: `A link may lead only to this item's own pages (its article or its published posts) or to a host the admin allowed (${input.allowedHosts.join(', ')})`,
      },
    );
  }
  const row = await insertLink(q, { targetUrl: target, itemId: input.itemId, label: input.label });
  const marked = withRef(target, `link:${row.code}`);
  const [updated] = await q.update(links).set({ targetUrl: marked }).where(eq(links.id, row.id)).returning();
  await audit(q, actor, { action: 'link.create', entityType: 'link', entityId: row.id, unitId: item.unitId, data: { itemId: input.itemId, code: row.code, label: row.label } });
  return updated!;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && value.length <= 2048;
  } catch {
    return false;
  }
}

export interface LinkWithClicks extends LinkRow {
  clicks: number;
}

/** Links of an item (the reader needs content.read on its unit), newest first, with click totals. */
export async function listItemLinks(q: Queryable, actor: Actor, itemId: string): Promise<LinkWithClicks[]> {
  const item = await itemUnit(q, itemId, 'querystring:/itemId');
  await assertAllowedOnUnit(q, actor, 'content.read', item.unitId);
  const rows = await q.select().from(links).where(eq(links.itemId, itemId)).orderBy(desc(links.createdAt)).limit(1000);
  const totals = await clickTotals(q, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, clicks: totals.get(r.id) ?? 0 }));
}

/** One link with its clicks per Vietnam day; readable with content.read on its item's unit. */
export async function getLink(q: Queryable, actor: Actor, id: string): Promise<{ link: LinkRow; days: { day: string; clicks: number }[] }> {
  const [link] = await q.select().from(links).where(eq(links.id, id));
  if (!link) throw notFound({ vi: 'liên kết', en: 'Link' }, '/id');
  if (!link.itemId) throw notFound({ vi: 'liên kết', en: 'Link' }, '/id');
  const item = await itemUnit(q, link.itemId, '/id');
  await assertAllowedOnUnit(q, actor, 'content.read', item.unitId);
  const days = await q
    .select({ day: linkClicks.day, clicks: linkClicks.clicks })
    .from(linkClicks)
    .where(eq(linkClicks.linkId, id))
    .orderBy(linkClicks.day);
  return { link, days };
}

export async function clickTotals(q: Queryable, linkIds: readonly string[]): Promise<Map<string, number>> {
  if (linkIds.length === 0) return new Map();
  const rows = await q
    .select({ linkId: linkClicks.linkId, clicks: sql<number>`sum(${linkClicks.clicks})::float8` })
    .from(linkClicks)
    .where(inArray(linkClicks.linkId, [...linkIds]))
    .groupBy(linkClicks.linkId);
  return new Map(rows.map((r) => [r.linkId, Number(r.clicks)]));
}
