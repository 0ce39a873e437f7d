import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRealWordpress, wpCli } from '../../scripts/wordpress/real-wordpress.ts';
import type { Published } from '../contract.ts';
import { createLogCapture, createTestContext, fileMedia, samplePost } from '../test-kit.ts';
import { createWordpressConnector } from './connector.ts';
import { wordpressMarker, wordpressSlug } from './content.ts';
import { startWordpressSimulator, type WordpressSimulator } from './simulator.ts';

/**
 * The simulator against a real WordPress (Debian's package, Apache + mod_php, MariaDB, started
 * by scripts/wordpress on loopback): the same requests the connector relies on, compared on
 * status, error code and the fields the connector reads. A difference fails here, so the
 * simulator cannot drift into answering what the real platform does not.
 */

interface Creds {
  username: string;
  password: string;
}

interface Target {
  name: string;
  baseUrl: string;
  editor: Creds;
  author: Creds;
  /** An Application Password that was deleted in WordPress. */
  revoked: Creds;
  wrong: Creds;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const LIVE = 'publish,future,draft,pending,private';
let real: Target;
let simTarget: Target;
let sim: WordpressSimulator;
let jpeg: Buffer;

beforeAll(async () => {
  const wp = await ensureRealWordpress();
  const throwaway = wpCli<{ password: string; uuid: string }>(wp, 'app-password-create', { user: wp.author.login, name: `revoked-${run}` });
  wpCli(wp, 'app-password-delete', { user: wp.author.login, uuid: throwaway.uuid });
  real = {
    name: 'real',
    baseUrl: wp.baseUrl,
    editor: { username: wp.editor.login, password: wp.editor.applicationPassword },
    author: { username: wp.author.login, password: wp.author.applicationPassword },
    revoked: { username: wp.author.login, password: throwaway.password },
    wrong: { username: wp.author.login, password: 'aaaa bbbb cccc dddd eeee ffff' },
  };
  const users = {
    editor: { username: 'bientap', applicationPassword: 'EDIT EDIT EDIT EDIT EDIT EDIT', role: 'editor' as const },
    author: { username: 'tacgia', applicationPassword: 'AUTH AUTH AUTH AUTH AUTH AUTH', role: 'author' as const },
  };
  sim = await startWordpressSimulator({ ...users.editor, users: [users.author, { ...users.author, applicationPassword: 'GONE GONE GONE GONE GONE GONE' }] });
  sim.revokeApplicationPassword('GONE GONE GONE GONE GONE GONE');
  simTarget = {
    name: 'simulator',
    baseUrl: sim.baseUrl,
    editor: { username: users.editor.username, password: users.editor.applicationPassword },
    author: { username: users.author.username, password: users.author.applicationPassword },
    revoked: { username: users.author.username, password: 'GONE GONE GONE GONE GONE GONE' },
    wrong: { username: users.author.username, password: 'aaaa bbbb cccc dddd eeee ffff' },
  };
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#b91c1c' } }).jpeg().toBuffer();
}, 600_000);
afterAll(() => sim?.close());

async function call(t: Target, who: Creds | null, method: string, route: string, o: { query?: Record<string, string>; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  const qs = new URLSearchParams(o.query ?? {}).toString();
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (who) headers.authorization = `Basic ${Buffer.from(`${who.username}:${who.password.replace(/\s+/g, '')}`).toString('base64')}`;
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.baseUrl}/wp-json${route}${qs ? `?${qs}` : ''}`, {
    method,
    headers,
    body: o.json !== undefined ? JSON.stringify(o.json) : o.body ? new Uint8Array(o.body) : undefined,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML (a page, not the REST API): kept as text.
  }
  return { status: res.status, body, headers: res.headers };
}

type Envelope = { code?: string; data?: { status?: number; term_id?: number; details?: Record<string, { code?: string; data?: { status?: number } }> } };

/** Status and WordPress error envelope, as the connector's classifier reads them. */
function failure(a: Answer) {
  const e = a.body as Envelope;
  const details = e.data?.details ? Object.fromEntries(Object.entries(e.data.details).map(([k, d]) => [k, { code: d.code, status: d.data?.status }])) : undefined;
  return { status: a.status, code: e.code, dataStatus: e.data?.status, ...(details ? { details } : {}) };
}

interface WpPostJson {
  id: number;
  link: string;
  slug: string;
  status: string;
  date_gmt: string;
  title: { raw?: string };
  content: { raw?: string };
  excerpt: { raw?: string };
  featured_media: number;
  categories: number[];
  tags: number[];
}

/** What the connector reads from a post, with the target's own URL and ids made comparable. */
function postView(t: Target, p: WpPostJson, ids: Record<number, string> = {}) {
  const id = (n: number) => ids[n] ?? (n === 0 ? 0 : 'other');
  return {
    link: p.link.replace(t.baseUrl, '<site>').replace(`?p=${p.id}`, '?p=<id>'),
    slug: p.slug,
    status: p.status,
    title: p.title.raw,
    content: p.content.raw,
    excerpt: p.excerpt.raw,
    featured: id(p.featured_media),
    categories: p.categories.map(id),
    tags: p.tags.map(id),
  };
}

/** Runs the same probe on both and expects equal observations. */
/** A WordPress channel on `t` signed in as its Author (the role publishing portals give Loa). */
function authorContext(t: Target, log: ReturnType<typeof createLogCapture>['log']) {
  return createTestContext({
    channel: { name: 'Cổng thông tin', platform: 'wordpress', settings: { baseUrl: t.baseUrl } },
    credentials: { username: t.author.username, applicationPassword: t.author.password },
    log,
  });
}

async function same<T>(probe: (t: Target, unique: string) => Promise<T>): Promise<T> {
  // Names unique to this run and target (the real site keeps every run's posts), blanked for the comparison.
  const uniqueOf = (t: Target) => `${run}${t.name.slice(0, 1)}`;
  const blank = (t: Target, v: T) => JSON.parse(JSON.stringify(v).split(uniqueOf(t)).join('<u>')) as T;
  const fromReal = blank(real, await probe(real, uniqueOf(real)));
  const fromSim = blank(simTarget, await probe(simTarget, uniqueOf(simTarget)));
  expect(fromSim).toEqual(fromReal);
  return fromReal;
}

describe('WordPress simulator answers as a real WordPress does', () => {
  it('authenticates Application Passwords; a revoked or wrong one is handled as anonymous', async () => {
    await same(async (t) => {
      const ok = await call(t, t.author, 'GET', '/wp/v2/users/me', { query: { context: 'edit' } });
      const revoked = await call(t, t.revoked, 'GET', '/wp/v2/users/me');
      const wrong = await call(t, t.wrong, 'GET', '/wp/v2/users/me');
      return { ok: { status: ok.status, roles: (ok.body as { roles: string[] }).roles }, revoked: failure(revoked), wrong: failure(wrong) };
    });
  });

  it('answers the connector lookups and writes of a revoked password as WordPress does (finding 7)', async () => {
    const seen = await same(async (t) => ({
      slugLookup: failure(await call(t, t.revoked, 'GET', '/wp/v2/posts', { query: { slug: `x-${run}`, status: LIVE, context: 'edit', _fields: 'id,link,slug,status' } })),
      searchLookup: failure(await call(t, t.revoked, 'GET', '/wp/v2/posts', { query: { search: `loa-${run}`, status: LIVE, context: 'edit' } })),
      publicEditLookup: failure(await call(t, t.revoked, 'GET', '/wp/v2/posts', { query: { slug: `x-${run}`, context: 'edit' } })),
      create: failure(await call(t, t.revoked, 'POST', '/wp/v2/posts', { json: { title: 'x', status: 'publish' } })),
      upload: failure(await call(t, t.revoked, 'POST', '/wp/v2/media', { body: jpeg, headers: { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="a.jpg"' } })),
      createTag: failure(await call(t, t.revoked, 'POST', '/wp/v2/tags', { json: { name: `x-${run}` } })),
      tagSearch: (await call(t, t.revoked, 'GET', '/wp/v2/tags', { query: { search: `nothing-${run}` } })).status,
    }));
    expect(seen.slugLookup).toEqual({ status: 400, code: 'rest_invalid_param', dataStatus: 400, details: { status: { code: 'rest_forbidden_status', status: 401 } } });
    expect(seen.create).toMatchObject({ status: 401, code: 'rest_cannot_create' });
  });

  it('creates a post (an Author may publish), finds it by slug and by the marker in its content, renames a taken slug to -2', async () => {
    await same(async (t, u) => {
      const slug = `hanh-trinh-${u}`;
      const marker = `loa-${u}`;
      const content = `<p>Đoạn một &amp; <b>đậm</b></p>\n\n<!-- ${marker} -->`;
      const created = await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Hành trình "hoàn lương" &amp; việc làm', content, excerpt: 'Tóm tắt', status: 'publish', slug } });
      const post = created.body as WpPostJson;
      const bySlug = await call(t, t.author, 'GET', '/wp/v2/posts', { query: { slug, status: LIVE, context: 'edit', _fields: 'id,link,slug,status' } });
      const bySearch = await call(t, t.author, 'GET', '/wp/v2/posts', { query: { search: marker, status: LIVE, context: 'edit', per_page: '20' } });
      const second = await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Lần hai', content: 'x', status: 'publish', slug } });
      const ids = { [post.id]: 'post' };
      return {
        created: { status: created.status, location: created.headers.get('location')?.replace(t.baseUrl, '<site>').replace(String(post.id), '<id>'), post: postView(t, post).link === `<site>/${slug}/` },
        view: { ...postView(t, post, ids), slug: post.slug === slug },
        bySlug: (bySlug.body as WpPostJson[]).map((p) => ({ id: ids[p.id], link: p.link.replace(t.baseUrl, '<site>').replace(slug, '<slug>'), status: p.status, keys: Object.keys(p).sort() })),
        bySearch: (bySearch.body as WpPostJson[]).map((p) => ({ id: ids[p.id], hasMarker: p.content.raw?.includes(marker) })),
        secondSlug: (second.body as WpPostJson).slug.replace(slug, '<slug>'),
      };
    });
  });

  it('updates a post in place and moves it to the trash, where the live lookup no longer sees it', async () => {
    await same(async (t, u) => {
      const slug = `sua-${u}`;
      const created = (await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Bản 1', content: '<p>một</p>', status: 'publish', slug } })).body as WpPostJson;
      const updated = await call(t, t.author, 'POST', `/wp/v2/posts/${created.id}`, { json: { title: 'Bản 2', content: '<p>hai</p>', excerpt: 'mới' } });
      const trashed = await call(t, t.author, 'DELETE', `/wp/v2/posts/${created.id}`);
      const again = await call(t, t.author, 'DELETE', `/wp/v2/posts/${created.id}`);
      const lookup = await call(t, t.author, 'GET', '/wp/v2/posts', { query: { slug, status: LIVE, context: 'edit' } });
      const missing = await call(t, t.author, 'POST', '/wp/v2/posts/987654321', { json: { title: 'x' } });
      const ids = { [created.id]: 'post' };
      return {
        updated: { status: updated.status, sameId: (updated.body as WpPostJson).id === created.id, view: postView(t, updated.body as WpPostJson, ids) },
        trashed: { status: trashed.status, postStatus: (trashed.body as WpPostJson).status },
        again: failure(again),
        lookup: lookup.body,
        missing: failure(missing),
      };
    });
  });

  it('schedules a future post natively and publishes one dated in the past', async () => {
    await same(async (t, u) => {
      const future = (await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Hẹn giờ', content: 'x', status: 'future', date_gmt: '2031-03-04T05:06:07', slug: `hen-${u}` } })).body as WpPostJson;
      const futureAsPublish = (await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Hẹn giờ 2', content: 'x', status: 'publish', date_gmt: '2031-03-04T05:06:07' } })).body as WpPostJson;
      const past = (await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Đã qua', content: 'x', status: 'future', date_gmt: '2020-01-02T03:04:05', slug: `qua-${u}` } })).body as WpPostJson;
      return {
        future: { status: future.status, date: future.date_gmt, link: postView(t, future).link },
        futureAsPublish: futureAsPublish.status,
        past: { status: past.status, date: past.date_gmt, link: postView(t, past).link.replace(`qua-${u}`, '<slug>') },
      };
    });
  });

  it('uploads media as a raw body, refusing what WordPress refuses', async () => {
    await same(async (t) => {
      const upload = (headers: Record<string, string>, body = jpeg) => call(t, t.author, 'POST', '/wp/v2/media', { body, headers });
      const ok = await upload({ 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="anh-${run}.jpg"` });
      const media = ok.body as { id: number; source_url: string; mime_type: string; media_type: string };
      const post = await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Có ảnh', content: 'x', status: 'draft', featured_media: media.id } });
      const badFeatured = await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Ảnh sai', content: 'x', status: 'draft', featured_media: 987654321 } });
      return {
        ok: { status: ok.status, type: media.mime_type, mediaType: media.media_type, url: media.source_url.startsWith(`${t.baseUrl}/wp-content/uploads/`) },
        featured: { status: post.status, featured: (post.body as WpPostJson).featured_media === media.id },
        badFeatured: failure(badFeatured),
        noDisposition: failure(await upload({ 'content-type': 'image/jpeg' })),
        starDisposition: failure(await upload({ 'content-type': 'image/jpeg', 'content-disposition': "attachment; filename*=UTF-8''a%20b.jpg" })),
        notAllowedType: failure(await upload({ 'content-type': 'text/html', 'content-disposition': 'attachment; filename="a.html"' }, Buffer.from('<p>x</p>'))),
      };
    });
  });

  it('looks terms up and creates them; a duplicate answers term_exists with its id; an Author cannot create categories', async () => {
    await same(async (t, u) => {
      const name = `An ninh & trật tự ${u}`;
      const created = await call(t, t.editor, 'POST', '/wp/v2/categories', { json: { name } });
      const id = (created.body as { id: number }).id;
      const duplicate = await call(t, t.editor, 'POST', '/wp/v2/categories', { json: { name } });
      const found = await call(t, t.author, 'GET', '/wp/v2/categories', { query: { search: name, per_page: '100', _fields: 'id,name' } });
      const tag = await call(t, t.author, 'POST', '/wp/v2/tags', { json: { name: `ConDuongHuongThien${u}` } });
      const withTerms = await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Có thẻ', content: 'x', status: 'draft', categories: [id], tags: [(tag.body as { id: number }).id] } });
      const badTerm = await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Thẻ sai', content: 'x', status: 'draft', tags: [987654321] } });
      const ids = { [id]: 'category', [(tag.body as { id: number }).id]: 'tag' };
      return {
        created: { status: created.status, name: (created.body as { name: string }).name },
        duplicate: { ...failure(duplicate), sameId: (duplicate.body as Envelope).data?.term_id === id },
        found: (found.body as { id: number; name: string }[]).map((x) => ({ id: ids[x.id], name: x.name })),
        authorCategory: failure(await call(t, t.author, 'POST', '/wp/v2/categories', { json: { name: `x ${run}` } })),
        tag: tag.status,
        withTerms: { status: withTerms.status, categories: (withTerms.body as WpPostJson).categories.map((x) => ids[x]), tags: (withTerms.body as WpPostJson).tags.map((x) => ids[x]) },
        badTerm: failure(badTerm),
      };
    });
  });

  it('counts comments in X-WP-Total, caps per_page at 100 and answers rest_no_route elsewhere', async () => {
    await same(async (t) => {
      const post = (await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Bình luận', content: 'x', status: 'publish' } })).body as WpPostJson;
      const comments = await call(t, t.author, 'GET', '/wp/v2/comments', { query: { post: String(post.id), per_page: '1', _fields: 'id' } });
      return {
        comments: { status: comments.status, total: comments.headers.get('x-wp-total'), pages: comments.headers.get('x-wp-totalpages') },
        perPage: failure(await call(t, t.author, 'GET', '/wp/v2/posts', { query: { per_page: '101' } })),
        noRoute: failure(await call(t, t.author, 'GET', '/wp/v2/nothing-here')),
      };
    });
  });

  it('the last-net scan finds every copy carrying the marker — renamed slug, draft, scheduled, slug shortened by an editor — and not a trashed one (finding 3c)', async () => {
    const connector = createWordpressConnector();
    const { log } = createLogCapture();
    const seen = await same(async (t, u) => {
      const { ctx } = authorContext(t, log);
      const post = samplePost({ deliveryId: randomUUID(), slug: `ban-trung-${u}`, linkLive: false });
      const ref = { deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt: new Date(), attemptEndedAt: new Date(), progress: {}, post };
      const own = (await connector.publish(post, ctx)) as Published;
      const stored = (await call(t, t.author, 'GET', `/wp/v2/posts/${own.externalId}`, { query: { context: 'edit' } })).body as WpPostJson;
      // Late first requests: the same slug and content again (WordPress renames the slug), as a draft and scheduled.
      const late = async (status: string, extra: Record<string, string> = {}) =>
        ((await call(t, t.author, 'POST', '/wp/v2/posts', { json: { title: 'Bản trùng', content: stored.content.raw, status, slug: wordpressSlug(post), ...extra } })).body as WpPostJson).id;
      const draft = await late('draft');
      const future = await late('future', { date_gmt: '2031-03-04T05:06:07' });
      const shortened = await late('publish');
      await call(t, t.editor, 'POST', `/wp/v2/posts/${shortened}`, { json: { slug: `ngan-${u}` } });
      const trashed = await late('publish');
      await call(t, t.author, 'DELETE', `/wp/v2/posts/${trashed}`);
      const names: Record<string, string> = { [own.externalId]: 'own', [draft]: 'draft', [future]: 'future', [shortened]: 'shortened', [trashed]: 'trashed' };
      const copies = await connector.findCopies!(ref, ctx);
      await connector.unpublish!({ deliveryId: post.deliveryId, externalId: String(draft), url: null, publishedAt: null }, ctx);
      const after = await connector.findCopies!(ref, ctx);
      return {
        copies: copies.map((c) => ({ name: names[c.externalId], url: c.url?.replace(t.baseUrl, '<site>').replace(wordpressMarker(post.deliveryId), '<marker>').replace(/p=\d+/, 'p=<id>') })),
        afterTakedown: after.map((c) => names[c.externalId]),
      };
    });
    expect(seen).toEqual({
      copies: [
        { name: 'own', url: '<site>/ban-trung-<u>-<marker>/' },
        { name: 'draft', url: '<site>/?p=<id>' },
        { name: 'future', url: '<site>/?p=<id>' },
        { name: 'shortened', url: '<site>/ngan-<u>/' },
      ],
      afterTakedown: ['own', 'future', 'shortened'],
    });
  });

  it('the connector publishes with tags from hashtags, finds its post after an editor shortened the slug, and updates it in place (findings 14, 4)', async () => {
    const connector = createWordpressConnector();
    const { log } = createLogCapture();
    await same(async (t, u) => {
      const { ctx } = authorContext(t, log);
      const post = samplePost({ deliveryId: randomUUID(), slug: `hanh-trinh-${u}`, hashtags: ['#ConDuongHuongThien', `#Thu${u}`], linkLive: false });
      const first = (await connector.publish(post, ctx)) as Published;
      const id = first.externalId;
      await call(t, t.editor, 'POST', `/wp/v2/posts/${id}`, { json: { slug: `ngan-${u}` } });
      const found = (await connector.reconcile!({ deliveryId: post.deliveryId, marker: post.marker, attemptStartedAt: new Date(), attemptEndedAt: new Date(), progress: {}, post }, ctx)) as Published;
      const again = (await connector.publish(post, ctx)) as Published;
      const updated = await connector.update!({ deliveryId: post.deliveryId, externalId: id, url: found.url, publishedAt: new Date() }, { ...post, title: 'Bản sửa', body: 'Nội dung sửa.' }, ctx);
      const marker = wordpressMarker(post.deliveryId);
      const stored = (await call(t, t.author, 'GET', '/wp/v2/posts', { query: { search: marker, status: LIVE, context: 'edit' } })).body as WpPostJson[];
      const tags = (await call(t, t.author, 'GET', '/wp/v2/tags', { query: { include: stored[0]!.tags.join(','), _fields: 'name' } })).body as { name: string }[];
      return {
        firstUrl: first.url === `${t.baseUrl}/${wordpressSlug(post)}/`,
        found: { same: found.externalId === id, url: found.url?.replace(t.baseUrl, '<site>') },
        againSame: again.externalId === id,
        updated: { same: updated.externalId === id, url: updated.url?.replace(t.baseUrl, '<site>') },
        stored: stored.map((p) => ({ same: String(p.id) === id, title: p.title.raw, marker: p.content.raw?.endsWith(`<!-- ${marker} -->`), readMore: p.content.raw?.includes('Xem thêm') })),
        tags: tags.map((x) => x.name).sort(),
      };
    });
  });

  it('an Author channel refused a new category fails that post for good (WP_TERM_NOT_ALLOWED), not as refused credentials', async () => {
    const connector = createWordpressConnector();
    const { log } = createLogCapture();
    const seen = await same(async (t, u) => {
      const { ctx } = authorContext(t, log);
      const post = samplePost({ deliveryId: randomUUID(), slug: `chuyen-muc-${u}`, categories: [`Chuyên mục mới ${u}`], linkLive: false });
      const refused = await connector.publish(post, ctx).then(
        () => null,
        (e: unknown) => e as { kind?: string; code?: string; platformCode?: string },
      );
      const marker = wordpressMarker(post.deliveryId);
      const stored = (await call(t, t.author, 'GET', '/wp/v2/posts', { query: { search: marker, status: LIVE, context: 'edit' } })).body as WpPostJson[];
      return { refused: { kind: refused?.kind, code: refused?.code, platformCode: refused?.platformCode }, posts: stored.length };
    });
    expect(seen).toEqual({ refused: { kind: 'permanent', code: 'WP_TERM_NOT_ALLOWED', platformCode: 'rest_cannot_create' }, posts: 0 });
  });

  it('a correction edits the same post on a real WordPress: same id and address, one post with the marker, the unchanged image not uploaded again (finding 4)', async () => {
    const connector = createWordpressConnector();
    const { log } = createLogCapture();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-wp-correction-'));
    const file = path.join(dir, 'anh-dai-dien.jpg');
    fs.writeFileSync(file, jpeg);
    try {
      const seen = await same(async (t, u) => {
        const { ctx, saved } = authorContext(t, log);
        const image = { ...fileMedia(file, { kind: 'image', mimeType: 'image/jpeg', sizeBytes: jpeg.length }), sha256: createHash('sha256').update(jpeg).digest('hex') };
        const post = samplePost({ deliveryId: randomUUID(), slug: `dinh-chinh-${u}`, media: [image], linkLive: false });
        const first = (await connector.publish(post, ctx)) as Published;
        const before = (await call(t, t.author, 'GET', `/wp/v2/posts/${first.externalId}`, { query: { context: 'edit' } })).body as WpPostJson;
        const ref = { deliveryId: post.deliveryId, externalId: first.externalId, url: first.url, publishedAt: new Date() };
        const revised = { ...post, revisionId: randomUUID(), title: 'Bản đính chính', body: 'Nội dung đã sửa.' };
        const updated = await connector.update!(ref, revised, ctx);
        const again = await connector.update!(ref, revised, ctx);
        const marker = wordpressMarker(post.deliveryId);
        const stored = (await call(t, t.author, 'GET', '/wp/v2/posts', { query: { search: marker, status: LIVE, context: 'edit' } })).body as WpPostJson[];
        return {
          same: [updated.externalId, again.externalId].every((id) => id === first.externalId),
          sameUrl: updated.url === first.url,
          posts: stored.map((p) => ({ same: String(p.id) === first.externalId, title: p.title.raw, edited: p.content.raw?.includes('Nội dung đã sửa.'), marker: p.content.raw?.endsWith(`<!-- ${marker} -->`), sameImage: p.featured_media === before.featured_media && p.featured_media > 0 })),
          uploads: saved.filter((s) => 'wpMediaId' in s).length,
        };
      });
      expect(seen).toEqual({ same: true, sameUrl: true, posts: [{ same: true, title: 'Bản đính chính', edited: true, marker: true, sameImage: true }], uploads: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
