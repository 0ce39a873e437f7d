import type { FontMetrics } from './font-metrics.ts';

export interface WrapOptions {
  metrics: FontMetrics;
  size: number;
  maxWidth: number;
  maxLines: number;
}

export interface Wrapped {
  lines: string[];
  /** True when text was cut and the last line ends with "…". */
  truncated: boolean;
}

const ELLIPSIS = '…';

/**
 * Greedy word wrap by measured width; a word wider than a line is split between characters.
 * Past `maxLines` the last kept line is shortened (by words, else characters) to fit "…".
 * Every returned line measures ≤ maxWidth.
 */
export function wrapText(text: string, o: WrapOptions): Wrapped {
  const fits = (s: string) => o.metrics.width(s, o.size) <= o.maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const piece of splitToFit(word, fits)) {
      if (line) lines.push(line);
      line = piece;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= o.maxLines) return { lines, truncated: false };
  const kept = lines.slice(0, o.maxLines);
  kept[o.maxLines - 1] = withEllipsis(kept[o.maxLines - 1] ?? '', fits);
  return { lines: kept, truncated: true };
}

/** A word cut into the fewest pieces that each fit (a lone character always counts as fitting). */
function splitToFit(word: string, fits: (s: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && !fits(piece + ch)) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function withEllipsis(line: string, fits: (s: string) => boolean): string {
  let rest = line;
  const tidy = (s: string) => s.replace(/[\s,.;:–—-]+$/u, '');
  while (rest && !fits(tidy(rest) + ELLIPSIS)) {
    const space = rest.lastIndexOf(' ');
    rest = space > 0 ? rest.slice(0, space) : [...rest].slice(0, -1).join('');
  }
  return tidy(rest) + ELLIPSIS;
}
