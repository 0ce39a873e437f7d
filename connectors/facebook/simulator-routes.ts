import { createHash } from 'node:crypto';
import { graphError, type SimAnswer } from './simulator-auth.ts';
import { fieldNames, type SimParams } from './simulator-body.ts';
import type { GraphSimState, SimPost, SimToken, SimVideo } from './simulator-state.ts';

export interface SimCall {
  method: string;
  /** Path segments after the version, e.g. ['123', 'feed']. */
  segments: string[];
  query: URLSearchParams;
  params: SimParams;
  token: SimToken;
  now: Date;
  /** `http://127.0.0.1:PORT/vNN.0` for paging links. */
  versionUrl: string;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff']);
const MIN_SCHEDULE_S = 10 * 60;
/** Upper bound of scheduling: 6 months per older sources (UNVERIFIED, platform-apis.md §1.3). */
const MAX_SCHEDULE_S = 183 * 86_400;

/** The scraped page's canonical URL: the posted link without its query and fragment. */
function canonicalOf(link: string): string {
  try {
    const u = new URL(link);
    return `${u.origin}${u.pathname}`;
  } catch {
    return link;
  }
}

export const fbTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+0000');
const missingObject = (id: string) =>
  graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { subcode: 33, type: 'GraphMethodException' });
const permission = () => graphError(403, 200, '(#200) The user hasn\'t authorized the application to perform this action');

function scheduleOf(p: Map<string, string>, now: Date): { published: boolean; at: number | null } | SimAnswer {
  const published = p.get('published') !== 'false';
  const raw = p.get('scheduled_publish_time');
  if (raw === undefined) return { published, at: null };
  if (published) return graphError(400, 100, '(#100) You cannot specify a scheduled publish time on a published post');
  const at = /^\d+$/.test(raw) ? Number(raw) : Math.floor(Date.parse(raw) / 1000);
  const lead = at - Math.floor(now.getTime() / 1000);
  if (!Number.isFinite(at) || lead < MIN_SCHEDULE_S || lead > MAX_SCHEDULE_S) {
    return graphError(400, 100, '(#100) The specified scheduled publish time is invalid.', { subcode: 1501234 });
  }
  return { published: false, at };
}

