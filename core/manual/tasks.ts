import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { uuidList } from '../../db/uuid-list.ts';
import { manualConfirmations } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { loadDeliveryContext, type DeliveryContext } from '../deliveries/context.ts';
import { linkOfDelivery, type LinkRow } from '../links/links.ts';
import { actingUserId } from '../org/access.ts';
import { grantRoots } from '../policy.ts';
import { membershipsOf, subtreeUnitIds } from '../units.ts';
import { taskNotFound } from './confirm.ts';
import { assertTaskOfficer, managerGrants, responsibleOfficersSql } from './responsible.ts';
import { OFFICER_PLATFORMS, isOfficerPlatform } from './settings.ts';

/** One commune group's push of one item, as the officer's phone page lists it. */
export interface OfficerTask {
  deliveryId: string;
  state: 'awaiting_officer' | 'missed' | 'published';
  deadlineAt: Date | null;
  publishedAt: Date | null;
  late: boolean;
  channelId: string;
  channelName: string;
  unitName: string;
  memberCount: number | null;
}

export interface OfficerItem {
  itemId: string;
  title: string;
  /** The first image of the item's rendering, for a thumbnail. */
  imageId: string | null;
  tasks: OfficerTask[];
}

const platforms = sql.join(OFFICER_PLATFORMS.map((p) => sql`${p}`), sql`, `);

/** Missed pushes stay on the list (a late push still counts as late) for this long. */
const MISSED_VISIBLE_DAYS = 7;
/** Rows on one phone page (~250 bytes each, within its 30 KB): the pushes due soonest. */
export const MAX_LISTED_TASKS = 80;

/**
 * Today's work for an officer: every open push (awaiting, and missed in the last days)
 * of the groups they are responsible for (responsible.ts) or manage, within their
 * task.confirm units, plus the ones confirmed today (Vietnam day) so they see what is
 * done; grouped by item, the item due first on top.
 */
export async function listOfficerItems(q: Queryable, actor: Actor, now: Date): Promise<{ items: OfficerItem[]; truncated: boolean }> {
  const userId = actingUserId(actor);
  const grants = await membershipsOf(q, userId);
  const units = await subtreeUnitIds(q, grantRoots(grants, 'task.confirm'));
  if (units.length === 0) return { items: [], truncated: false };
  const managed = await subtreeUnitIds(q, grantRoots(managerGrants(grants), 'task.confirm'));
  const officerGroups = sql`select g.id from channels g where g.platform::text in (${platforms}) and g.unit_id in (${uuidList(units)})`;
  const rows = await q.execute<{
    delivery_id: string;
    state: OfficerTask['state'];
    deadline_at: string | null;
    published_at: string | null;
    late: boolean;
    channel_id: string;
    channel_name: string;
    unit_name: string;
    member_count: number | null;
    item_id: string;
    title: string;
    image_id: string | null;
  }>(sql`
    select d.id as delivery_id, d.state, d.deadline_at, d.published_at, d.late,
           c.id as channel_id, c.name as channel_name, u.name as unit_name, c.member_count,
           d.item_id, coalesce(loa_frozen_rendering(r.frozen_renderings, c.id::text, c.platform::text) ->> 'title', r.title) as title,
           (select m.id::text from media m
             where m.kind = 'image' and m.status = 'ready'
               and m.id::text in (select jsonb_array_elements_text(coalesce(loa_frozen_rendering(r.frozen_renderings, c.id::text, c.platform::text) -> 'mediaIds', '[]'::jsonb)))
             limit 1) as image_id
    from deliveries d
    join channels c on c.id = d.channel_id
    join units u on u.id = c.unit_id
    join revisions r on r.id = d.revision_id
    left join manual_confirmations mc on mc.delivery_id = d.id
    where c.platform::text in (${platforms})
      and c.unit_id in (${uuidList(units)})
      and (${managed.length ? sql`c.unit_id in (${uuidList(managed)}) or ` : sql``}c.id in (
        select r.channel_id from (${responsibleOfficersSql(officerGroups)}) r where r.user_id = ${userId}))
      and (d.state = 'awaiting_officer'
        or (d.state = 'missed' and d.deadline_at > ${now.toISOString()}::timestamptz - make_interval(days => ${MISSED_VISIBLE_DAYS}))
        or (d.state = 'published' and mc.confirmed_at >= (date_trunc('day', ${now.toISOString()}::timestamptz at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh')))
    order by d.deadline_at nulls last
    limit ${MAX_LISTED_TASKS + 1}`);
  const items = new Map<string, OfficerItem>();
  for (const r of rows.slice(0, MAX_LISTED_TASKS)) {
    let item = items.get(r.item_id);
    if (!item) {
      item = { itemId: r.item_id, title: r.title, imageId: r.image_id, tasks: [] };
      items.set(r.item_id, item);
    }
    item.tasks.push({
      deliveryId: r.delivery_id,
      state: r.state,
      deadlineAt: r.deadline_at ? new Date(r.deadline_at) : null,
      publishedAt: r.published_at ? new Date(r.published_at) : null,
      late: r.late,
      channelId: r.channel_id,
      channelName: r.channel_name,
      unitName: r.unit_name,
      memberCount: r.member_count,
    });
  }
  for (const item of items.values()) item.tasks.sort(taskOrder);
  const firstOpen = (i: OfficerItem) => i.tasks.find((t) => t.state !== 'published')?.deadlineAt?.getTime() ?? Infinity;
  return { items: [...items.values()].sort((a, b) => firstOpen(a) - firstOpen(b)), truncated: rows.length > MAX_LISTED_TASKS };
}

const byName = new Intl.Collator('vi', { numeric: true }).compare;

/** Open pushes first, then done ones; by commune, then group name ("bản 2" before "bản 10"). */
function taskOrder(a: OfficerTask, b: OfficerTask): number {
  const done = Number(a.state === 'published') - Number(b.state === 'published');
  return done || byName(a.unitName, b.unitName) || byName(a.channelName, b.channelName);
}

export interface OfficerTaskDetail {
  context: DeliveryContext;
  link: LinkRow | null;
  confirmation: typeof manualConfirmations.$inferSelect | null;
}

/** One push with what the task page shows, to whoever may work on it (responsible.ts `assertTaskOfficer`). */
export async function getOfficerTask(q: Queryable, actor: Actor, deliveryId: string): Promise<OfficerTaskDetail> {
  const context = await loadDeliveryContext(q, deliveryId);
  if (!context || !isOfficerPlatform(context.channel.platform)) throw taskNotFound();
  await assertTaskOfficer(q, actor, context.channel);
  const [confirmation] = await q.select().from(manualConfirmations).where(eq(manualConfirmations.deliveryId, deliveryId));
  return { context, link: await linkOfDelivery(q, deliveryId), confirmation: confirmation ?? null };
}

/**
 * The rendering's text with the group's tracked short link in place of the article link,
 * so every click from this group is counted for this group.
 */
export function textWithTrackedLink(text: string, articleLink: string | null, trackedUrl: string | null): string {
  if (!articleLink || !trackedUrl) return text;
  return text.split(articleLink).join(trackedUrl);
}
