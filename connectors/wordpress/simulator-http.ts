import type { IncomingMessage } from 'node:http';
import type { SimUser } from './simulator-state.ts';

/** One request as the simulator's routes see it. */
export interface SimCall {
  method: string;
  route: string;
  query: URLSearchParams;
  req: IncomingMessage;
  /** The authenticated account; null = anonymous (no, wrong or revoked password). */
  user: SimUser | null;
  /** Where links point (`/slug/` with pretty permalinks, `/?p=id` without). */
  siteUrl: string;
  pretty: boolean;
  /** Prefix of REST URLs in Location headers. */
  restUrl(route: string): string;
}

export interface SimAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function wpError(status: number, code: string, message: string, data: Record<string, unknown> = {}): SimAnswer {
  return { status, body: { code, message, data: { status, ...data } } };
}

export const invalidParam = (param: string, why: string) =>
  wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${param}`, { params: { [param]: why } });

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * A capability refusal as WordPress words it: 401 to an anonymous visitor, 403 to a user
 * without the capability (rest_authorization_required_code()).
 */
export function forbidden(c: Pick<SimCall, 'user'>, code: string, message: string): SimAnswer {
  return wpError(c.user ? 403 : 401, code, message);
}

export function list(raw: string | null): string[] {
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export function paged<T>(items: T[], q: URLSearchParams): SimAnswer | { page: T[]; headers: Record<string, string> } {
  const perPage = Number(q.get('per_page') ?? 10);
  const page = Number(q.get('page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    const message = 'per_page must be between 1 (inclusive) and 100 (inclusive)';
    return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): per_page', {
      params: { per_page: message },
      details: { per_page: { code: 'rest_out_of_bounds', message, data: null } },
    });
  }
  if (!Number.isInteger(page) || page < 1) return invalidParam('page', 'page must be greater than or equal to 1');
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: { 'X-WP-Total': String(items.length), 'X-WP-TotalPages': String(Math.ceil(items.length / perPage)) },
  };
}


/** `_fields=a,b`: WordPress trims successful answers to those top-level keys (rest_filter_response_fields). */
export function withFields(a: SimAnswer, q: URLSearchParams): SimAnswer {
  const fields = list(q.get('_fields'));
  if (fields.length === 0 || a.status >= 300) return a;
  const pick = (o: unknown) =>
    o && typeof o === 'object' && !Array.isArray(o) ? Object.fromEntries(Object.entries(o).filter(([k]) => fields.includes(k))) : o;
  return { ...a, body: Array.isArray(a.body) ? a.body.map(pick) : pick(a.body) };
}