/** The Page-side Graph routes: feed, photos, videos, listings, nodes, insights, delete. */
export function createPageRoutes(state: GraphSimState) {
  let seq = 1_000;
  const nextId = () => String(++seq);
  const pagePostId = () => `${state.pageId}_${nextId()}`;

  function postJson(p: SimPost, f: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = { id: p.id };
    if (f.has('message') && p.message) out.message = p.message;
    if (f.has('created_time')) out.created_time = fbTime(p.createdTime);
    if (f.has('permalink_url')) out.permalink_url = `https://www.facebook.com/${state.pageId}/posts/${p.id.split('_')[1]}`;
    // §1.3: `link` is what the post was created with; reading it back gives that exact URL (the
    // reconciliation match of §1.10 relies on it: "link with a tracking param").
    if (f.has('link') && p.link && !state.listingHidesLink) out.link = p.link;
    // A link post's attachment is Facebook's scrape of the page, not the posted URL: the share
    // points at the page's canonical address (og:url), which drops a tracking parameter. So a
    // marker riding only in the link is NOT in the attachment (§1.6 lists no attachment fields
    // for reconciliation; this is the shape outside testing met).
    if (f.has('attachments') && p.link && !state.listingHidesAttachments) {
      const canonical = canonicalOf(p.link);
      out.attachments = { data: [{ type: 'share', unshimmed_url: canonical, url: `https://l.facebook.com/l.php?u=${encodeURIComponent(canonical)}&h=AT0` }] };
    }
    if (f.has('scheduled_publish_time') && p.scheduledPublishTime) out.scheduled_publish_time = p.scheduledPublishTime;
    if (f.has('reactions')) out.reactions = { data: [], summary: { total_count: p.reactions, viewer_reaction: 'NONE' } };
    if (f.has('comments')) out.comments = { data: [], summary: { order: 'ranked', total_count: p.comments, can_comment: true } };
    if (f.has('shares') && p.shares > 0) out.shares = { count: p.shares };
    return out;
  }

  function videoJson(v: SimVideo, f: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = { id: v.id };
    if (f.has('description') && v.description) out.description = v.description;
    if (f.has('title')) out.title = v.title;
    if (f.has('created_time')) out.created_time = fbTime(v.createdTime);
    if (f.has('permalink_url')) out.permalink_url = `/${state.pageId}/videos/${v.id}/`;
    if (f.has('status') && !state.videoNodeOmitsStatus) out.status = { video_status: v.status, processing_progress: v.status === 'processing' ? 40 : 100 };
    if (f.has('reactions')) out.reactions = { data: [], summary: { total_count: v.reactions, viewer_reaction: 'NONE' } };
    if (f.has('comments')) out.comments = { data: [], summary: { order: 'ranked', total_count: v.comments, can_comment: true } };
    return out;
  }

  /**
   * One page of a cursor listing. Objects in `state.listingFiltered` keep their slot but are
   * left out of `data`, as Graph's privacy filtering does: a page may hold fewer than `limit`
   * items, even none, and still have `next` — only its absence ends the list (Graph API
   * "Paginated Results": "use the absence of next").
   */
  function paged<T extends { id: string }>(items: T[], c: SimCall, route: string, toJson: (item: T) => unknown): SimAnswer {
    const limit = Math.min(Math.max(Number(c.query.get('limit') ?? 25) || 25, 1), 100);
    const after = c.query.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) + 1 : 0;
    const page = items.slice(start, start + limit);
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
    const paging: Record<string, unknown> = page.length ? { cursors: { before: cursor(start), after: cursor(start + page.length - 1) } } : {};
    if (start + limit < items.length) {
      const next = new URLSearchParams(c.query);
      next.set('after', cursor(start + page.length - 1));
      paging.next = `${c.versionUrl}/${route}?${next}`;
    }
    const shown = page.filter((x) => !state.listingFiltered.has(x.id));
    return { status: 200, body: { data: shown.map(toJson), paging } };
  }

  function createFeedPost(c: SimCall): SimAnswer {
    const p = c.params.params;
    const message = p.get('message') ?? '';
    const link = p.get('link') ?? null;
    const attached: string[] = [];
    for (let i = 0; p.has(`attached_media[${i}]`); i++) {
      let id: unknown;
      try {
        id = (JSON.parse(p.get(`attached_media[${i}]`)!) as { media_fbid?: unknown }).media_fbid;
      } catch {
        id = undefined;
      }
      const photo = state.photos.find((ph) => ph.id === String(id));
      if (!photo || photo.published || photo.postId) return graphError(400, 100, `(#100) param attached_media[${i}] must be an unpublished photo id`);
      attached.push(photo.id);
    }
    if (!message && !link && attached.length === 0) return graphError(400, 100, '(#100) Missing message or attachment');
    const schedule = scheduleOf(p, c.now);
    if ('status' in schedule) return schedule;
    // Facebook refuses the same status text twice in a row (§1.10).
    const last = state.posts.filter((x) => !state.deleted.includes(x.id)).at(-1);
    if (message && last?.message === message) return graphError(400, 506, 'Duplicate status message', { type: 'OAuthException' });
    const post: SimPost = {
      id: pagePostId(),
      kind: attached.length > 1 ? 'album' : attached.length === 1 ? 'photo' : link ? 'link' : 'status',
      message,
      link,
      createdTime: c.now,
      published: schedule.published,
      scheduledPublishTime: schedule.at,
      photoIds: attached,
      reactions: 0,
      comments: 0,
      shares: 0,
    };
    state.posts.push(post);
    for (const id of attached) state.photos.find((ph) => ph.id === id)!.postId = post.id;
    return { status: 200, body: { id: post.id } };
  }

  function createPhoto(c: SimCall): SimAnswer {
    const p = c.params.params;
    const file = c.params.file;
    const url = p.get('url') ?? null;
    if (!file && !url) return graphError(400, 324, '(#324) Requires upload file');
    if (file && !IMAGE_TYPES.has(file.contentType)) return graphError(400, 100, '(#100) Invalid image type', { subcode: 2069019 });
    const schedule = scheduleOf(p, c.now);
    if ('status' in schedule) return schedule;
    const photo = {
      id: nextId(),
      postId: null as string | null,
      published: schedule.published,
      temporary: p.get('temporary') === 'true',
      bytes: file?.data.length ?? 0,
      sha256: file ? createHash('sha256').update(file.data).digest('hex') : null,
      mimeType: file?.contentType ?? null,
      fileName: file?.fileName ?? null,
      url,
    };
    state.photos.push(photo);
    if (!schedule.published && schedule.at === null) return { status: 200, body: { id: photo.id } };
    const message = p.get('message') ?? p.get('caption') ?? '';
    const post: SimPost = {
      id: pagePostId(),
      kind: 'photo',
      message,
      link: null,
      createdTime: c.now,
      published: schedule.published,
      scheduledPublishTime: schedule.at,
      photoIds: [photo.id],
      reactions: 0,
      comments: 0,
      shares: 0,
    };
    state.posts.push(post);
    photo.postId = post.id;
    return { status: 200, body: schedule.published ? { id: photo.id, post_id: post.id } : { id: photo.id } };
  }

  function createVideo(c: SimCall): SimAnswer {
    const p = c.params.params;
    const handle = p.get('fbuploader_video_file_chunk');
    const session = state.uploadSessions.find((s) => s.handle !== null && s.handle === handle);
    if (!session) return graphError(400, 100, '(#100) Invalid file handle: fbuploader_video_file_chunk');
    if (session.sha256 === null) return graphError(400, 100, '(#100) The file behind fbuploader_video_file_chunk is incomplete');
    const schedule = scheduleOf(p, c.now);
    if ('status' in schedule) return schedule;
    const video: SimVideo = {
      id: nextId(),
      handle: session.handle!,
      title: p.get('title') ?? '',
      description: p.get('description') ?? '',
      createdTime: c.now,
      published: schedule.published,
      scheduledPublishTime: schedule.at,
      status: state.nextVideoStatus,
      reactions: 0,
      comments: 0,
    };
    state.videos.push(video);
    return { status: 200, body: { id: video.id } };
  }

  function live<T extends { id: string }>(items: T[]): T[] {
    return items.filter((x) => !state.deleted.includes(x.id));
  }

  /** A scheduled post goes out at its time: Graph lists it among the Page's posts from then on, no longer among the scheduled ones. */
  const isOut = (p: SimPost, now: Date) => p.published || (p.scheduledPublishTime !== null && p.scheduledPublishTime * 1000 <= now.getTime());

  function listEdge(c: SimCall, edge: string): SimAnswer {
    const f = fieldNames(c.query.get('fields') ?? 'id,message,created_time');
    const since = Number(c.query.get('since') ?? 0);
    const until = Number(c.query.get('until') ?? Infinity);
    const inWindow = (d: Date) => d.getTime() / 1000 >= since && d.getTime() / 1000 <= until;
    const newest = <T extends { createdTime: Date }>(xs: T[]) => [...xs].sort((a, b) => b.createdTime.getTime() - a.createdTime.getTime());
    const route = `${state.pageId}/${edge}`;
    if (edge === 'posts' || edge === 'feed') return paged(newest(live(state.posts).filter((x) => isOut(x, c.now) && inWindow(x.createdTime))), c, route, (x) => postJson(x, f));
    if (edge === 'scheduled_posts') return paged(newest(live(state.posts).filter((x) => x.scheduledPublishTime !== null && !isOut(x, c.now))), c, route, (x) => postJson(x, f));
    const listed = state.listingHidesDescription ? new Set([...f].filter((name) => name !== 'description')) : f;
    return paged(newest(live(state.videos).filter((x) => inWindow(x.createdTime))), c, route, (x) => videoJson(x, listed));
  }

  function readNode(c: SimCall, id: string): SimAnswer {
    const f = fieldNames(c.query.get('fields') ?? 'id');
    const post = live(state.posts).find((x) => x.id === id);
    if (post) return { status: 200, body: postJson(post, f) };
    const video = live(state.videos).find((x) => x.id === id);
    if (video) return { status: 200, body: videoJson(video, f) };
    const photo = live(state.photos).find((x) => x.id === id);
    if (photo) return { status: 200, body: { id: photo.id } };
    return missingObject(id);
  }

  function readInsights(c: SimCall, id: string, edge: string): SimAnswer {
    const exists = live(state.posts).some((x) => x.id === id) || live(state.videos).some((x) => x.id === id);
    if (!exists) return missingObject(id);
    const names = (c.query.get('metric') ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    if (names.length === 0) return graphError(400, 3001, 'No metric was specified', { subcode: 1504028 });
    if (names.some((n) => state.insights.retired.has(n))) return graphError(400, 100, '(#100) The value must be a valid insights metric');
    const period = c.query.get('period') ?? 'lifetime';
    const values = state.insights.values.get(id) ?? {};
    const data = names.map((name) => ({
      name,
      period,
      // Breakdown metrics (`…_by_…`) are objects, empty when nothing was counted.
      values: [{ value: values[name] ?? (name.includes('_by_') ? {} : 0) }],
      title: name,
      description: `Simulated ${name}`,
      id: `${id}/${edge}/${name}/${period}`,
    }));
    return { status: 200, body: { data, paging: {} } };
  }

  /**
   * Editing a node in place (`POST /{id}`): a Page post's `message`, a video's `title` and
   * `description`, answering `{"success": true}`. The fields of §1.3 / §1.5; platform-apis.md
   * documents creation only, so the edit itself follows Graph's Page Post and Video references
   * ("Updating"): a post's link and attached photos are fixed once it exists, so the
   * simulator refuses them (#100) as Graph does rather than silently accepting a change.
   */
  function edit(c: SimCall, id: string): SimAnswer {
    const p = c.params.params;
    const post = live(state.posts).find((x) => x.id === id);
    if (post) {
      const fixed = ['link', 'attached_media[0]', 'source', 'url'].find((k) => p.has(k));
      if (fixed) return graphError(400, 100, `(#100) Param ${fixed.replace(/\[0\]$/, '')} cannot be changed once the post is created`);
      const message = p.get('message');
      if (message === undefined) return graphError(400, 100, '(#100) Missing message');
      if (message === '' && !post.link && post.photoIds.length === 0) return graphError(400, 100, '(#100) Missing message or attachment');
      post.message = message;
      return { status: 200, body: { success: true } };
    }
    const video = live(state.videos).find((x) => x.id === id);
    if (video) {
      if (p.has('source') || p.has('fbuploader_video_file_chunk')) return graphError(400, 100, '(#100) The video file cannot be replaced');
      video.title = p.get('title') ?? video.title;
      video.description = p.get('description') ?? video.description;
      return { status: 200, body: { success: true } };
    }
    return missingObject(id);
  }

  function remove(id: string): SimAnswer {
    const known = [...state.posts, ...state.videos, ...state.photos].some((x) => x.id === id);
    if (!known || state.deleted.includes(id)) return missingObject(id);
    state.deleted.push(id);
    return { status: 200, body: { success: true } };
  }

  const writes = (t: SimToken) => t.type === 'PAGE' && t.pageId === state.pageId && t.scopes.includes('pages_manage_posts');
  const reads = (t: SimToken) => (t.type === 'PAGE' && t.pageId === state.pageId) || (t.type === 'USER' && t.scopes.includes('pages_read_engagement'));

  return function handle(c: SimCall): SimAnswer {
    const [first, edge, ...rest] = c.segments;
    if (!first || rest.length > 0) return graphError(400, 2500, `Unknown path components: /${c.segments.join('/')}`);
    if (first === state.pageId && edge) {
      if (c.method === 'POST' && ['feed', 'photos', 'videos'].includes(edge)) {
        if (!writes(c.token)) return permission();
        return edge === 'feed' ? createFeedPost(c) : edge === 'photos' ? createPhoto(c) : createVideo(c);
      }
      if (c.method === 'GET' && ['posts', 'feed', 'scheduled_posts', 'videos'].includes(edge)) return reads(c.token) ? listEdge(c, edge) : permission();
    }
    if (edge === 'insights' || edge === 'video_insights') {
      if (!reads(c.token)) return permission();
      // §1.7: insights need a Page token of a user with the ANALYZE task; posting does not.
      if (!state.pageTasks.includes('ANALYZE')) return graphError(403, 10, '(#10) Not enough permission to call this endpoint: the ANALYZE task on the Page is needed to read insights');
      return readInsights(c, first, edge);
    }
    if (edge) return graphError(400, 2500, `Unknown path components: /${edge}`);
    if (c.method === 'GET') return reads(c.token) ? readNode(c, first) : permission();
    if (c.method === 'DELETE') return writes(c.token) ? remove(first) : permission();
    if (c.method === 'POST') return writes(c.token) ? edit(c, first) : permission();
    return graphError(400, 100, `(#100) Unsupported ${c.method} request.`);
  };
}
