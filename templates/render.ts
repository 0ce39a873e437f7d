import type { Platform } from '../lib/platforms.ts';
import { nfc } from '../lib/text.ts';
import { checkFields, type RenderProblem } from './text/check.ts';
import { articleLink, composeText, excerpt } from './text/compose.ts';
import { CAMPAIGN_NAME, campaignHashtags } from './text/hashtags.ts';
import { platformLimits, youtubeTagsLength } from './text/limits.ts';
import { placements, type LinkPlacement } from './text/placement.ts';

export { CAMPAIGN_HASHTAG, normaliseHashtag } from './text/hashtags.ts';
export { platformLimits, textLimits } from './text/limits.ts';
export type { LinkPlacement } from './text/placement.ts';
export type { RenderProblem } from './text/check.ts';

/** Bumped whenever rendering changes, and frozen with each approval. */
export const TEMPLATE_VERSION = 'text-2';

/** Stands where the delivery's marker goes; bound at publish time (`bindMarker`). */
export const MARKER_PLACEHOLDER = '{{loa_marker}}';

/** Longest marker `bindMarker` can write (`loa:` + a UUID): limits are checked with it in place. */
const LONGEST_MARKER = 'loa:00000000-0000-0000-0000-000000000000';

/** Descriptions derived from the body are cut to this when the platform sets no limit. */
const DEFAULT_DESCRIPTION_CHARS = 300;

export interface ChannelOverride {
  title?: string;
  body?: string;
  summary?: string;
  hashtags?: string[];
  /** Category names where the platform has categories (WordPress); per item, per platform or per channel. */
  categories?: string[];
}

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
  /** Keys are platforms or channel ids; a channel id wins over its platform, field by field. */
  overrides: Record<string, ChannelOverride>;
  mediaIds: string[];
  unit: { id: string; name: string };
}

/** One revision as it will appear on one channel (frozen at approval). */
export interface ChannelRendering {
  channelId: string;
  platform: Platform;
  title: string;
  /** Full post text for the channel (body, links, hashtags as `linkPlacement` says), with MARKER_PLACEHOLDER. */
  text: string;
  body: string;
  summary: string;
  /** Short description: the summary, or the body's start cut to the platform's limit. */
  description: string;
  /** Campaign tag first, then the user's, normalised and deduplicated. */
  hashtags: string[];
  /** Keyword tags without '#' (YouTube snippet.tags within its 500-character rule, WordPress tags). */
  tags: string[];
  /** Category names (WordPress), from the overrides. */
  categories: string[];
  /** The item's page on the campaign site with MARKER_PLACEHOLDER in `ref`. */
  link: string | null;
  linkPlacement: LinkPlacement;
  mediaIds: string[];
  templateVersion: string;
  problems: RenderProblem[];
}

export function renderForChannel(
  content: RevisionContent,
  channel: { id: string; platform: Platform },
  siteUrl: string,
): ChannelRendering {
  const byPlatform = content.overrides[channel.platform] ?? {};
  const byChannel = content.overrides[channel.id] ?? {};
  const pick = <K extends keyof ChannelOverride>(key: K) => byChannel[key] ?? byPlatform[key];
  const pointer = (key: keyof ChannelOverride) =>
    byChannel[key] !== undefined
      ? `/overrides/${jsonPointerToken(channel.id)}/${key}`
      : byPlatform[key] !== undefined
        ? `/overrides/${channel.platform}/${key}`
        : `/${key}`;

  const title = nfc(pick('title') ?? content.title).trim();
  const body = nfc(pick('body') ?? content.body).trim();
  const summary = nfc(pick('summary') ?? content.summary).trim();
  const links = content.links.map((l) => ({ url: l.url, label: l.label === undefined ? undefined : nfc(l.label) }));
  const hashtags = campaignHashtags(pick('hashtags') ?? content.hashtags);
  const limits = platformLimits[channel.platform];
  const placement = placements[channel.platform];
  const linkPlacement = placement.link(content.mediaIds.length > 0);
  const link = articleLink(siteUrl, content.slug, MARKER_PLACEHOLDER);
  const text = composeText({
    body,
    links,
    hashtags: placement.hashtagsInText ? hashtags : [],
    link: linkPlacement === 'text' ? link : null,
  });
  const problems = checkFields(
    channel.platform,
    { title, body, summary, text: text.split(MARKER_PLACEHOLDER).join(LONGEST_MARKER), linkLabels: links.map((l) => l.label ?? '') },
    { title: pointer('title'), body: pointer('body'), summary: pointer('summary'), links: '/links' },
  );
  return {
    channelId: channel.id,
    platform: channel.platform,
    title,
    text,
    body,
    summary,
    description: summary || excerpt(body, limits.description?.max ?? DEFAULT_DESCRIPTION_CHARS),
    hashtags,
    tags: keywordTags(channel.platform, hashtags),
    categories: (pick('categories') ?? []).map((c) => nfc(c).trim()).filter(Boolean),
    link,
    linkPlacement,
    mediaIds: content.mediaIds,
    templateVersion: TEMPLATE_VERSION,
    problems,
  };
}

/** Puts the delivery's marker wherever the placeholder stands, in every string of a plain-data rendering. */
export function bindMarker<T extends { text: string; link: string | null }>(r: T, deliveryId: string): T {
  return bindDeep(r, markerBinder(deliveryId));
}

/** `bindMarker` for one string at a time (a caller that knows which fields it sends). */
export function markerBinder(deliveryId: string): (s: string) => string {
  const marker = `loa:${deliveryId}`;
  // Most strings (every one but the text and link, usually) hold no placeholder: they are kept, not rebuilt.
  return (s) => (s.includes(MARKER_PLACEHOLDER) ? s.replaceAll(MARKER_PLACEHOLDER, marker) : s);
}

/** Only plain objects and arrays are copied: Dates, streams and media handles pass through untouched. */
function bindDeep<T>(value: T, bind: (s: string) => string): T {
  if (typeof value === 'string') return bind(value) as T;
  if (Array.isArray(value)) return value.map((v) => bindDeep(v, bind)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bindDeep(v, bind)])) as T;
  }
  return value;
}

/** Hashtags as keywords; on YouTube led by the campaign name and cut to the tags budget (later tags dropped). */
function keywordTags(platform: Platform, hashtags: string[]): string[] {
  const words = hashtags.map((h) => h.slice(1));
  const budget = platformLimits[platform].tags;
  if (!budget) return words;
  const tags: string[] = [];
  for (const tag of [CAMPAIGN_NAME, ...words]) {
    if (youtubeTagsLength([...tags, tag]) <= budget.max) tags.push(tag);
  }
  return tags;
}

function jsonPointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
