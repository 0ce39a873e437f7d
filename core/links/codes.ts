import { randomInt } from 'node:crypto';

/**
 * Short-link codes are read off posters and typed on phones: lower case, no 0/o, 1/l/i
 * that look alike. 7 of 31 characters ≈ 2.75·10¹⁰ codes, so guessing live ones is futile.
 */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const LINK_CODE_LENGTH = 7;

/** What `/l/<code>` accepts; anything else is a 404 without a database query. */
export const LINK_CODE_PATTERN = /^[2-9a-hjkmnp-z]{4,16}$/;

export function newLinkCode(length = LINK_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** The public short address of a link. */
export function shortUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/l/${code}`;
}
