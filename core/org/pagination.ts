import { AppError } from '../../lib/errors.ts';

/**
 * The list convention of the API (README "API conventions"): `?limit=&cursor=` answers
 * `{ items, nextCursor }`; `nextCursor` is null on the last page. A cursor is opaque to
 * clients: the sort key of the last item returned, as base64url JSON.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor with the same key shape; 400 otherwise. */
export function decodeCursor<K extends readonly ('string' | 'number')[]>(
  cursor: string,
  shape: K,
): { [I in keyof K]: K[I] extends 'number' ? number : string } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) {
    throw new AppError('CURSOR_INVALID', 400, {
      vi: 'Con trỏ phân trang không hợp lệ; hãy tải lại từ trang đầu',
      en: 'Invalid pagination cursor; start again from the first page',
    }, 'querystring:/cursor');
  }
  return key as never;
}

/** Turns `limit + 1` fetched rows into a page, the extra row only telling that more exist. */
export function toPage<R, T>(rows: R[], limit: number, view: (row: R) => T, key: (row: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(view), nextCursor: more ? encodeCursor(key(items[items.length - 1]!)) : null };
}
