import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookConnector } from './connector.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { countRequests, createLogCapture, fileMedia, makeCtx, makePost, refOf, rejection, withMedia } from './test-kit.ts';

const { lines, log } = createLogCapture();
const connector = createFacebookConnector();
const colours = ['#1d4ed8', '#b91c1c', '#15803d'];
let dir: string;
let images: { path: string; sha: string; size: number }[] = [];
let sim: GraphSimulator;
const seenTokens = new Set<string>();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-fb-'));
  images = await Promise.all(
    colours.map(async (background, i) => {
      const file = path.join(dir, `anh-${i + 1}.jpg`);
      await sharp({ create: { width: 320, height: 200, channels: 3, background } }).jpeg({ quality: 80 }).toFile(file);
      const bytes = await fs.readFile(file);
      return { path: file, sha: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    }),
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  const all = lines.join('\n');
  for (const token of seenTokens) expect(all).not.toContain(token);
});
beforeEach(async () => {
  sim = await startGraphSimulator();
  seenTokens.add(sim.tokens.page);
});
afterEach(() => sim.close());

const image = (i: number, opened?: { count: number }) =>
  fileMedia(images[i]!.path, { kind: 'image', mimeType: 'image/jpeg', sizeBytes: images[i]!.size, fileName: `Ảnh hoàn lương ${i + 1}.jpg`, opened });

