import type { Readable } from 'node:stream';
import type { Logger } from '../../lib/logger.ts';
import { ConnectorError } from '../contract.ts';
import { excerptOf, missingFieldError, readAnswerText } from '../read-answer.ts';
import type { HttpClient } from '../http.ts';
import { classifyWordpressError } from './classify-error.ts';
import type { WordpressCredentials, WordpressSettings } from './settings.ts';

export interface WpPost {
  id: number;
  link: string;
  slug: string;
  status: string;
  /** UTC without zone, e.g. `2031-03-04T05:06:07` (when a `future` post goes live). */
  date_gmt: string;
  featured_media?: number;
}

const POST_FIELDS = 'id,link,slug,status,date_gmt,featured_media';

export interface WpMedia {
  id: number;
  source_url: string;
}

export interface WpTerm {
  id: number;
  name: string;
}

/** Statuses a post we created may be in; trash is left out on purpose (a trashed post was taken down). */
const LIVE_STATUSES = 'publish,future,draft,pending,private';

export interface WordpressClientOptions {
  http: HttpClient;
  settings: Pick<WordpressSettings, 'baseUrl' | 'apiStyle'>;
  credentials: WordpressCredentials;
  signal: AbortSignal;
  log: Logger;
  now(): Date;
  /** Timeout for media uploads, which outlast the default per-request timeout. */
  uploadTimeoutMs?: number;
  /** Timeout of every other request. (Default: the HTTP client's) */
  requestTimeoutMs?: number;
}

interface Call<T> {
  method: string;
  route: string;
  query?: Record<string, string>;
  json?: unknown;
  body?: Readable;
  headers?: Record<string, string>;
  timeoutMs?: number;
  action: { vi: string; en: string };
  /** The call creates the post: any doubt about its outcome must surface as sideEffectPossible. */
  creating?: boolean;
  /** Turns an expected WordPress error envelope into a result instead of an error. */
  recover?: (status: number, envelope: { code: string; data?: Record<string, unknown> }) => T | undefined;
}

interface Answer<T> {
  data: T;
  headers: Headers;
}

type Envelope = { code: string; data?: Record<string, unknown> };

function envelopeOf(text: string): Envelope | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'string') {
      return parsed as { code: string; data?: Record<string, unknown> };
    }
  } catch {
    // Not JSON: a proxy, WAF or theme page.
  }
  return null;
}

/** `data.details` of a rest_invalid_param answer: why each parameter was refused. */
function detailsOf(envelope: Envelope | null): { code: string; status: number | null }[] {
  const details = envelope?.data?.details;
  if (!details || typeof details !== 'object') return [];
  return Object.values(details as Record<string, unknown>).flatMap((d) => {
    const detail = d as { code?: unknown; data?: { status?: unknown } | null } | null;
    if (typeof detail?.code !== 'string') return [];
    return [{ code: detail.code, status: typeof detail.data?.status === 'number' ? detail.data.status : null }];
  });
}

function excerptWithLocation(text: string, location: string | null): string {
  const body = excerptOf(text);
  return location ? `Location: ${location} ${body}` : body;
}

type Action = { vi: string; en: string };

/**
 * A post as the REST API shows it (§4.2: `id`, `link`, `status`, `date_gmt` …), read field by
 * field: a 2xx whose body is not one (a caching plugin's or proxy's `{}`, an id-less object)
 * must not be recorded as published under the id "undefined". After the create it is a
 * success we cannot record while the post may exist (`creating`): reconcile looks for it.
 */
function postOf(data: unknown, action: Action, creating: boolean): WpPost {
  const p = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const id = typeof p.id === 'number' ? p.id : typeof p.id === 'string' && /^\d{1,15}$/.test(p.id) ? Number(p.id) : NaN;
  const field = !(Number.isSafeInteger(id) && id > 0) ? 'id' : typeof p.status !== 'string' ? 'status' : p.status === 'future' && typeof p.date_gmt !== 'string' ? 'date_gmt' : null;
  if (field) throw missingFieldError('WordPress', 'WP_ANSWER_UNEXPECTED', field, action, creating);
  return {
    ...(p as unknown as WpPost),
    id,
    status: p.status as string,
    link: typeof p.link === 'string' ? p.link : '',
    slug: typeof p.slug === 'string' ? p.slug : '',
    date_gmt: typeof p.date_gmt === 'string' ? p.date_gmt : '',
  };
}

