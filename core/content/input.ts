import type { ContentLink, Theme } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import { platforms } from '../../lib/platforms.ts';
import { nfc, nfcDeep } from '../../lib/text.ts';
import { isUuid } from './load.ts';

/** Per-channel text: keys are platforms or channel ids (a channel id wins, field by field). */
export type RevisionOverrides = Record<string, { title?: string; summary?: string; body?: string; hashtags?: string[] }>;

/** One target as entered: a channel or a channel set, optionally with its own time. */
export interface TargetInput {
  channelId?: string | undefined;
  channelSetId?: string | undefined;
  publishAt?: Date | null | undefined;
}

/** What an editor sends for a revision; on an edit every field is optional. */
export interface RevisionInput {
  title?: string;
  summary?: string;
  body?: string;
  /** Only on answers to a citizen's question: the question as it will be published. */
  question?: string | null;
  theme?: Theme;
  links?: ContentLink[];
  mediaIds?: string[];
  hashtags?: string[];
  overrides?: RevisionOverrides;
  publishAt?: Date | null;
  expiresAt?: Date | null;
  targets?: TargetInput[];
  /** The people the revision shows, each by their consent record. */
  consentIds?: string[];
}

/** The text and settings columns of a revision (targets and consents live in their own tables). */
export interface RevisionFields {
  title: string;
  summary: string;
  body: string;
  question: string | null;
  theme: Theme;
  links: ContentLink[];
  mediaIds: string[];
  hashtags: string[];
  overrides: RevisionOverrides;
  publishAt: Date | null;
  expiresAt: Date | null;
}

const platformSet = new Set<string>(platforms);

/** `base` with `patch` applied, text NFC-normalised, checked for what a schema cannot say. */
export function mergeFields(base: RevisionFields | null, patch: RevisionInput): RevisionFields {
  const pick = <K extends keyof RevisionFields>(key: K, fallback: RevisionFields[K]): RevisionFields[K] =>
    (patch[key] !== undefined ? patch[key] : base ? base[key] : fallback) as RevisionFields[K];
  const fields: RevisionFields = {
    title: nfc(pick('title', '')).trim(),
    summary: nfc(pick('summary', '')).trim(),
    body: nfc(pick('body', '')),
    question: nfc(pick('question', null) ?? '').trim() || null,
    theme: pick('theme', 'policy'),
    links: nfcDeep(pick('links', [])),
    mediaIds: [...new Set(pick('mediaIds', []).map((id) => id.toLowerCase()))],
    hashtags: [...new Set(pick('hashtags', []).map((h) => nfc(h).trim()))],
    overrides: nfcDeep(pick('overrides', {})),
    publishAt: pick('publishAt', null),
    expiresAt: pick('expiresAt', null),
  };
  if (!fields.title) throw invalid('TITLE_REQUIRED', '/title', { vi: 'Cần có tiêu đề', en: 'A title is required' });
  fields.hashtags.forEach((h, i) => {
    if (!h.replace(/^#/, '')) throw invalid('HASHTAG_EMPTY', `/hashtags/${i}`, { vi: 'Hashtag rỗng', en: 'Empty hashtag' });
  });
  for (const key of Object.keys(fields.overrides)) {
    if (!platformSet.has(key) && !isUuid(key)) {
      throw invalid('OVERRIDE_KEY_INVALID', `/overrides/${key}`, {
        vi: `Khoá "${key}" phải là tên nền tảng (${platforms.join(', ')}) hoặc mã kênh`,
        en: `Key "${key}" must be a platform (${platforms.join(', ')}) or a channel id`,
      });
    }
  }
  if (fields.publishAt && fields.expiresAt && fields.expiresAt <= fields.publishAt) {
    throw invalid('EXPIRY_BEFORE_PUBLISH', '/expiresAt', {
      vi: 'Thời điểm hết hạn phải sau thời điểm đăng',
      en: 'The expiry must come after the publish time',
    });
  }
  return fields;
}

/** Checks that each target names exactly one channel or one channel set. */
export function checkTargetShapes(targets: readonly TargetInput[]): void {
  targets.forEach((t, i) => {
    if (Boolean(t.channelId) === Boolean(t.channelSetId)) {
      throw invalid('TARGET_SHAPE_INVALID', `/targets/${i}`, {
        vi: 'Mỗi kênh đăng phải có đúng một trong hai: channelId hoặc channelSetId',
        en: 'Each target needs exactly one of channelId or channelSetId',
      });
    }
  });
}