describe('Facebook Page publishing', () => {
  it('publishes a link post to /feed with the marker in the link parameter, as the Page', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    const result = await connector.publish(post, ctx);

    expect(sim.state.posts).toHaveLength(1);
    const [created] = sim.state.posts;
    expect(created).toMatchObject({ kind: 'link', message: post.text, link: post.link, published: true });
    expect(created!.link).toContain(post.marker);
    expect(result).toEqual({ kind: 'published', externalId: created!.id, url: `https://www.facebook.com/${created!.id}` });
    const call = sim.state.requests.find((r) => r.route === `/${sim.state.pageId}/feed`)!;
    expect(call).toMatchObject({ method: 'POST', version: 'v24.0', auth: 'Bearer', outcome: 200 });
  });

  it('publishes a text post without a link with the marker as its last line', async () => {
    const post = makePost({ link: null });
    await connector.publish(post, makeCtx(sim, log).ctx);
    expect(sim.state.posts[0]).toMatchObject({ kind: 'status', link: null, message: `${post.text}\n\n${post.marker}` });
  });

  it('uses the API version and base URL from the channel settings, and signs with appsecret_proof when the secret is stored', async () => {
    const strict = await startGraphSimulator({ requireAppSecretProof: true, appSecret: 'bi-mat-ung-dung' });
    try {
      const { ctx } = makeCtx(strict, log, { settings: { apiVersion: 'v25.0' } });
      const refused = await rejection(connector.publish(makePost(), ctx));
      expect(refused).toMatchObject({ kind: 'permanent', code: 'FB_100' });

      const signed = makeCtx(strict, log, { settings: { apiVersion: 'v25.0' }, credentials: { pageAccessToken: strict.tokens.page, appSecret: 'bi-mat-ung-dung' } });
      await connector.publish(makePost(), signed.ctx);
      expect(strict.state.posts).toHaveLength(1);
      expect(strict.state.requests.map((r) => r.version)).toEqual(['v25.0', 'v25.0']);
    } finally {
      await strict.close();
    }
  });

  it('posts one photo with its bytes streamed as multipart and the marker in the message', async () => {
    const opened = { count: 0 };
    const post = withMedia([image(0, opened)]);
    const result = await connector.publish(post, makeCtx(sim, log).ctx);

    expect(sim.state.photos).toHaveLength(1);
    expect(sim.state.photos[0]).toMatchObject({ sha256: images[0]!.sha, bytes: images[0]!.size, mimeType: 'image/jpeg', fileName: 'anh-hoan-luong-1.jpg', published: true });
    const [created] = sim.state.posts;
    expect(created).toMatchObject({ kind: 'photo', photoIds: [sim.state.photos[0]!.id] });
    expect(created!.message).toContain(post.marker);
    expect(result).toMatchObject({ kind: 'published', externalId: created!.id });
    expect(opened.count).toBe(1);
  });

  it('lets Facebook fetch the photo from its public URL when the channel says so', async () => {
    const withUrls = createFacebookConnector({ mediaUrl: (id) => `https://conduonghuongthien.vn/media/${id}` });
    const photo = image(0);
    await withUrls.publish(withMedia([photo]), makeCtx(sim, log, { settings: { photoUpload: 'url' } }).ctx);
    expect(sim.state.photos[0]).toMatchObject({ url: `https://conduonghuongthien.vn/media/${photo.id}`, bytes: 0 });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('uploads three photos unpublished, saving each id before the next, then attaches them to one post', async () => {
    const post = withMedia([image(0), image(1), image(2)]);
    const { ctx, saved } = makeCtx(sim, log);
    const result = await connector.publish(post, ctx);

    const ids = sim.state.photos.map((p) => p.id);
    expect(sim.state.photos.map((p) => [p.sha256, p.published])).toEqual(images.map((i) => [i.sha, false]));
    expect(saved).toEqual([{ photoIds: ids.slice(0, 1) }, { photoIds: ids.slice(0, 2) }, { photoIds: ids }]);
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.posts[0]).toMatchObject({ kind: 'album', photoIds: ids });
    expect(sim.state.posts[0]!.message).toContain(post.marker);
    expect(result).toMatchObject({ kind: 'published', externalId: sim.state.posts[0]!.id });
  });

  it('resumes a multi-photo post that failed after two photos without uploading them again', async () => {
    const opened = [{ count: 0 }, { count: 0 }, { count: 0 }];
    const post = withMedia([image(0, opened[0]), image(1, opened[1]), image(2, opened[2])]);
    const { ctx, progress } = makeCtx(sim, log);
    const photos = `/${sim.state.pageId}/photos`;
    sim.failNext({ method: 'POST', route: photos, after: 2, error: { status: 500, code: 2, message: 'Service temporarily unavailable', isTransient: true } });
    const err = await rejection(connector.publish(post, ctx));
    expect(err).toMatchObject({ kind: 'transient', code: 'FB_2', sideEffectPossible: false });
    expect(sim.state.photos).toHaveLength(2);
    expect(progress.photoIds).toEqual(sim.state.photos.map((p) => p.id));
    expect(sim.state.posts).toHaveLength(0);

    await connector.publish(post, ctx);
    expect(countRequests(sim, 'POST', photos)).toBe(4); // two, the refused third, the third again
    expect(opened.map((o) => o.count)).toEqual([1, 1, 2]);
    expect(sim.state.photos.map((p) => p.sha256)).toEqual(images.map((i) => i.sha));
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.posts[0]!.photoIds).toEqual(sim.state.photos.map((p) => p.id));
  });

  it('hands a post due later to Facebook with scheduled_publish_time, unless the channel says otherwise', async () => {
    const due = new Date(Date.now() + 3 * 3600_000);
    const scheduled = await connector.publish(makePost({ publishAt: due }), makeCtx(sim, log).ctx);
    expect(sim.state.posts[0]).toMatchObject({ published: false, scheduledPublishTime: Math.floor(due.getTime() / 1000) });
    expect(scheduled).toMatchObject({ kind: 'published', externalId: sim.state.posts[0]!.id });

    await connector.publish(makePost({ publishAt: due }), makeCtx(sim, log, { settings: { nativeScheduling: false } }).ctx);
    await connector.publish(makePost({ publishAt: new Date(Date.now() + 5 * 60_000) }), makeCtx(sim, log).ctx);
    expect(sim.state.posts.slice(1).map((p) => [p.published, p.scheduledPublishTime])).toEqual([
      [true, null],
      [true, null],
    ]);

    const album = withMedia([image(0), image(1)], { publishAt: due });
    await connector.publish(album, makeCtx(sim, log).ctx);
    expect(sim.state.photos.map((p) => p.temporary)).toEqual([true, true]);
    expect(sim.state.posts[3]).toMatchObject({ kind: 'album', published: false });
  });

  it('finds a natively scheduled post among the scheduled posts when its answer was lost', async () => {
    const post = makePost({ publishAt: new Date(Date.now() + 3600_000) });
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ method: 'POST', route: `/${sim.state.pageId}/feed`, action: 'reset-after' });
    const err = await rejection(connector.publish(post, ctx));
    expect(err.sideEffectPossible).toBe(true);
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'published', externalId: sim.state.posts[0]!.id });
    expect(countRequests(sim, 'GET', `/${sim.state.pageId}/scheduled_posts`)).toBe(1);
  });

  it('finds a natively scheduled post whose answer was lost among the Page posts once Facebook has put it out', async () => {
    let graphAhead = 0;
    const graph = await startGraphSimulator({ clock: { now: () => new Date(Date.now() + graphAhead) } });
    try {
      const post = makePost({ publishAt: new Date(Date.now() + 20 * 60_000) });
      const { ctx } = makeCtx(graph, log);
      graph.failNext({ method: 'POST', route: `/${graph.state.pageId}/feed`, action: 'reset-after' });
      expect(await rejection(connector.publish(post, ctx))).toMatchObject({ sideEffectPossible: true });
      expect(graph.state.posts[0]).toMatchObject({ published: false });
      graphAhead = 30 * 60_000;
      expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'published', externalId: graph.state.posts[0]!.id });
      expect(countRequests(graph, 'GET', `/${graph.state.pageId}/scheduled_posts`)).toBe(0);
    } finally {
      await graph.close();
    }
  });

  it('takes a post down with DELETE, and a second takedown is harmless', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    const published = await connector.publish(post, ctx);
    if (published.kind !== 'published') throw new Error('expected published');
    const ref = { deliveryId: post.deliveryId, externalId: published.externalId, url: published.url, publishedAt: new Date() };
    await connector.unpublish!(ref, ctx);
    expect(sim.state.deleted).toEqual([published.externalId]);
    await connector.unpublish!(ref, ctx);
    expect(countRequests(sim, 'DELETE', `/${published.externalId}`)).toBe(2);
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({ kind: 'absent' });
  });

  it('refuses missing credentials and broken settings before calling Graph', async () => {
    const noToken = await rejection(connector.publish(makePost(), makeCtx(sim, log, { credentials: null }).ctx));
    expect(noToken).toMatchObject({ kind: 'auth', code: 'FB_CREDENTIALS_MISSING' });
    const badVersion = await rejection(connector.publish(makePost(), makeCtx(sim, log, { settings: { apiVersion: '24' } }).ctx));
    expect(badVersion).toMatchObject({ kind: 'permanent', code: 'FB_SETTINGS_INVALID' });
    expect(badVersion.messages.vi).toContain('apiVersion');
    expect(sim.state.requests).toHaveLength(0);
  });

  it('validates what a Page post can carry before approval', () => {
    const video = fileMedia(images[0]!.path, { kind: 'video', mimeType: 'video/quicktime', sizeBytes: 5_000 });
    const doc = fileMedia(images[0]!.path, { kind: 'document', mimeType: 'application/pdf', sizeBytes: 5_000 });
    expect(connector.validate(withMedia([image(0), image(1)]))).toEqual([]);
    expect(connector.validate(makePost({ text: '', link: null })).map((p) => p.code)).toEqual(['FB_EMPTY']);
    expect(connector.validate(withMedia([image(0), video, doc])).map((p) => p.code)).toEqual(['FB_DOCUMENT_UNSUPPORTED', 'FB_MEDIA_MIXED', 'FB_VIDEO_TYPE']);
    expect(connector.validate(withMedia(Array.from({ length: 11 }, () => image(0)))).map((p) => p.code)).toEqual(['FB_TOO_MANY_IMAGES']);
  });
});
