import type { Platform } from '../../lib/platforms.ts';
import { measure, platformLimits, type FieldLimit } from './limits.ts';

export interface RenderProblem {
  /** JSON pointer into the revision: where the user fixes it (an override when one supplied the text). */
  field: string;
  code: 'TITLE_REQUIRED' | 'TEXT_TOO_LONG' | 'FORBIDDEN_CHARACTERS';
  message: { vi: string; en: string };
}

/** What a channel will receive, with the marker already at full length so limits hold after binding. */
export interface CheckedFields {
  title: string;
  text: string;
  body: string;
  /** The user's own summary (empty when the description was derived from the body). */
  summary: string;
  linkLabels: string[];
}

export interface FieldPointers {
  title: string;
  body: string;
  summary: string;
  links: string;
}

const platformNames: Record<Platform, { vi: string; en: string }> = {
  facebook_page: { vi: 'Fanpage Facebook', en: 'Facebook Page' },
  youtube_channel: { vi: 'YouTube', en: 'YouTube' },
  zalo_oa: { vi: 'Zalo OA', en: 'Zalo OA' },
  zalo_group_manual: { vi: 'nhóm Zalo', en: 'Zalo group' },
  share_kit: { vi: 'bộ chia sẻ', en: 'share kit' },
  wordpress: { vi: 'WordPress', en: 'WordPress' },
  site: { vi: 'trang chiến dịch', en: 'campaign site' },
  webhook: { vi: 'webhook', en: 'webhook' },
};

const fieldNames = {
  title: { vi: 'Tiêu đề', en: 'Title' },
  text: { vi: 'Nội dung (kèm hashtag và liên kết)', en: 'Text (with hashtags and links)' },
  summary: { vi: 'Tóm tắt', en: 'Summary' },
  links: { vi: 'Liên kết', en: 'Links' },
} as const;

/** Every limit the platform has that these fields break; empty when the channel can take them. */
export function checkFields(platform: Platform, f: CheckedFields, at: FieldPointers): RenderProblem[] {
  const limits = platformLimits[platform];
  const name = platformNames[platform];
  const problems: RenderProblem[] = [];
  if (limits.titleRequired && f.title.trim() === '') {
    problems.push({
      field: at.title,
      code: 'TITLE_REQUIRED',
      message: { vi: `${name.vi} cần có tiêu đề`, en: `${name.en} needs a title` },
    });
  }
  const tooLong = (value: string, limit: FieldLimit | undefined, field: string, label: keyof typeof fieldNames) => {
    if (!limit) return;
    const size = measure(value, limit.unit);
    if (size <= limit.max) return;
    const unit = limit.unit === 'bytes' ? { vi: 'byte', en: 'bytes' } : { vi: 'ký tự', en: 'characters' };
    problems.push({
      field,
      code: 'TEXT_TOO_LONG',
      message: {
        vi: `${fieldNames[label].vi} dài ${size} ${unit.vi}, ${name.vi} nhận tối đa ${limit.max} ${unit.vi}`,
        en: `${fieldNames[label].en} is ${size} ${unit.en}; ${name.en} takes at most ${limit.max} ${unit.en}`,
      },
    });
  };
  tooLong(f.title, limits.title, at.title, 'title');
  tooLong(f.text, limits.text, at.body, 'text');
  tooLong(f.summary, limits.description, at.summary, 'summary');

  const forbidden = limits.forbidden ?? [];
  const hasForbidden = (s: string) => forbidden.some((c) => s.includes(c));
  const refuse = (field: string, label: keyof typeof fieldNames) =>
    problems.push({
      field,
      code: 'FORBIDDEN_CHARACTERS',
      message: {
        vi: `${fieldNames[label].vi} có ký tự ${name.vi} không nhận: ${forbidden.join(' ')}`,
        en: `${fieldNames[label].en} contains characters ${name.en} refuses: ${forbidden.join(' ')}`,
      },
    });
  if (hasForbidden(f.title)) refuse(at.title, 'title');
  if (hasForbidden(f.body)) refuse(at.body, 'text');
  if (f.linkLabels.some(hasForbidden)) refuse(at.links, 'links');
  return problems;
}
