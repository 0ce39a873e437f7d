import { slugify } from '../../lib/text.ts';
import { forbidden, invalidParam, list, paged, readJson, wpError, type SimAnswer, type SimCall } from './simulator-http.ts';
import type { SimPost, WordpressSimState } from './simulator-state.ts';

const STATUSES = ['publish', 'future', 'draft', 'pending', 'private'] as const;

/** A fresh id from the one sequence posts and attachments share, as in wp_posts. */
export interface IdSequence {
  next(): number;
}

/** `/wp/v2/posts` and `/wp/v2/posts/<id>` as WordPress 6.1 answers them (checked by real-contract.test.ts). */
export function createPostRoutes(state: WordpressSimState, ids: IdSequence, now: () => Date) {
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

  /** WP-cron publishes a `future` post once its time has come (on the next visit). */
  function runCron(): void {
    if (state.cronDisabled) return;
    for (const p of state.posts) {
      if (p.status === 'future' && Date.parse(`${p.dateGmt}Z`) <= now().getTime()) p.status = 'publish';
    }
  }

  function listPosts(c: SimCall): SimAnswer {
    const statuses = list(c.query.get('status') ?? 'publish');
    const bad = statuses.find((s) => s !== 'any' && s !== 'trash' && !(STATUSES as readonly string[]).includes(s));
    if (bad) return invalidParam('status', `status[0] is not one of publish, future, draft, pending, private, trash and any.`);
    // Parameters are validated before permissions: an anonymous request asking for
    // non-public statuses gets 400 with the reason nested in data.details (measured).
    if (!c.user && statuses.some((s) => s !== 'publish')) {
      return wpError(400, 'rest_invalid_param', 'Invalid parameter(s): status', {
        params: { status: 'Status is forbidden.' },
        details: { status: { code: 'rest_forbidden_status', message: 'Status is forbidden.', data: { status: 401 } } },
      });
    }
    if (!c.user && c.query.get('context') === 'edit') return forbidden(c, 'rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.');
    const slugs = list(c.query.get('slug'));
    const search = (c.query.get('search') ?? '').toLocaleLowerCase('vi');
    const found = state.posts.filter(
      (p) =>
        (statuses.includes('any') ? p.status !== 'trash' : statuses.includes(p.status)) &&
        (slugs.length === 0 || slugs.includes(p.slug)) &&
        // WP_Query search: title, excerpt and content (raw, so HTML comments too), not the slug.
        (search === '' || [p.title, p.excerpt, p.content].some((f) => f.toLocaleLowerCase('vi').includes(search))),
    );
    const page = paged(found.sort((a, b) => b.id - a.id), c.query);
    if ('status' in page) return page;
    return { status: 200, body: page.page.map((p) => postJson(p, c)), headers: page.headers };
  }

  /** Fields shared by create and update; a string is an error answer. */
  function applyFields(b: Record<string, unknown>, post: SimPost): SimAnswer | null {
    if (b.status !== undefined && !(STATUSES as readonly string[]).includes(String(b.status))) {
      return invalidParam('status', 'status is not one of publish, future, draft, pending, private.');
    }
    const date = b.date_gmt === undefined ? new Date(`${post.dateGmt}Z`) : new Date(`${String(b.date_gmt).replace(/Z$/, '')}Z`);
    if (Number.isNaN(date.getTime())) return invalidParam('date_gmt', 'Invalid date.');
    let status = (b.status as SimPost['status'] | undefined) ?? post.status;
    // wp_insert_post: a publish dated ahead becomes future; a future dated in the past is published.
    if (status === 'publish' && date.getTime() > now().getTime()) status = 'future';
    else if (status === 'future' && date.getTime() <= now().getTime()) status = 'publish';
    // WordPress 6.1 drops a featured image or term id that does not exist instead of refusing
    // the post (measured): the post is created without it.
    const featured = b.featured_media === undefined ? post.featuredMedia : Number(b.featured_media);
    const known = (id: number, terms: { id: number }[]) => terms.some((t) => t.id === id);
    const categories = b.categories === undefined ? post.categories : (b.categories as number[]).filter((id) => known(id, state.categories));
    const tags = b.tags === undefined ? post.tags : (b.tags as number[]).filter((id) => known(id, state.tags));
    Object.assign(post, {
      status,
      dateGmt: date.toISOString().slice(0, 19),
      featuredMedia: featured !== 0 && state.media.some((m) => m.id === featured) ? featured : 0,
      categories,
      tags,
      title: b.title === undefined ? post.title : String(b.title),
      content: b.content === undefined ? post.content : String(b.content),
      excerpt: b.excerpt === undefined ? post.excerpt : String(b.excerpt),
    });
    if (b.slug !== undefined) post.slug = uniqueSlug(slugify(String(b.slug), 200), post.id);
    return null;
  }

  /** WordPress renames a taken slug to `-2`, `-3` … instead of refusing. */
  function uniqueSlug(base: string, self: number): string {
    let slug = base;
    for (let n = 2; state.posts.some((p) => p.slug === slug && p.id !== self); n++) slug = `${base}-${n}`;
    return slug;
  }

  async function createPost(c: SimCall): Promise<SimAnswer> {
    if (!c.user) return forbidden(c, 'rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.');
    const b = await readJson(c.req);
    if (!b) return wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
    const post: SimPost = {
      id: 0,
      slug: '',
      status: 'draft',
      title: '',
      content: '',
      excerpt: '',
      dateGmt: now().toISOString().slice(0, 19),
      featuredMedia: 0,
      categories: [1],
      tags: [],
    };
    const refused = applyFields(b, post);
    if (refused) return refused;
    post.id = ids.next();
    post.slug = uniqueSlug(slugify(String(b.slug ?? b.title ?? ''), 200), post.id);
    state.posts.push(post);
    return { status: 201, body: postJson(post, c), headers: { Location: c.restUrl(`/wp/v2/posts/${post.id}`) } };
  }

  async function updatePost(c: SimCall, post: SimPost | undefined): Promise<SimAnswer> {
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (!c.user) return forbidden(c, 'rest_cannot_edit', 'Sorry, you are not allowed to edit this post.');
    const b = await readJson(c.req);
    if (!b) return wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
    const refused = applyFields(b, post);
    return refused ?? { status: 200, body: postJson(post, c) };
  }

  function trashPost(c: SimCall, post: SimPost | undefined): SimAnswer {
    if (!post) return wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    if (!c.user) return forbidden(c, 'rest_cannot_delete', 'Sorry, you are not allowed to delete this post.');
    if (c.query.get('force') === 'true') {
      state.posts.splice(state.posts.indexOf(post), 1);
      return { status: 200, body: { deleted: true, previous: postJson(post, c) } };
    }
    if (post.status === 'trash') return wpError(410, 'rest_already_trashed', 'The post has already been deleted.');
    post.status = 'trash';
    post.slug = `${post.slug}__trashed`;
    return { status: 200, body: postJson(post, c) };
  }

  /** The answer for a posts route, or null when the route is not one of these. */
  return async function handlePosts(c: SimCall): Promise<SimAnswer | null> {
    runCron();
    if (c.route === '/wp/v2/posts' && c.method === 'GET') return listPosts(c);
    if (c.route === '/wp/v2/posts' && c.method === 'POST') return createPost(c);
    const id = /^\/wp\/v2\/posts\/(\d+)$/.exec(c.route)?.[1];
    if (!id) return null;
    const post = state.posts.find((p) => p.id === Number(id));
    if (c.method === 'POST' || c.method === 'PUT' || c.method === 'PATCH') return updatePost(c, post);
    if (c.method === 'DELETE') return trashPost(c, post);
    if (c.method === 'GET') return post ? { status: 200, body: postJson(post, c) } : wpError(404, 'rest_post_invalid_id', 'Invalid post ID.');
    return null;
  };
}
