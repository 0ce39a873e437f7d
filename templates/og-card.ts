import './fonts.ts';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { cleanText, DEFAULT_FOOTER, ogCardSvg, type CardText } from './og-card-svg.ts';

export { OG_HEIGHT, OG_WIDTH } from './og-card-svg.ts';

/** Bumped whenever the card's look changes, so cached cards (ETag) are replaced. */
export const OG_CARD_VERSION = 'og-1';

export interface OgCardInput {
  title: string;
  /** A short label above the title, e.g. the theme ("Hỏi – đáp"); shown in capitals. */
  kicker?: string;
  /** Shown in the footer; without it the campaign's subject is. */
  unitName?: string;
}

/**
 * The OpenGraph card (1200×630 PNG) for one item: its title in Vietnamese on the campaign
 * brand, drawn with the shipped fonts only. Pure: the same input gives the same bytes, so
 * callers may cache by `ogCardEtag(input)`.
 */
export async function renderOgCard(input: OgCardInput): Promise<Buffer> {
  return sharp(Buffer.from(ogCardSvg(cardText(input))))
    .png()
    .toBuffer();
}

/** A strong ETag for the card `renderOgCard(input)` returns (changes with the text and OG_CARD_VERSION). */
export function ogCardEtag(input: OgCardInput): string {
  const digest = createHash('sha256').update(JSON.stringify([OG_CARD_VERSION, cardText(input)])).digest('base64url');
  return `"${OG_CARD_VERSION}-${digest.slice(0, 27)}"`;
}

function cardText(input: OgCardInput): CardText {
  return {
    title: cleanText(input.title, 700),
    kicker: cleanText(input.kicker ?? '', 600),
    footer: cleanText(input.unitName ?? '', 400) || DEFAULT_FOOTER,
  };
}
