import { sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';

/**
 * Accent-insensitive "contains" for Vietnamese text without a database extension:
 * "phuoc loc", "Phước Lộc" and "PHUOC" all find "Công an xã Phước Lộc". The same fold
 * runs on the search words (here) and on the column (SQL translate), so both sides agree
 * whatever the database's locale.
 */
const [FROM, TO] = (() => {
  let from = 'đĐ';
  let to = 'dd';
  for (let cp = 0xc0; cp <= 0x1ef9; cp++) {
    const ch = String.fromCodePoint(cp);
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (base !== ch && /^[A-Za-z]$/.test(base)) {
      from += ch;
      to += base.toLowerCase();
    }
  }
  return [from, to];
})();

/** The search words folded: no accents, lower case, spaces collapsed. */
export function foldText(s: string): string {
  const folded = [...s.normalize('NFC')].map((ch) => {
    const i = FROM.indexOf(ch);
    return i >= 0 ? TO[i]! : ch;
  });
  return folded.join('').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `column` contains `words`, ignoring accents and case (LIKE wildcards in the words are literal). */
export function foldedContains(column: AnyColumn | SQL, words: string): SQL {
  const pattern = `%${foldText(words).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`lower(translate(${column}, ${FROM}, ${TO})) like ${pattern}`;
}
