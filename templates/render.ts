import type { Platform } from '../lib/platforms.ts';
import { nfc, nfcLength } from '../lib/text.ts';

/** Bumped whenever rendering changes, and frozen with each approval. */
export const TEMPLATE_VERSION = 'text-1';

/** Stands where the delivery's marker goes; bound at publish time (`bindMarker`). */
export const MARKER_PLACEHOLDER = '{{loa_marker}}';

export const CAMPAIGN_HASHTAG = '#ConDuongHuongThien';

export interface RevisionContent {
  itemId: string;
  revisionId: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  theme: string;
  hashtags: string[];
  links: { url: string; label?: string }[];
  /** Keys are platforms or channel ids; a channel id wins over its platform. */
  overrides: Record<string, { title?: string; body?: string; hashtags?: string[] }>;
  mediaIds: string[];
  unit: { id: string; name: string };
}

export interface RenderProblem {
  field: string;
  code: string;
  message: { vi: string; en: string };
}

/** One revision as it will appear on one channel (frozen at approval). */
export interface ChannelRendering {
  channelId: string;
  platform: Platform;
  title: string;
  /** Full post text: body, hashtags and link, with MARKER_PLACEHOLDER in the link. */
  text: string;
  body: string;
  summary: string;
  hashtags: string[];
  link: string | null;
  mediaIds: string[];
  templateVersion: string;
  problems: RenderProblem[];
}

/** Text limits counted on NFC code points. */
export const textLimits: Partial<Record<Platform, { title?: number; text?: number }>> = {
  facebook_page: { text: 63_206 },
  youtube_channel: { title: 100, text: 5_000 },
  zalo_oa: { title: 150, text: 2_000 },
  zalo_group_manual: { text: 4_000 },
  wordpress: { title: 200 },
  site: { title: 200 },
};

export function renderForChannel(
  content: RevisionContent,
  channel: { id: string; platform: Platform },
  siteUrl: string,
): ChannelRendering {
  const override = { ...content.overrides[channel.platform], ...content.overrides[channel.id] };
  const title = nfc(override.title ?? content.title);
  const body = nfc(override.body ?? content.body);
  const hashtags = unique([...(override.hashtags ?? content.hashtags), CAMPAIGN_HASHTAG].map(normaliseHashtag));
  const link = `${siteUrl}/bai-viet/${content.slug}?ref=${MARKER_PLACEHOLDER}`;
  const withLink = channel.platform !== 'site' && channel.platform !== 'wordpress';
  const text = [body, hashtags.join(' '), withLink ? link : ''].filter(Boolean).join('\n\n');
  const problems: RenderProblem[] = [];
  const limits = textLimits[channel.platform];
  if (limits?.title && nfcLength(title) > limits.title) {
    problems.push(tooLong('/title', limits.title, channel.platform));
  }
  if (limits?.text && nfcLength(text.replace(MARKER_PLACEHOLDER, 'loa:00000000-0000-0000-0000-000000000000')) > limits.text) {
    problems.push(tooLong('/body', limits.text, channel.platform));
  }
  return {
    channelId: channel.id,
    platform: channel.platform,
    title,
    text,
    body,
    summary: nfc(content.summary),
    hashtags,
    link,
    mediaIds: content.mediaIds,
    templateVersion: TEMPLATE_VERSION,
    problems,
  };
}

/** Puts the delivery's marker where the placeholder stands. */
export function bindMarker<T extends { text: string; link: string | null }>(r: T, deliveryId: string): T {
  const marker = `loa:${deliveryId}`;
  return { ...r, text: r.text.split(MARKER_PLACEHOLDER).join(marker), link: r.link?.split(MARKER_PLACEHOLDER).join(marker) ?? null };
}

function normaliseHashtag(tag: string): string {
  const t = nfc(tag.trim()).replace(/\s+/g, '');
  return t.startsWith('#') ? t : `#${t}`;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function tooLong(field: string, limit: number, platform: Platform): RenderProblem {
  return {
    field,
    code: 'TEXT_TOO_LONG',
    message: { vi: `Quá ${limit} ký tự cho kênh ${platform}`, en: `Longer than ${limit} characters for ${platform}` },
  };
}