/** A collection answer (§4.5): a list of posts, each read as `postOf`; anything else is not a listing. */
function postsOf(data: unknown, action: Action): WpPost[] {
  if (!Array.isArray(data)) throw missingFieldError('WordPress', 'WP_ANSWER_UNEXPECTED', '[]', action, false);
  return data.map((p) => postOf(p, action, false));
}

/** Marks "this account may not create terms of this taxonomy" inside createTerm. */
const TERM_NOT_ALLOWED = Object.freeze({ termNotAllowed: true });

function termNotAllowed(taxonomy: 'tags' | 'categories', name: string): ConnectorError {
  const kind = taxonomy === 'categories' ? { vi: 'Chuyên mục', en: 'category' } : { vi: 'Thẻ', en: 'tag' };
  return new ConnectorError({
    kind: 'permanent',
    code: 'WP_TERM_NOT_ALLOWED',
    platformCode: 'rest_cannot_create',
    sideEffectPossible: false,
    message: {
      vi: `${kind.vi} "${name}" chưa có trên website WordPress và tài khoản của kênh không được tạo (vai trò Tác giả không tạo được chuyên mục). Hãy nhờ quản trị website tạo ${kind.vi.toLocaleLowerCase('vi')} này, hoặc bỏ nó khỏi bài, rồi đăng lại`,
      en: `The ${kind.en} "${name}" does not exist on the WordPress site and the channel account may not create it (an Author cannot create categories). Ask the site admin to create it, or drop it from the post, then retry`,
    },
  });
}

