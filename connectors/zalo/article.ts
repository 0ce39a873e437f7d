import { decodeHtmlEntities, nfc } from '../../lib/text.ts';
import { ConnectorError, type RenderedPost } from '../contract.ts';
import { isObject } from '../guards.ts';
import { missingField, str, type ZaloClient } from './client.ts';
import type { ZaloSettings } from './settings.ts';

/**
 * Zalo OA articles ("bài viết", platform-apis.md §3.6): `/v2.0/article/create` answers a
 * token and builds the article asynchronously (Zalo reviews it); `/v2.0/article/verify`
 * turns the token into the article id once it is ready, and answers an error number
 * (-320 "being processed") until then.
 */

/** Zalo refuses titles and descriptions of exactly 150/300 characters (3P field reports), so Loa stays under. */
const MAX_TITLE = 149;
const MAX_DESCRIPTION = 250;
/** getslice returns at most 10 articles a call (3P: limit > 10 → -201). */
const PAGE = 10;

/** The cover by URL, the only way §3.6 documents (`cover.photo_url`); Zalo refuses `photo_id` with -201. */
export interface Cover {
  url: string;
}

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
    cover: { cover_type: 'photo', photo_url: cover.url, status: 'show' },
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

/**
 * Edits the article in place (`/v2.0/article/update`, §3.6: the create body plus its `id`).
 * Safe to repeat: it sets the same fields again.
 */
export async function updateArticle(client: ZaloClient, id: string, payload: Record<string, unknown>): Promise<void> {
  const action = { vi: 'sửa bài viết trên Zalo OA', en: 'editing the Zalo OA article' };
  await client.call({ host: 'openapi', method: 'POST', path: '/v2.0/article/update', json: { id, ...payload }, action });
}

/** The article's id and link once Zalo has built it. */
export async function verifyArticle(client: ZaloClient, token: string): Promise<{ id: string; url: string | null }> {
  const action = { vi: 'lấy mã bài viết đã tạo', en: 'resolving the created article' };
  const data = await client.call({ host: 'openapi', method: 'POST', path: '/v2.0/article/verify', json: { token }, action });
  const id = str(data, 'id');
  if (!id) throw missingField('id', action, false);
  return { id, url: str(data, 'url') ?? str(data, 'link') ?? null };
}

/** `unreadable`: getslice or getdetail answered a shape that cannot show the marker, which proves nothing either way. */
export type ArticleSearch = { kind: 'found'; id: string; url: string | null } | { kind: 'not_found' } | { kind: 'unreadable' };

export interface FoundArticle {
  id: string;
  url: string | null;
}

/**
 * Looks for the article an uncertain create may have made, newest first in getslice pages of
 * 10, back to `since` (the attempt start, minus a skew, read in Zalo's clock). Only articles whose listed title is
 * the title Loa sent (or that list no title) are opened with getdetail and searched for the
 * marker, so a busy OA costs a page or two and one detail read — not twenty. A listing that
 * `limit` articles do not take back to `since` proves nothing and is an error (retried).
 */
export async function findArticle(client: ZaloClient, post: RenderedPost, since: Date, limit: number): Promise<ArticleSearch> {
  const search = await articlesWithMarker(client, post, since, limit, false);
  if (search === UNREADABLE) return { kind: 'unreadable' };
  const [found] = search;
  return found ? { kind: 'found', ...found } : { kind: 'not_found' };
}

/** The last-net scan: every article in the window carrying the marker (the same reads as `findArticle`, not stopping at the first). */
export async function allArticlesWithMarker(client: ZaloClient, post: RenderedPost, since: Date, limit: number): Promise<FoundArticle[]> {
  const search = await articlesWithMarker(client, post, since, limit, true);
  if (search !== UNREADABLE) return search;
  throw new ConnectorError({
    kind: 'permanent',
    code: 'ZALO_ARTICLE_LISTING_UNREADABLE',
    sideEffectPossible: false,
    message: {
      vi: 'Zalo trả danh sách bài viết của OA ở dạng Loa không đọc được, nên không tìm được bản trùng',
      en: "Zalo answered the OA's article listing in a shape Loa cannot read, so copies cannot be looked for",
    },
  });
}

