import { AppError } from '../../lib/errors.ts';
import { isStorableDateTime } from '../../lib/instant.ts';

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

/**
 * What one part of a cursor key must be: any string, a finite number, a safe integer, a UUID, or an ISO
 * instant. A part is checked here so a forged cursor is a 400, never a database error.
 */
export type CursorPart = 'string' | 'number' | 'integer' | 'uuid' | 'time';
type PartValue<P> = P extends 'number' | 'integer' ? number : string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const partOk: Record<CursorPart, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && !v.includes('\u0000'),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isSafeInteger(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  // Media keys are UTC text without an offset.
  time: (v) => typeof v === 'string' && (isStorableDateTime(v) || isStorableDateTime(`${v}Z`)),
};

export const cursorInvalid = () =>
  new AppError('CURSOR_INVALID', 400, {
    vi: 'Con trỏ phân trang không hợp lệ; hãy tải lại từ trang đầu',
    en: 'Invalid pagination cursor; start again from the first page',
  }, 'querystring:/cursor');

/** Decodes a cursor made by encodeCursor with the same key shape; 400 CURSOR_INVALID otherwise. */
export function decodeCursor<K extends readonly CursorPart[]>(cursor: string, shape: K): { [I in keyof K]: PartValue<K[I]> } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => !partOk[shape[i]!](v))) throw cursorInvalid();
  return key as never;
}

/** Turns `limit + 1` fetched rows into a page, the extra row only telling that more exist. */
export function toPage<R, T>(rows: R[], limit: number, view: (row: R) => T, key: (row: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(view), nextCursor: more ? encodeCursor(key(items[items.length - 1]!)) : null };
}
