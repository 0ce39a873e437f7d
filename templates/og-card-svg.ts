import { fontMetrics } from './font-metrics.ts';
import { FONT_FAMILY, type FontWeight } from './fonts.ts';
import { roadMotif } from './og-motif.ts';
import { wrapText } from './wrap-text.ts';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

/** Calm campaign palette: deep teal for trust, warm gold for the road toward the light. */
export const palette = {
  backgroundTop: '#0F544A',
  backgroundBottom: '#072E2A',
  gold: '#F2B441',
  goldLight: '#F8D98E',
  title: '#FFFFFF',
  muted: '#B9D8CF',
  hillBack: '#12615A',
  hillFront: '#0B4741',
} as const;

/**
 * Where text may go. Everything the title draws stays inside `title` (tests check that pixels
 * outside it are the same whatever the title); the road motif lives right of `title.x + width`.
 */
export const layout = {
  padding: 72,
  brand: { y: 70, size: 22 },
  kicker: { size: 20, height: 40, gap: 26, maxWidth: 560 },
  title: { x: 72, y: 128, width: 640, height: 392 },
  footer: { baseline: 574, size: 24, maxWidth: 560 },
} as const;

/** Title sizes tried in order, each with the most lines it may take; the last one cuts with "…". */
const TITLE_STEPS = [
  { size: 72, maxLines: 2 },
  { size: 62, maxLines: 3 },
] as const;
const TITLE_LAST_STEP = { size: 54, maxLines: 4 } as const;
const TITLE_LINE_HEIGHT = 1.28;

export const BRAND_NAME = 'CON ĐƯỜNG HƯỚNG THIỆN';
export const DEFAULT_FOOTER = 'Tuyên truyền tái hòa nhập cộng đồng';

export interface CardText {
  title: string;
  kicker: string;
  footer: string;
}

/** NFC, one space between words, and only characters the shipped font can draw (no tofu boxes). */
export function cleanText(s: string, weight: FontWeight): string {
  const m = fontMetrics(weight);
  const drawable = [...s.normalize('NFC').replace(/\s+/g, ' ')].filter((ch) => ch === ' ' || m.hasGlyph(ch));
  return drawable.join('').replace(/ {2,}/g, ' ').trim();
}

export function ogCardSvg(t: CardText): string {
  const { title: box, kicker: k } = layout;
  const kicker = t.kicker ? fitOneLine(t.kicker.toLocaleUpperCase('vi'), 600, k.size, k.maxWidth - 2 * k.size) : '';
  const title = fitTitle(t.title);
  const kickerBlock = kicker ? k.height + k.gap : 0;
  const blockHeight = kickerBlock + title.lines.length * title.size * TITLE_LINE_HEIGHT;
  const top = box.y + Math.max(0, (box.height - blockHeight) / 2);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_WIDTH}" height="${OG_HEIGHT}" viewBox="0 0 ${OG_WIDTH} ${OG_HEIGHT}">
<defs>
  <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${palette.backgroundTop}"/><stop offset="1" stop-color="${palette.backgroundBottom}"/>
  </linearGradient>
  <linearGradient id="road" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="${palette.gold}"/><stop offset="1" stop-color="${palette.goldLight}"/>
  </linearGradient>
  <radialGradient id="glow" cx="0.5" cy="0.5" r="0.5">
    <stop offset="0" stop-color="${palette.gold}" stop-opacity="0.35"/><stop offset="1" stop-color="${palette.gold}" stop-opacity="0"/>
  </radialGradient>
</defs>
<rect width="${OG_WIDTH}" height="${OG_HEIGHT}" fill="url(#bg)"/>
${roadMotif({ gold: palette.gold, hillBack: palette.hillBack, hillFront: palette.hillFront, dash: palette.backgroundBottom })}
<rect x="0" y="0" width="${OG_WIDTH}" height="8" fill="${palette.gold}"/>
${brandLockup()}
${kicker ? kickerPill(kicker, top) : ''}
${titleLines(title, top + kickerBlock)}
${footerLine(fitOneLine(t.footer, 400, layout.footer.size, layout.footer.maxWidth))}
</svg>`;
}

function kickerPill(kicker: string, top: number): string {
  const { title: box, kicker: k } = layout;
  const width = fontMetrics(600).width(kicker, k.size) + 2 * k.size;
  return `<rect x="${box.x}" y="${top}" width="${width.toFixed(1)}" height="${k.height}" rx="${k.height / 2}" fill="${palette.gold}"/>
<text x="${box.x + k.size}" y="${top + k.height / 2 + k.size * 0.36}" ${font(600, k.size)} fill="${palette.backgroundBottom}">${xml(kicker)}</text>`;
}

function titleLines({ lines, size }: { lines: string[]; size: number }, top: number): string {
  const firstBaseline = top + size * 1.02;
  return lines
    .map((line, i) => {
      const y = (firstBaseline + i * size * TITLE_LINE_HEIGHT).toFixed(1);
      return `<text x="${layout.title.x}" y="${y}" ${font(700, size)} fill="${palette.title}">${xml(line)}</text>`;
    })
    .join('\n');
}

function footerLine(text: string): string {
  const { footer: f, title: box } = layout;
  return `<rect x="${box.x}" y="${f.baseline - 44}" width="56" height="4" rx="2" fill="${palette.gold}"/>
<text x="${box.x}" y="${f.baseline}" ${font(400, f.size)} fill="${palette.muted}">${xml(text)}</text>`;
}

function font(weight: FontWeight, size: number): string {
  return `font-family="${FONT_FAMILY}" font-weight="${weight}" font-size="${size}"`;
}

/** The title's lines and font size: the largest step it fits in whole, else the last step cut with "…". */
export function fitTitle(title: string): { lines: string[]; size: number } {
  const wrapAt = (step: { size: number; maxLines: number }) =>
    wrapText(title, { metrics: fontMetrics(700), size: step.size, maxWidth: layout.title.width, maxLines: step.maxLines });
  for (const step of TITLE_STEPS) {
    const wrapped = wrapAt(step);
    if (!wrapped.truncated) return { lines: wrapped.lines, size: step.size };
  }
  return { lines: wrapAt(TITLE_LAST_STEP).lines, size: TITLE_LAST_STEP.size };
}

function fitOneLine(text: string, weight: FontWeight, size: number, maxWidth: number): string {
  return wrapText(text, { metrics: fontMetrics(weight), size, maxWidth, maxLines: 1 }).lines[0] ?? '';
}

/** The campaign mark (a road rising to the sun) and name, top left. */
function brandLockup(): string {
  const { padding } = layout;
  const { y, size } = layout.brand;
  return `<g transform="translate(${padding} ${y - 30})">
  <circle cx="20" cy="20" r="20" fill="${palette.gold}"/>
  <path d="M6 40 C14 30 26 28 20 18 L22 18 C30 28 24 32 34 40 Z" fill="${palette.backgroundBottom}"/>
</g>
<text x="${padding + 54}" y="${y - 2}" ${font(600, size)} letter-spacing="2.2" fill="${palette.gold}">${BRAND_NAME}</text>`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
