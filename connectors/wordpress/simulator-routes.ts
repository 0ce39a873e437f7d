import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { slugify } from '../../lib/text.ts';
import type { SimPost, SimTerm, WordpressSimState } from './simulator-state.ts';

export interface SimCall {
  method: string;
  route: string;
  query: URLSearchParams;
  req: IncomingMessage;
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

const STATUSES = ['publish', 'future', 'draft', 'pending', 'private'] as const;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export function wpError(status: number, code: string, message: string, data: Record<string, unknown> = {}): SimAnswer {
  return { status, body: { code, message, data: { status, ...data } } };
}

const invalidParam = (param: string, why: string) =>
  wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${param}`, { params: { [param]: why } });

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Like WP_REST_Attachments_Controller::get_filename_from_disposition: only `filename=`, never `filename*=`. */
function filenameFromDisposition(header: string): string | null {
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key?.toLowerCase() !== 'filename' || rest.length === 0) continue;
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    return value === '' ? null : value;
  }
  return null;
}

function list(raw: string | null): string[] {
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function paged<T>(items: T[], q: URLSearchParams): SimAnswer | { page: T[]; headers: Record<string, string> } {
  const perPage = Number(q.get('per_page') ?? 10);
  const page = Number(q.get('page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return invalidParam('per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
  if (!Number.isInteger(page) || page < 1) return invalidParam('page', 'page must be greater than or equal to 1');
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: { 'X-WP-Total': String(items.length), 'X-WP-TotalPages': String(Math.ceil(items.length / perPage)) },
  };
}

/** The WordPress REST routes the connector uses, with the documented shapes and errors. */
export function createSimRoutes(state: WordpressSimState) {
  let nextId = 100; // posts and attachments share one id sequence, as in wp_posts
  let nextTermId = 2;

  const postJson = (p: SimPost, c: SimCall) => ({
    id: p.id,
    date_gmt: p.dateGmt,
    guid: { rendered: `${c.siteUrl}/?p=${p.id}` },
    slug: p.slug,
    status: p.status,
    type: 'post',
    link: p.status === 'publish' && c.pretty ? `${c.siteUrl}/${p.slug}/` : `${c.siteUrl}/?p=${p.id}`,
    title: { raw: p.title, rendered: p.title },
    content: { raw: p.content, rendered: p.content, protected: false },
    excerpt: { raw: p.excerpt, rendered: `<p>${p.excerpt}</p>\n`, protected: false },
    author: 1,
    featured_media: p.featuredMedia,
    comment_status: 'open',
    categories: p.categories,
    tags: p.tags,
  });

  function listPosts(c: SimCall): SimAnswer {
    const statuses = list(c.query.get('status') ?? 'publish');
    const bad = statuses.find((s) => s !== 'any' && s !== 'trash' && !(STATUSES as readonly string[]).includes(s));
    if (bad) return invalidParam('status', `status[0] is not one of publish, future, draft, pending, private, trash and any.`);
    const slugs = list(c.query.get('slug'));
    const found = state.posts.filter(
      (p) => (statuses.includes('any') ? p.status !== 'trash' : statuses.includes(p.status)) && (slugs.length === 0 || slugs.includes(p.slug)),
    );
    const page = paged(found.sort((a, b) => b.id - a.id), c.query);
    if ('status' in page) return page;
    return { status: 200, body: page.page.map((p) => postJson(p, c)), headers: page.headers };
  }

  async function createPost(c: SimCall): Promise<SimAnswer> {
    const b = await readJson(c.req);
    if (!b) return wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
    let status = (b.status as string | undefined) ?? 'draft';
    if (!(STATUSES as readonly string[]).includes(status)) return invalidParam('status', 'status is not one of publish, future, draft, pending, private.');
    const date = b.date_gmt === undefined ? new Date() : new Date(`${String(b.date_gmt).replace(/Z$/, '')}Z`);
    if (Number.isNaN(date.getTime())) return invalidParam('date_gmt', 'Invalid date.');
    // wp_insert_post: a publish dated ahead becomes future; a future dated in the past is published.
    if (status === 'publish' && date.getTime() > Date.now()) status = 'future';
    else if (status === 'future' && date.getTime() <= Date.now()) status = 'publish';
    const featured = Number(b.featured_media ?? 0);
    if (featured !== 0 && !state.media.some((m) => m.id === featured)) return wpError(400, 'rest_invalid_featured_media', 'Invalid featured media ID.');
    const categories = (b.categories as number[] | undefined) ?? [1];
    const tags = (b.tags as number[] | undefined) ?? [];
    if (!categories.every((id) => state.categories.some((t) => t.id === id))) return invalidParam('categories', 'Invalid term ID.');
    if (!tags.every((id) => state.tags.some((t) => t.id === id))) return invalidParam('tags', 'Invalid term ID.');
    const base = slugify(String(b.slug ?? b.title ?? ''), 200);
    let slug = base;
    for (let n = 2; state.posts.some((p) => p.slug === slug); n++) slug = `${base}-${n}`;
    const post: SimPost = {
      id: nextId++,
      slug,
      status: status as SimPost['status'],
      title: String(b.title ?? ''),
      content: String(b.content ?? ''),
      excerpt: String(b.excerpt ?? ''),
      dateGmt: date.toISOString().slice(0, 19),
      featuredMedia: featured,
      categories,
      tags,
    };
    state.posts.push(post);
    return { status: 201, body: postJson(post, c), headers: { Location: c.restUrl(`/wp/v2/posts/${post.id}`) } };
  }

  function trashPost(c: SimCall, id: number): SimAnswer {
    const post = state.posts.find((p) => p.id === id);
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (c.query.get('force') === 'true') {
      state.posts.splice(state.posts.indexOf(post), 1);
      return { status: 200, body: { deleted: true, previous: postJson(post, c) } };
    }
    if (post.status === 'trash') return wpError(410, 'rest_already_trashed', 'The post has already been deleted.');
    post.status = 'trash';
    post.slug = `${post.slug}__trashed`;
    return { status: 200, body: postJson(post, c) };
  }

  async function uploadMedia(c: SimCall): Promise<SimAnswer> {
    const type = c.req.headers['content-type'];
    const disposition = c.req.headers['content-disposition'];
    const fileName = disposition ? filenameFromDisposition(disposition) : null;
    if (!type || !fileName) {
      c.req.resume();
      if (!type) return wpError(400, 'rest_upload_no_content_type', 'No Content-Type supplied.');
      if (!disposition) return wpError(400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied.');
      return wpError(400, 'rest_upload_invalid_disposition', 'Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `attachment; filename="image.png"` or similar.');
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of c.req) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    if (bytes === 0) return wpError(400, 'rest_upload_no_data', 'No data supplied.');
    if (!IMAGE_TYPES.has(type)) return wpError(500, 'rest_upload_sideload_error', 'Sorry, you are not allowed to upload this file type.');
    const declared = c.req.headers['content-length'];
    const media = {
      id: nextId++,
      fileName,
      mimeType: type,
      bytes,
      sha256: hash.digest('hex'),
      altText: c.query.get('alt_text') ?? '',
      declaredLength: declared === undefined ? null : Number(declared),
    };
    state.media.push(media);
    const body = {
      id: media.id,
      slug: slugify(fileName.replace(/\.[^.]+$/, '')),
      status: 'inherit',
      type: 'attachment',
      alt_text: media.altText,
      media_type: 'image',
      mime_type: type,
      source_url: `${c.siteUrl}/wp-content/uploads/${fileName}`,
      media_details: { filesize: bytes },
    };
    return { status: 201, body, headers: { Location: c.restUrl(`/wp/v2/media/${media.id}`) } };
  }

  function listComments(c: SimCall): SimAnswer {
    const posts = list(c.query.get('post')).map(Number);
    const found = state.comments.filter((m) => m.status === 'approved' && (posts.length === 0 || posts.includes(m.post)));
    const page = paged(found, c.query);
    if ('status' in page) return page;
    return { status: 200, body: page.page.map((m) => ({ id: m.id, post: m.post, status: m.status })), headers: page.headers };
  }

  async function terms(c: SimCall, taxonomy: SimTerm[]): Promise<SimAnswer> {
    if (c.method === 'GET') {
      const search = (c.query.get('search') ?? '').toLocaleLowerCase('vi');
      const page = paged(taxonomy.filter((t) => t.name.toLocaleLowerCase('vi').includes(search)), c.query);
      if ('status' in page) return page;
      return { status: 200, body: page.page.map((t) => ({ ...t, name: t.name.replace(/&/g, '&amp;') })), headers: page.headers };
    }
    const b = await readJson(c.req);
    const name = typeof b?.name === 'string' ? b.name.trim() : '';
    if (name === '') return wpError(400, 'rest_missing_callback_param', 'Missing parameter(s): name', { params: ['name'] });
    const existing = taxonomy.find((t) => t.name.toLocaleLowerCase('vi') === name.toLocaleLowerCase('vi'));
    if (existing) return wpError(400, 'term_exists', 'A term with the name provided already exists.', { term_id: existing.id });
    const term = { id: nextTermId++, name, slug: slugify(name) };
    taxonomy.push(term);
    return { status: 201, body: term };
  }

  return async function handle(c: SimCall): Promise<SimAnswer> {
    const { method, route } = c;
    const postId = /^\/wp\/v2\/posts\/(\d+)$/.exec(route)?.[1];
    if (route === '/' && method === 'GET') {
      return {
        status: 200,
        body: {
          name: 'Trang thông tin (mô phỏng)',
          url: c.siteUrl,
          namespaces: ['wp/v2'],
          authentication: { 'application-passwords': { endpoints: { authorization: `${c.siteUrl}/wp-admin/authorize-application.php` } } },
        },
      };
    }
    if (route === '/wp/v2/posts' && method === 'GET') return listPosts(c);
    if (route === '/wp/v2/posts' && method === 'POST') return createPost(c);
    if (postId && method === 'DELETE') return trashPost(c, Number(postId));
    if (postId && method === 'GET') {
      const post = state.posts.find((p) => p.id === Number(postId));
      return post ? { status: 200, body: postJson(post, c) } : wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    }
    if (route === '/wp/v2/media' && method === 'POST') return uploadMedia(c);
    if (route === '/wp/v2/comments' && method === 'GET') return listComments(c);
    if (route === '/wp/v2/tags' && (method === 'GET' || method === 'POST')) return terms(c, state.tags);
    if (route === '/wp/v2/categories' && (method === 'GET' || method === 'POST')) return terms(c, state.categories);
    c.req.resume();
    return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  };
}
