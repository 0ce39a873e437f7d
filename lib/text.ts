/** Text is stored NFC-normalised so lengths and comparisons agree with what users see. */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/** The five entities platforms escape text with (WordPress term names, Zalo listings): `A &amp; B` → `A & B`. */
export function decodeHtmlEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Length in user-perceived characters after NFC (what platform limits count). */
export function nfcLength(s: string): number {
  return [...nfc(s)].length;
}

/**
 * Lower case without diacritics: "Tái hòa nhập Đồng" → "tai hoa nhap dong". Used for slugs and
 * for accent-insensitive search (people type Vietnamese without accents on many phones).
 * đ/Đ are letters of their own in Unicode (no combining mark to strip), so they are mapped first.
 */
export function foldVietnamese(s: string): string {
  return s
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * URL slug with Vietnamese folded to ASCII: "Con đường hướng thiện" → "con-duong-huong-thien".
 */
export function slugify(s: string, maxLength = 80): string {
  const folded = foldVietnamese(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return folded.slice(0, maxLength).replace(/-+$/, '') || 'bai-viet';
}

/** Applies nfc to every string in a JSON-like value (bodies, overrides, links). */
export function nfcDeep<T>(value: T): T {
  if (typeof value === 'string') return nfc(value) as T;
  if (Array.isArray(value)) return value.map((v) => nfcDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)])) as T;
  }
  return value;
}

/** Vietnamese alphabetical order, from one collator: `a.localeCompare(b, 'vi')` sets one up per call (~1 ms to sort 30 names). */
export const compareVietnamese = new Intl.Collator('vi').compare;
