import type { PersonalDataFlag } from '../../db/schema/index.ts';

/**
 * Personal data a citizen may write into a question: phone numbers, ID numbers (CCCD 12
 * digits, old CMND 9), e-mail addresses and street addresses. Found ones are shown to the
 * moderator and masked in the text proposed for publication; nothing here is published.
 */
const patterns: { kind: PersonalDataFlag['kind']; pattern: RegExp }[] = [
  { kind: 'email', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  // 0912 345 678, 0912.345.678, +84 912345678, (028) 3823 4567.
  { kind: 'phone', pattern: /(?<![\d])(?:\+84|0)[\s.()-]*\d(?:[\s.()-]*\d){8,9}(?!\d)/g },
  { kind: 'id_number', pattern: /(?<![\d])(?:\d{12}|\d{9})(?!\d)/g },
  // "số nhà 12", "thôn Bản Mòng", "tổ dân phố 5", "ngõ 3", "hẻm 45/2", "xóm Đồng", "ấp 3", "khu phố 2".
  // A place name is capitalised or a number ("thôn Bản Mòng", "ngõ 3/12"), so "bản thân" is not one.
  { kind: 'address', pattern: new RegExp(`(?<!\\p{L})(?:${addressWords()})\\s+[\\p{Lu}\\d][\\p{L}\\d/]*(?:\\s+[\\p{Lu}\\d][\\p{L}\\d/]*)*`, 'gu') },
];

/** Words that start a Vietnamese address, each also with a capital first letter. */
function addressWords(): string {
  const words = ['số nhà', 'thôn', 'bản', 'tổ dân phố', 'ngõ', 'ngách', 'hẻm', 'xóm', 'ấp', 'khu phố', 'tiểu khu'];
  return words.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|');
}

export function findPersonalData(text: string): PersonalDataFlag[] {
  const found: PersonalDataFlag[] = [];
  let masked = text;
  for (const { kind, pattern } of patterns) {
    for (const m of masked.matchAll(pattern)) found.push({ kind, text: m[0].trim() });
    // A phone number must not be found again as an ID number.
    masked = masked.replace(pattern, (m) => ' '.repeat(m.length));
  }
  return found;
}

export const MASK = '[đã ẩn]';

/** The text with every flagged piece replaced by MASK: the default published question. */
export function maskPersonalData(text: string, flags: readonly PersonalDataFlag[]): string {
  let out = text;
  for (const f of [...flags].sort((a, b) => b.text.length - a.text.length)) out = out.split(f.text).join(MASK);
  return out;
}
