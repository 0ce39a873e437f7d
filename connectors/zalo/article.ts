import { nfc } from '../../lib/text.ts';
import type { RenderedPost } from '../contract.ts';
import { isObject } from '../guards.ts';
import { missingField, str, type ZaloClient } from './client.ts';
import type { ZaloSettings } from './settings.ts';

/**
 * Zalo OA articles ("bài viết", platform-apis.md §3.6): `/v2.0/article/create` answers a
 * token and builds the article asynchronously (Zalo reviews it); `/v2.0/article/verify`
 * turns the token into the article id once it is ready, and answers an error number
 * ("being processed", number UNVERIFIED) until then.
 */

/** Zalo refuses titles and descriptions of exactly 150/300 characters (3P field reports), so Loa stays under. */
const MAX_TITLE = 149;
const MAX_DESCRIPTION = 250;
/** getslice returns at most 10 articles a call (3P: limit > 10 → -201). */
const PAGE = 10;

export type Cover = { kind: 'attachment'; attachmentId: string } | { kind: 'url'; url: string };

function cut(s: string, max: number): string {
  const chars = [...nfc(s).trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Paragraphs of the body, then the link line carrying the marker (`?ref=loa:<id>`), so a
 * reconcile can find the article by reading it back. A post without a link ends with the marker.
 */
export function articleBody(post: RenderedPost): { type: 'text'; content: string }[] {
  const paragraphs = post.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((content) => ({ type: 'text' as const, content }));
  const lines = [post.link ? `Xem chi tiết: ${post.link}` : '', post.link?.includes(post.marker) ? '' : post.marker];
  return [...paragraphs, { type: 'text', content: lines.filter(Boolean).join('\n') }];
}

export function articlePayload(post: RenderedPost, s: ZaloSettings, cover: Cover): Record<string, unknown> {
  return {
    type: 'normal',
    title: cut(post.title, MAX_TITLE),
    author: cut(s.author ?? post.unit.name, 50),
    // Cover by URL is documented (photo_url); by an uploaded attachment the field name is UNVERIFIED.
    cover: cover.kind === 'url' ? { cover_type: 'photo', photo_url: cover.url, status: 'show' } : { cover_type: 'photo', photo_id: cover.attachmentId, status: 'show' },
    description: cut(post.summary || post.title, MAX_DESCRIPTION),
    body: articleBody(post),
    status: 'show',
    comment: s.comments ? 'show' : 'hide',
  };
}

const CREATE = { vi: 'tạo bài viết trên Zalo OA', en: 'creating the Zalo OA article' };

/** Creates the article; the answer's token is the only handle until verify. */
export async function createArticle(client: ZaloClient, payload: Record<string, unknown>): Promise<string> {
  const data = await client.call({ host: 'openapi', method: 'POST', path: '/v2.0/article/create', json: payload, action: CREATE, creating: true });
  const token = str(data, 'token');
  if (!token) throw missingField('token', CREATE, true);
  return token;
}

/** The article's id and link once Zalo has built it. */
export async function verifyArticle(client: ZaloClient, token: string): Promise<{ id: string; url: string | null }> {
  const action = { vi: 'lấy mã bài viết đã tạo', en: 'resolving the created article' };
  const data = await client.call({ host: 'openapi', method: 'POST', path: '/v2.0/article/verify', json: { token }, action });
  const id = str(data, 'id');
  if (!id) throw missingField('id', action, false);
  return { id, url: str(data, 'url') ?? str(data, 'link') ?? null };
}

/**
 * Looks for the article carrying `marker` among the OA's latest `limit` articles (getslice,
 * then getdetail of each, newest first). Null: the listing was read and none carries it.
 */
export async function findArticleByMarker(client: ZaloClient, marker: string, limit: number): Promise<{ id: string; url: string | null } | null> {
  const action = { vi: 'đọc danh sách bài viết của OA', en: 'listing the OA articles' };
  for (let offset = 0; offset < limit; offset += PAGE) {
    const data = await client.call({
      host: 'openapi',
      method: 'GET',
      path: '/v2.0/article/getslice',
      query: { offset: String(offset), limit: String(Math.min(PAGE, limit - offset)), type: 'normal' },
      action,
    });
    const medias = isObject(data) && Array.isArray(data.medias) ? data.medias : [];
    for (const m of medias) {
      const id = str(m, 'id');
      if (!id) continue;
      const detail = await client.call({ host: 'openapi', method: 'GET', path: '/v2.0/article/getdetail', query: { id }, action: { vi: 'đọc bài viết của OA', en: 'reading an OA article' } });
      if (JSON.stringify(detail).includes(marker)) return { id, url: str(detail, 'url') ?? str(detail, 'link') ?? null };
    }
    if (medias.length < PAGE) break;
  }
  return null;
}
