import { createHash } from 'node:crypto';
import { slugify } from '../../lib/text.ts';
import { forbidden, paged, readJson, withFields, wpError, type SimAnswer, type SimCall } from './simulator-http.ts';
import { createPostRoutes } from './simulator-posts.ts';
import type { SimTerm, WordpressSimState } from './simulator-state.ts';

export { wpError, type SimAnswer, type SimCall } from './simulator-http.ts';

const escapedName = (name: string) => name.replace(/&/g, '&amp;');
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

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

/** The WordPress REST routes the connector uses, with the documented shapes and errors. */
export function createSimRoutes(state: WordpressSimState, now: () => Date) {
  let nextId = 100; // posts and attachments share one id sequence, as in wp_posts
  let nextTermId = 2;
  const handlePosts = createPostRoutes(state, { next: () => nextId++ }, now);

  async function uploadMedia(c: SimCall): Promise<SimAnswer> {
    if (!c.user) return forbidden(c, 'rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.');
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
    const posts = (c.query.get('post') ?? '').split(',').filter(Boolean).map(Number);
    const found = state.comments.filter((m) => m.status === 'approved' && (posts.length === 0 || posts.includes(m.post)));
    const page = paged(found, c.query);
    if ('status' in page) return page;
    return { status: 200, body: page.page.map((m) => ({ id: m.id, post: m.post, status: m.status })), headers: page.headers };
  }

  async function terms(c: SimCall, taxonomy: SimTerm[]): Promise<SimAnswer> {
    if (c.method === 'GET') {
      // Names are stored HTML-escaped and searched with LIKE as stored: "A & B" does not find "A &amp; B".
      const search = (c.query.get('search') ?? '').toLocaleLowerCase('vi');
      const include = (c.query.get('include') ?? '').split(',').filter(Boolean).map(Number);
      const found = taxonomy.filter((t) => escapedName(t.name).toLocaleLowerCase('vi').includes(search) && (include.length === 0 || include.includes(t.id)));
      const page = paged(found, c.query);
      if ('status' in page) return page;
      return { status: 200, body: page.page.map((t) => ({ ...t, name: escapedName(t.name) })), headers: page.headers };
    }
    // Authors may add tags but not categories (manage_categories).
    if (!c.user || (taxonomy === state.categories && c.user.role !== 'editor')) {
      return forbidden(c, 'rest_cannot_create', 'Sorry, you are not allowed to create terms in this taxonomy.');
    }
    const b = await readJson(c.req);
    const name = typeof b?.name === 'string' ? b.name.trim() : '';
    if (name === '') return wpError(400, 'rest_missing_callback_param', 'Missing parameter(s): name', { params: ['name'] });
    const existing = taxonomy.find((t) => t.name.toLocaleLowerCase('vi') === name.toLocaleLowerCase('vi'));
    if (existing) return wpError(400, 'term_exists', 'A term with the name provided already exists.', { term_id: existing.id });
    const term = { id: nextTermId++, name, slug: slugify(name) };
    taxonomy.push(term);
    return { status: 201, body: { ...term, name: escapedName(name) } };
  }

  async function route(c: SimCall): Promise<SimAnswer> {
    const { method, route } = c;
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
    if (route === '/wp/v2/users/me' && method === 'GET') {
      if (!c.user) return wpError(401, 'rest_not_logged_in', 'You are not currently logged in.');
      return { status: 200, body: { id: 2, username: c.user.username, name: c.user.username, slug: c.user.username, roles: [c.user.role] } };
    }
    const post = await handlePosts(c);
    if (post) return post;
    if (route === '/wp/v2/media' && method === 'POST') return uploadMedia(c);
    if (route === '/wp/v2/comments' && method === 'GET') return listComments(c);
    if (route === '/wp/v2/tags' && (method === 'GET' || method === 'POST')) return terms(c, state.tags);
    if (route === '/wp/v2/categories' && (method === 'GET' || method === 'POST')) return terms(c, state.categories);
    return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  return async (c: SimCall): Promise<SimAnswer> => withFields(await route(c), c.query);
}