/**
 * Whether getdetail's answer shows the article's content, where the marker rides (§3.6 gives
 * the create body as `body`; the detail's shape is not documented, so `content` counts too).
 */
function showsBody(detail: unknown): boolean {
  return isObject(detail) && (detail.body !== undefined || detail.content !== undefined);
}

/** getslice's answer showed no article list, or the articles titled as sent without their content. */
const UNREADABLE = Symbol('unreadable');

/**
 * The articles of a getslice answer: `data.medias` (the shape met so far) or `data` itself when
 * it is the list; null for anything else — an answer that lists nothing Loa can see must not
 * read as "no article", or a lost create would be made twice.
 */
function listedArticles(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  return isObject(data) && Array.isArray(data.medias) ? data.medias : null;
}

/** A title compared loosely: entities decoded, spaces collapsed, case and a trailing ellipsis ignored. */
function titleKey(s: string): string {
  return nfc(decodeHtmlEntities(s)).replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi').replace(/(…|\.\.\.)$/, '').trimEnd();
}

/**
 * Whether a listed title may be the one Loa sent. §3.6 documents no listing shape, so Zalo
 * may list it escaped, with spaces collapsed or shortened: a title one of whose keys starts
 * with the other is opened (getdetail decides by the marker); only a plainly different
 * title is skipped (an empty one is opened too).
 */
function sameTitle(listed: string, sent: string): boolean {
  const a = titleKey(listed);
  const b = titleKey(sent);
  return a === '' || a.startsWith(b) || b.startsWith(a);
}

async function articlesWithMarker(client: ZaloClient, post: RenderedPost, since: Date, limit: number, all: boolean): Promise<FoundArticle[] | typeof UNREADABLE> {
  const action = { vi: 'đọc danh sách bài viết của OA', en: 'listing the OA articles' };
  const title = cut(post.title, MAX_TITLE);
  const found: FoundArticle[] = [];
  let unseen = 0;
  for (let offset = 0; offset < limit; offset += PAGE) {
    const { data, clockOffsetMs } = await client.callTimed({
      host: 'openapi',
      method: 'GET',
      path: '/v2.0/article/getslice',
      query: { offset: String(offset), limit: String(PAGE), type: 'normal' },
      action,
    });
    const medias = listedArticles(data);
    if (medias === null) return UNREADABLE;
    for (const m of medias) {
      const id = str(m, 'id');
      const listedTitle = str(m, 'title');
      if (!id || (listedTitle !== undefined && !sameTitle(listedTitle, title))) continue;
      const detail = await client.call({ host: 'openapi', method: 'GET', path: '/v2.0/article/getdetail', query: { id }, action: { vi: 'đọc bài viết của OA', en: 'reading an OA article' } });
      if (!JSON.stringify(detail).includes(post.marker)) {
        // An article titled as sent whose detail shows no body could be the one sought.
        if (!showsBody(detail)) unseen++;
        continue;
      }
      found.push({ id, url: str(detail, 'url') ?? str(detail, 'link') ?? null });
      if (!all) return found;
    }
    // `create_date` is Zalo's clock, so the window's edge is too: Loa's `since` moved by the
    // offset of Zalo's `Date` header (an OA whose clock ran hours behind Loa's once ended the
    // search after one page, and a busy OA's article was taken for absent).
    const edge = since.getTime() + (clockOffsetMs ?? 0);
    const oldest = Number(str(medias.at(-1), 'create_date'));
    if (medias.length < PAGE || (Number.isFinite(oldest) && oldest < edge)) return found.length === 0 && unseen > 0 ? UNREADABLE : found;
  }
  throw new ConnectorError({
    kind: 'transient',
    code: 'ZALO_RECONCILE_WINDOW_NOT_COVERED',
    sideEffectPossible: true,
    message: {
      vi: `OA có quá nhiều bài viết kể từ lần thử (đã đọc ${limit}); chưa khẳng định được bài viết đã tạo hay chưa`,
      en: `The OA has too many articles since the attempt (read ${limit}); cannot yet tell whether the article was created`,
    },
  });
}
