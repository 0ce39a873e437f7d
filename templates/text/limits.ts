import type { Platform } from '../../lib/platforms.ts';

/** `chars` = code points after NFC (what users see and most platforms count); `bytes` = UTF-8 bytes. */
export type LimitUnit = 'chars' | 'bytes';

export interface FieldLimit {
  max: number;
  unit: LimitUnit;
}

export interface PlatformLimits {
  title?: FieldLimit;
  /** The post text as rendered: body, hashtags and links (YouTube: the description). */
  text?: FieldLimit;
  /** Short description (Zalo OA article `description`). */
  description?: FieldLimit;
  /** Keyword tags, counted by the platform's own rule (YouTube: commas and implied quotes count). */
  tags?: FieldLimit;
  titleRequired?: boolean;
  /** Characters the platform refuses in title and text. */
  forbidden?: readonly string[];
  /** Where the numbers come from; UNVERIFIED means no primary source could be read. */
  source: string;
}

const chars = (max: number): FieldLimit => ({ max, unit: 'chars' });

/**
 * Every per-platform text limit Loa checks before approval, in one table.
 * Section numbers refer to shared/reference/platform-apis.md.
 */
export const platformLimits: Record<Platform, PlatformLimits> = {
  facebook_page: {
    text: chars(63_206),
    source: '§1.3: no maximum `message` length is documented; 63,206 is the long-standing practical cap, kept as a guard',
  },
  youtube_channel: {
    title: chars(100),
    text: { max: 5_000, unit: 'bytes' },
    tags: chars(500),
    titleRequired: true,
    forbidden: ['<', '>'],
    source: '§2.3: snippet.title ≤ 100 characters, snippet.description ≤ 5000 UTF-8 bytes, neither with < or >; snippet.tags ≤ 500 characters in total',
  },
  zalo_oa: {
    title: chars(150),
    description: chars(300),
    titleRequired: true,
    source: '§3.6 names the article fields (title, description) but no limits; 150/300 follow Zalo\'s article API field notes — UNVERIFIED',
  },
  zalo_group_manual: {
    text: chars(4_000),
    source: 'house limit for a message an officer pastes into a Zalo group; Zalo\'s own cap is UNVERIFIED',
  },
  share_kit: {
    text: chars(4_000),
    source: 'house limit: the kit text is pasted by a person into Facebook, Zalo or TikTok; kept to the Zalo group limit',
  },
  wordpress: {
    title: chars(200),
    titleRequired: true,
    source: 'house limit for headlines (WordPress itself stores post_title unbounded); no body limit',
  },
  site: {
    title: chars(200),
    titleRequired: true,
    source: 'house limit for headlines on the campaign site; no body limit',
  },
  webhook: {
    source: 'none: the receiving agency portal applies its own rules',
  },
};

/** Title and text maxima as plain numbers (units in `platformLimits`). */
export const textLimits: Partial<Record<Platform, { title?: number; text?: number }>> = Object.fromEntries(
  Object.entries(platformLimits)
    .filter(([, l]) => l.title || l.text)
    .map(([p, l]) => [p, { title: l.title?.max, text: l.text?.max }]),
);

/** Size of `s` in the limit's unit. */
export function measure(s: string, unit: LimitUnit): number {
  const n = s.normalize('NFC');
  return unit === 'bytes' ? Buffer.byteLength(n, 'utf8') : [...n].length;
}

/** YouTube's count for snippet.tags: lengths, one per separating comma, +2 for a tag with a space (implied quotes). */
export function youtubeTagsLength(tags: readonly string[]): number {
  if (tags.length === 0) return 0;
  return tags.reduce((sum, t) => sum + measure(t, 'chars') + (/\s/.test(t) ? 2 : 0), 0) + tags.length - 1;
}
