import sharp from 'sharp';
import type { Db } from '../../db/client.ts';
import type { App } from '../../server/app.ts';
import type { DemoSession } from '../demo/api.ts';
import { uploadPlaceholderVideo } from '../demo/seed-content.ts';
import { seedChannels, type DemoChannels } from '../demo/seed-channels.ts';
import { seedOrg } from '../demo/seed-org.ts';
import type { DemoEndpoints } from '../demo/simulators.ts';

/** The connectors the chaos run publishes to, by the demo channel that reaches each. */
export const CHAOS_CHANNELS = ['site', 'portal', 'newspaper', 'fanpage', 'youtube', 'zaloOa'] as const;
export type ChaosChannel = (typeof CHAOS_CHANNELS)[number];

/**
 * What an item carries decides the Facebook post kind (link post without media, photo, album
 * of two, video) and whether YouTube takes it (video only).
 */
export type ItemKind = 'link' | 'photo' | 'album' | 'video';

export interface ChaosItem {
  id: string;
  kind: ItemKind;
  channels: ChaosChannel[];
}

export interface ChaosSeed {
  channels: DemoChannels['channels'];
  items: ChaosItem[];
  /** The province administrator, who reconnects a channel when one needs it. */
  admin: DemoSession;
  /** The editor and approver who revise and approve corrections during the run. */
  editor: DemoSession;
  approver: DemoSession;
}

/**
 * Items per kind for `total` items: half carry a video (so YouTube gets as many deliveries as
 * the others get from the rest), the rest split between link posts, photos and albums.
 */
export function itemPlan(total: number): ItemKind[] {
  const video = Math.ceil(total / 2);
  const rest = total - video;
  const link = Math.ceil(rest / 3);
  const photo = Math.ceil((rest - link) / 2);
  const plan: ItemKind[] = [];
  for (let i = 0; i < total; i++) plan.push(i < video ? 'video' : i < video + link ? 'link' : i < video + link + photo ? 'photo' : 'album');
  return plan;
}

/**
 * Facebook video needs the app id. The Zalo OA takes posts at any hour, and publishes articles
 * without broadcasting them: Zalo allows an OA at most 50 broadcasts a day (settings.ts), fewer
 * than a run sends; articles without an image get a default cover.
 */
function extraSettings(key: ChaosChannel, facebookAppId: string): Record<string, unknown> {
  if (key === 'fanpage') return { appId: facebookAppId };
  // A project with a raised quota (the simulator's matches): uploads and their retries fit in a day.
  if (key === 'youtube') return { quotaUploadsPerDay: 10_000, quotaUnitsPerDay: 100_000_000 };
  if (key === 'zaloOa') return { sendWindow: { from: '00:00', to: '23:59' }, broadcast: false, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' };
  return {};
}

const channelsOf = (kind: ItemKind): ChaosChannel[] =>
  kind === 'video' ? ['site', 'portal', 'newspaper', 'fanpage', 'youtube', 'zaloOa'] : ['site', 'portal', 'newspaper', 'fanpage', 'zaloOa'];


async function uploadPhoto(author: DemoSession, unitId: string, n: number): Promise<string> {
  const jpeg = await sharp({ create: { width: 800, height: 450, channels: 3, background: n % 2 ? '#1d4ed8' : '#b91c1c' } })
    .jpeg({ quality: 70 })
    .toBuffer();
  const query = new URLSearchParams({ unitId, filename: `anh-${n}.jpg`, altText: `Ảnh minh hoạ ${n}` });
  return (await author.upload(`/api/v1/media?${query}`, jpeg, 'image/jpeg')).id as string;
}

/**
 * The demo's province and channels (through Loa's API, as the demo seeds them), the Zalo OA's
 * send window opened to the whole day (so the outcome does not depend on the hour), shared
 * media, then `total` items approved for publication now. Approval creates the deliveries.
 */
export async function seedChaos(o: { app: App; db: Db; endpoints: DemoEndpoints; facebookAppId: string; total: number; settleSeconds: number }): Promise<ChaosSeed> {
  const org = await seedOrg(o.app, o.db);
  const { channels } = await seedChannels(org.sessions.admin, org, o.endpoints);
  const admin = org.sessions.admin;
  for (const key of CHAOS_CHANNELS) {
    const channel = await admin.call('GET', `/api/v1/channels/${channels[key].id}`);
    const settings = { ...channel.settings, reconcileSettleSeconds: o.settleSeconds, ...extraSettings(key, o.facebookAppId) };
    await admin.call('PATCH', `/api/v1/channels/${channels[key].id}`, { settings });
  }

  const editor = org.sessions.editor;
  const unitId = org.units.province;
  const photos = [await uploadPhoto(editor, unitId, 1), await uploadPhoto(editor, unitId, 2)];
  const video = await uploadPlaceholderVideo(editor, unitId, { fileName: 'video-hon-loan.mp4', altText: 'Tệp video mẫu' });
  const media: Record<ItemKind, string[]> = { link: [], photo: [photos[0]!], album: photos, video: [video, photos[0]!] };

  const items: ChaosItem[] = [];
  for (const [n, kind] of itemPlan(o.total).entries()) {
    const targets = channelsOf(kind);
    const created = await editor.call('POST', '/api/v1/content', {
      unitId,
      title: `Thử tải ${n + 1}: hành trình hoàn lương (${kind})`,
      summary: 'Câu chuyện tái hòa nhập cộng đồng',
      body: `Bài thử tải số ${n + 1} của bài kiểm tra hỗn loạn.\n\nNgười chấp hành xong án phạt tù được chính quyền giúp đỡ tìm việc làm.`,
      theme: 'guidance',
      hashtags: ['#TaiHoaNhap'],
      mediaIds: media[kind],
      targets: targets.map((key) => ({ channelId: channels[key].id })),
      publishAt: null,
    });
    const id = created.item.id as string;
    await editor.call('POST', `/api/v1/content/${id}/submit`);
    await org.sessions.approver.call('POST', `/api/v1/content/${id}/approve`, { comment: '', revision: 1 });
    items.push({ id, kind, channels: targets });
  }
  return { channels, items, admin, editor, approver: org.sessions.approver };
}