/** A thin typed client over the WordPress REST API (wp/v2) with Application Password auth. */
export function createWordpressClient(o: WordpressClientOptions) {
  // WordPress strips the spaces it shows in Application Passwords; so do we.
  const secret = `${o.credentials.username}:${o.credentials.applicationPassword.replace(/\s+/g, '')}`;
  const authorization = `Basic ${Buffer.from(secret, 'utf8').toString('base64')}`;

  function urlOf(route: string, query: Record<string, string> = {}): string {
    if (o.settings.apiStyle === 'rest_route') {
      return `${o.settings.baseUrl}/?${new URLSearchParams({ rest_route: route, ...query })}`;
    }
    const qs = new URLSearchParams(query).toString();
    return `${o.settings.baseUrl}/wp-json${route}${qs ? `?${qs}` : ''}`;
  }

  async function call<T>(c: Call<T>): Promise<Answer<T>> {
    if (o.signal.aborted) {
      throw new ConnectorError({
        kind: 'transient',
        code: 'NET_ABORTED',
        sideEffectPossible: false,
        message: { vi: 'Đã dừng trước khi gửi tới WordPress (máy chủ Loa đang tắt)', en: 'Stopped before calling WordPress (Loa is shutting down)' },
      });
    }
    const headers: Record<string, string> = { authorization, accept: 'application/json', ...c.headers };
    if (c.json !== undefined) headers['content-type'] = 'application/json';
    const res = await o.http.request({
      method: c.method,
      url: urlOf(c.route, c.query),
      headers,
      body: c.body ?? (c.json !== undefined ? JSON.stringify(c.json) : null),
      timeoutMs: c.timeoutMs ?? o.requestTimeoutMs,
    });
    const text = await readAnswerText(res, 'WordPress', c.action, c.creating === true);
    if (!res.ok) {
      const envelope = envelopeOf(text);
      const recovered = envelope ? c.recover?.(res.status, envelope) : undefined;
      if (recovered !== undefined) return { data: recovered, headers: res.headers };
      const { error, classified } = classifyWordpressError({
        status: res.status,
        wpCode: envelope?.code ?? null,
        details: detailsOf(envelope),
        retryAfter: res.headers.get('retry-after'),
        excerpt: excerptWithLocation(text, res.headers.get('location')),
        action: c.action,
        creating: c.creating === true,
        now: o.now(),
      });
      if (!classified) o.log.warn({ status: res.status, wpCode: envelope?.code, code: error.code }, 'unclassified WordPress error');
      throw error;
    }
    try {
      return { data: JSON.parse(text) as T, headers: res.headers };
    } catch (cause) {
      throw new ConnectorError({
        kind: c.creating ? 'transient' : 'permanent',
        code: 'WP_NOT_JSON',
        sideEffectPossible: c.creating === true,
        message: {
          vi: `Địa chỉ trả lời không phải JSON của WordPress khi ${c.action.vi}; kiểm tra baseUrl và kiểu đường dẫn REST của kênh`,
          en: `The address did not answer with WordPress JSON while ${c.action.en}; check the channel baseUrl and REST style`,
        },
        excerpt: excerptOf(text),
        cause,
      });
    }
  }

  return {
    /** The user the Application Password signs in as (read-only; `edit` context shows the roles). */
    async currentUser(): Promise<{ name: string; roles: string[] }> {
      const { data } = await call<{ name?: string; username?: string; roles?: string[] }>({
        method: 'GET',
        route: '/wp/v2/users/me',
        query: { context: 'edit', _fields: 'id,name,username,roles' },
        action: { vi: 'kiểm tra tài khoản', en: 'checking the account' },
      });
      return { name: data.name ?? data.username ?? '', roles: Array.isArray(data.roles) ? data.roles : [] };
    },

    /** Live posts (not trashed) with any of these slugs. */
    async findPostsBySlug(slugs: string[]): Promise<WpPost[]> {
      const action = { vi: 'tìm bài viết theo slug', en: 'looking the post up by slug' };
      const { data } = await call<unknown>({
        method: 'GET',
        route: '/wp/v2/posts',
        query: { slug: slugs.join(','), status: LIVE_STATUSES, context: 'edit', _fields: POST_FIELDS },
        action,
      });
      return postsOf(data, action).filter((p) => slugs.includes(p.slug));
    },

    /**
     * Live posts whose raw content holds `marker` (WordPress searches title, excerpt and content,
     * not the slug; the raw content is checked here so a word match elsewhere does not count).
     */
    async findPostsByMarker(marker: string): Promise<WpPost[]> {
      const action = { vi: 'tìm bài viết theo dấu của Loa', en: 'looking the post up by its Loa marker' };
      const { data } = await call<unknown>({
        method: 'GET',
        route: '/wp/v2/posts',
        query: { search: marker, status: LIVE_STATUSES, context: 'edit', per_page: '100', _fields: `${POST_FIELDS},content` },
        action,
      });
      return (postsOf(data, action) as (WpPost & { content?: { raw?: string } })[])
        .filter((p) => p.content?.raw?.includes(marker))
        .map(({ content: _content, ...post }) => post);
    },

    async getPost(id: string): Promise<WpPost> {
      const action = { vi: 'đọc bài viết', en: 'reading the post' };
      const { data } = await call<unknown>({
        method: 'GET',
        route: `/wp/v2/posts/${encodeURIComponent(id)}`,
        query: { context: 'edit', _fields: POST_FIELDS },
        action,
      });
      return postOf(data, action, false);
    },

    async createPost(fields: Record<string, unknown>): Promise<WpPost> {
      const action = { vi: 'tạo bài viết', en: 'creating the post' };
      const { data } = await call<unknown>({
        method: 'POST',
        route: '/wp/v2/posts',
        json: fields,
        creating: true,
        action,
      });
      return postOf(data, action, true);
    },

    /** Edits a post in place (same id, same URL); repeating it is harmless. */
    async updatePost(id: string, fields: Record<string, unknown>): Promise<WpPost> {
      const action = { vi: 'cập nhật bài viết', en: 'updating the post' };
      const { data } = await call<unknown>({
        method: 'POST',
        route: `/wp/v2/posts/${encodeURIComponent(id)}`,
        query: { _fields: POST_FIELDS },
        json: fields,
        action,
      });
      return postOf(data, action, false);
    },

    /** Moves the post to the trash; a post already trashed or deleted counts as done. */
    async trashPost(id: string): Promise<void> {
      await call<null>({
        method: 'DELETE',
        route: `/wp/v2/posts/${encodeURIComponent(id)}`,
        action: { vi: 'gỡ bài viết', en: 'taking the post down' },
        recover: (_status, e) => (e.code === 'rest_already_trashed' || e.code === 'rest_post_invalid_id' ? null : undefined),
      });
    },

    async uploadMedia(body: Readable, meta: { fileName: string; mimeType: string; sizeBytes: number; altText?: string | null }): Promise<WpMedia> {
      const headers: Record<string, string> = {
        'content-type': meta.mimeType,
        'content-disposition': `attachment; filename="${meta.fileName}"`,
      };
      // A declared length lets PHP behind FastCGI read the body; chunked bodies trip some setups.
      if (meta.sizeBytes > 0) headers['content-length'] = String(meta.sizeBytes);
      const action = { vi: 'tải ảnh đại diện lên', en: 'uploading the featured image' };
      const { data } = await call<WpMedia>({
        method: 'POST',
        route: '/wp/v2/media',
        query: meta.altText ? { alt_text: meta.altText } : {},
        headers,
        body,
        timeoutMs: o.uploadTimeoutMs,
        action,
      });
      // Without the attachment id (§4.3) the post would go out without its image, silently; an orphan upload is harmless.
      if (!data || typeof data !== 'object' || !Number.isSafeInteger(data.id) || data.id <= 0) throw missingFieldError('WordPress', 'WP_ANSWER_UNEXPECTED', 'id', action, false);
      return data;
    },

    /** Approved comments on a post, from the collection's X-WP-Total header. */
    async countComments(postId: string): Promise<number> {
      const { headers } = await call<unknown>({
        method: 'GET',
        route: '/wp/v2/comments',
        query: { post: postId, per_page: '1', _fields: 'id' },
        action: { vi: 'đọc số bình luận', en: 'reading the comment count' },
      });
      const total = Number(headers.get('x-wp-total'));
      if (headers.get('x-wp-total') === null || !Number.isInteger(total)) {
        throw new ConnectorError({
          kind: 'permanent',
          code: 'WP_TOTAL_MISSING',
          sideEffectPossible: false,
          message: {
            vi: 'WordPress không trả header X-WP-Total (có thể do plugin bộ nhớ đệm); không đọc được số bình luận',
            en: 'WordPress sent no X-WP-Total header (a caching plugin may strip it); comment count unavailable',
          },
        });
      }
      return total;
    },

    async searchTerms(taxonomy: 'tags' | 'categories', name: string): Promise<WpTerm[]> {
      const action = { vi: 'tìm chuyên mục/thẻ', en: 'looking up categories/tags' };
      const { data } = await call<unknown>({
        method: 'GET',
        route: `/wp/v2/${taxonomy}`,
        query: { search: name, per_page: '100', _fields: 'id,name' },
        action,
      });
      if (!Array.isArray(data)) throw missingFieldError('WordPress', 'WP_ANSWER_UNEXPECTED', '[]', action, false);
      return data.filter((t): t is WpTerm => typeof t?.id === 'number' && typeof t?.name === 'string');
    },

    /**
     * Creates a term; a term created meanwhile (400 term_exists) answers with its id. A 403
     * `rest_cannot_create` comes to a signed-in account whose role may not create terms of this
     * taxonomy (an Author and categories; an anonymous request gets 401, §4.1): the credentials
     * work and the account publishes, so the post fails for that term, the channel stays connected.
     */
    async createTerm(taxonomy: 'tags' | 'categories', name: string): Promise<number> {
      const { data } = await call<{ id: number } | typeof TERM_NOT_ALLOWED>({
        method: 'POST',
        route: `/wp/v2/${taxonomy}`,
        json: { name },
        action: { vi: 'tạo chuyên mục/thẻ', en: 'creating a category/tag' },
        recover: (status, e) => {
          if (e.code === 'term_exists' && typeof e.data?.term_id === 'number') return { id: e.data.term_id };
          return status === 403 && e.code === 'rest_cannot_create' ? TERM_NOT_ALLOWED : undefined;
        },
      });
      if (data === TERM_NOT_ALLOWED) throw termNotAllowed(taxonomy, name);
      // A 2xx without the term's id (§4.2) is not "may not create": it is an answer Loa cannot use.
      const id = (data as { id?: unknown } | null)?.id;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw missingFieldError('WordPress', 'WP_ANSWER_UNEXPECTED', 'id', { vi: 'tạo chuyên mục/thẻ', en: 'creating a category/tag' }, false);
      return id;
    },
  };
}

export type WordpressClient = ReturnType<typeof createWordpressClient>;
