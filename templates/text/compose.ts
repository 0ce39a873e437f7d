import { READ_MORE } from './placement.ts';

export interface TextParts {
  body: string;
  /** Extra links of the revision, one per line as "label: url". */
  links: { url: string; label?: string }[];
  hashtags: string[];
  /** The item's link when it goes into the text; always the last line. */
  link: string | null;
}

/** Blocks separated by a blank line: body, extra links, hashtags, then the read-more link. */
export function composeText(p: TextParts): string {
  const links = p.links.map((l) => (l.label?.trim() ? `${l.label.trim()}: ${l.url}` : l.url)).join('\n');
  return [p.body.trim(), links, p.hashtags.join(' '), p.link ? `${READ_MORE} ${p.link}` : '']
    .filter((block) => block !== '')
    .join('\n\n');
}

/**
 * The start of `text` in at most `max` characters, cut at a word boundary with "…", for
 * descriptions derived from the body. Whitespace runs collapse to one space.
 */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max - 1).join('');
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace > max / 2 ? cut.slice(0, atSpace) : cut).replace(/[\s,.;:–-]+$/u, '')}…`;
}

/** The item's page on the campaign site; `ref` carries the marker (see MARKER_PLACEHOLDER). */
export function articleLink(siteUrl: string, slug: string, marker: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/bai-viet/${encodeURIComponent(slug)}?ref=${marker}`;
}
