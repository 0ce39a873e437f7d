import { createConnectorFor } from '../../connectors/registry.ts';
import { isManualPlatform } from '../../core/manual/settings.ts';
import type { Platform } from '../../db/schema/index.ts';
import { renderOgCard } from '../../templates/og-card.ts';
import type { DemoSession } from './api.ts';
import { demoItems, testimonyConsent, type DemoItem, type DemoTarget, type Stage } from './content-data.ts';
import { demoUnits, PROVINCE_NAME } from './org-data.ts';
import type { DemoChannels } from './seed-channels.ts';
import type { DemoOrg } from './seed-org.ts';

export interface SeededItem {
  id: string;
  slug: string;
  title: string;
  stage: Stage;
}

const DAY_MS = 24 * 3600_000;
const PLACEHOLDER_VIDEO_BYTES = 512 * 1024;

type TargetInput = { channelId: string } | { channelSetId: string };

/**
 * Whether Loa can publish to the platform yet: a connector is registered, or a person posts it
 * (a commune Zalo group becomes an officer's task on /xa). Items that will go out target only
 * such channels, so the demo shows real outcomes, not "no connector".
 */
export function publishable(platform: Platform): boolean {
  return platform === 'site' || isManualPlatform(platform) || createConnectorFor({ platform }, {}) !== null;
}

/** 07:30 tomorrow, Vietnam time (UTC+7, no daylight saving): the first working hour. */
export function nextMorningInVietnam(now: Date): Date {
  const vn = new Date(now.getTime() + 7 * 3600_000);
  return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate() + 1, 0, 30));
}

/** The demo items this build can show (an item for a platform without a connector is left out). */
export function itemsToSeed(): DemoItem[] {
  return demoItems.filter((i) => !i.onlyWith || publishable(i.onlyWith));
}

/** Every demo item taken to its stage through the content API, by its author and the approver. */
export async function seedContent(org: DemoOrg, ch: DemoChannels, now: Date): Promise<SeededItem[]> {
  const editor = org.sessions.editor;
  const consent = await editor.call('POST', '/api/v1/consents', {
    unitId: org.units.phuocLoc,
    personName: testimonyConsent.personName,
    scope: testimonyConsent.scope,
    platforms: testimonyConsent.platforms,
    grantedAt: new Date(now.getTime() - testimonyConsent.grantedDaysAgo * DAY_MS).toISOString(),
    expiresAt: new Date(now.getTime() + testimonyConsent.validDays * DAY_MS).toISOString(),
  });
  const seeded: SeededItem[] = [];
  for (const item of itemsToSeed()) {
    const author = org.sessions[item.author];
    const unitId = org.units[item.unit ?? 'province'];
    const mediaIds = item.image ? [await uploadCard(author, unitId, item)] : [];
    if (item.video) mediaIds.push(await uploadPlaceholderVideo(author, unitId, item.video));
    const created = await author.call('POST', '/api/v1/content', {
      unitId,
      title: item.title,
      summary: item.summary,
      body: item.body,
      theme: item.theme,
      hashtags: item.hashtags,
      mediaIds,
      overrides: item.overrides ?? {},
      consentIds: item.withConsent ? [consent.id] : [],
      publishAt: item.stage === 'scheduled' ? nextMorningInVietnam(now).toISOString() : null,
      targets: targetsOf(item, ch),
    });
    const id = created.item.id as string;
    await advance(item, id, author, org.sessions.approver);
    seeded.push({ id, slug: created.item.slug, title: item.title, stage: item.stage });
  }
  return seeded;
}

async function advance(item: DemoItem, id: string, author: DemoSession, approver: DemoSession): Promise<void> {
  if (item.stage === 'draft') return;
  await author.call('POST', `/api/v1/content/${id}/submit`);
  if (item.stage === 'in_review') return;
  if (item.stage === 'rejected') {
    await approver.call('POST', `/api/v1/content/${id}/reject`, { comment: item.decisionComment, revision: 1 });
    return;
  }
  await approver.call('POST', `/api/v1/content/${id}/approve`, { comment: item.decisionComment ?? '', revision: 1 });
}

/**
 * A set stays one target when Loa can publish to all of its channels; otherwise its
 * publishable members are targeted one by one. Drafts and rejected items keep every target.
 */
function targetsOf(item: DemoItem, ch: DemoChannels): TargetInput[] {
  const goesOut = item.stage !== 'draft' && item.stage !== 'rejected';
  const usable = (key: keyof DemoChannels['channels']) => !goesOut || publishable(ch.channels[key].platform);
  return item.targets.flatMap((t: DemoTarget): TargetInput[] => {
    if ('channel' in t) return usable(t.channel) ? [{ channelId: ch.channels[t.channel].id }] : [];
    const set = ch.sets[t.set]!;
    if (set.members.every(usable)) return [{ channelSetId: set.id }];
    return set.members.filter(usable).map((k) => ({ channelId: ch.channels[k].id }));
  });
}

/** A branded picture for the item (the site's preview-card design), uploaded like any photo. */
async function uploadCard(author: DemoSession, unitId: string, item: DemoItem): Promise<string> {
  const image = item.image!;
  const unitName = demoUnits.find((u) => u.key === item.unit)?.name ?? PROVINCE_NAME;
  const png = await renderOgCard({ title: item.title, kicker: image.kicker, unitName });
  const query = new URLSearchParams({ unitId, filename: image.fileName, altText: image.altText });
  const media = await author.upload(`/api/v1/media?${query}`, png, 'image/png');
  return media.id as string;
}

/** An MP4 container (an `ftyp` box) and filler: enough for type detection and every upload path. */
export async function uploadPlaceholderVideo(author: DemoSession, unitId: string, video: NonNullable<DemoItem['video']>): Promise<string> {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1'), Buffer.alloc(4), Buffer.from('mp42isom', 'latin1')]);
  const bytes = Buffer.concat([ftyp, Buffer.alloc(PLACEHOLDER_VIDEO_BYTES - ftyp.length)]);
  const query = new URLSearchParams({ unitId, filename: video.fileName, altText: video.altText });
  const media = await author.upload(`/api/v1/media?${query}`, bytes, 'video/mp4');
  return media.id as string;
}
