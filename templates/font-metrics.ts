import { readFileSync } from 'node:fs';
import { fontFiles, type FontWeight } from './fonts.ts';

/**
 * Advance widths read from the shipped TrueType files (tables head, hhea, hmtx and a
 * format-4 cmap, which is all Be Vietnam Pro carries), so titles wrap by the real glyph
 * widths. Kerning is ignored: it only narrows text, so measured lines never overflow.
 */
export interface FontMetrics {
  /** Width of `text` at `size` px, in px; characters without a glyph count 0 (see `hasGlyph`). */
  width(text: string, size: number): number;
  hasGlyph(char: string): boolean;
}

const cache = new Map<FontWeight, FontMetrics>();

export function fontMetrics(weight: FontWeight): FontMetrics {
  let m = cache.get(weight);
  if (!m) {
    m = parseFont(readFileSync(fontFiles[weight]));
    cache.set(weight, m);
  }
  return m;
}

function parseFont(buf: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const at = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = buf.readUInt16BE(at('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(at('hhea') + 34);
  const hmtx = at('hmtx');
  const advance = (glyph: number) => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));
  const glyphOf = format4Lookup(buf, at('cmap'));
  const widths = new Map<number, number>();
  const unitWidth = (cp: number) => {
    let w = widths.get(cp);
    if (w === undefined) {
      const g = glyphOf(cp);
      w = g === 0 ? 0 : advance(g);
      widths.set(cp, w);
    }
    return w;
  };
  return {
    width(text, size) {
      let units = 0;
      for (const ch of text) units += unitWidth(ch.codePointAt(0) ?? 0);
      return (units * size) / unitsPerEm;
    },
    hasGlyph: (ch) => glyphOf(ch.codePointAt(0) ?? 0) !== 0,
  };
}

/** Character → glyph id through the Unicode BMP cmap subtable (platform 3/1 or 0/3); 0 = no glyph. */
function format4Lookup(buf: Buffer, cmap: number): (cp: number) => number {
  const count = buf.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap + buf.readUInt32BE(rec + 4);
    if (((platform === 3 && encoding === 1) || (platform === 0 && encoding === 3)) && buf.readUInt16BE(offset) === 4) {
      sub = offset;
      break;
    }
  }
  if (sub < 0) throw new Error('font has no format-4 Unicode cmap');
  const segCount = buf.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segCount; i++) {
      if (cp > buf.readUInt16BE(ends + 2 * i)) continue;
      const start = buf.readUInt16BE(starts + 2 * i);
      if (cp < start) return 0;
      const delta = buf.readUInt16BE(deltas + 2 * i);
      const rangeAt = rangeOffsets + 2 * i;
      const rangeOffset = buf.readUInt16BE(rangeAt);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = buf.readUInt16BE(rangeAt + rangeOffset + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
