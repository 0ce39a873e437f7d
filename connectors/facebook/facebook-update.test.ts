import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalRef, Published, RenderedPost } from '../contract.ts';
import { createFacebookConnector } from './connector.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { countRequests, createLogCapture, fileMedia, makeCtx, makePost, rejection, withMedia } from './test-kit.ts';

const { log } = createLogCapture();
const connector = createFacebookConnector();
let dir: string;
let photo: { path: string; size: number };
let sim: GraphSimulator;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-fb-edit-'));
  const file = path.join(dir, 'anh.jpg');
  await sharp({ create: { width: 320, height: 200, channels: 3, background: '#1d4ed8' } }).jpeg().toFile(file);
  photo = { path: file, size: (await fs.readFile(file)).length };
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
beforeEach(async () => {
  sim = await startGraphSimulator();
});
afterEach(() => sim.close());

const refTo = (post: RenderedPost, published: Published): ExternalRef => ({ deliveryId: post.deliveryId, externalId: published.externalId, url: published.url, publishedAt: new Date() });
const revised = (post: RenderedPost, text: string): RenderedPost => ({ ...post, revisionId: 'rev-2', title: 'Bản sửa', text });

describe('Facebook corrections: the post text is edited in place (#11 finding 4)', () => {
  it('edits a link post’s message on the same post id; the link with its marker stays; no second post', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    const first = (await connector.publish(post, ctx)) as Published;
    const again = await connector.update!(refTo(post, first), revised(post, 'Nội dung đã đính chính.'), ctx);

    expect(again).toEqual(first);
    expect(sim.state.posts).toHaveLength(1);
    expect(sim.state.posts[0]).toMatchObject({ id: first.externalId, message: 'Nội dung đã đính chính.', link: post.link });
    expect(countRequests(sim, 'POST', `/${sim.state.pageId}/feed`)).toBe(1);
  });

  it('edits a photo post’s message without uploading the photo again; the marker stays in the text', async () => {
    const image = fileMedia(photo.path, { kind: 'image', mimeType: 'image/jpeg', sizeBytes: photo.size, fileName: 'anh.jpg' });
    const post = withMedia([image]);
    const { ctx } = makeCtx(sim, log);
    const first = (await connector.publish(post, ctx)) as Published;
    await connector.update!(refTo(post, first), revised(post, 'Chú thích ảnh đã sửa.'), ctx);

    expect(sim.state.photos).toHaveLength(1);
    expect(countRequests(sim, 'POST', `/${sim.state.pageId}/photos`)).toBe(1);
    const edited = sim.state.posts.find((p) => p.id === first.externalId)!;
    expect(edited.message).toContain('Chú thích ảnh đã sửa.');
    expect(edited.message).toContain(post.marker);
  });

  it('edits a video’s title and description in place; the file is not sent again', async () => {
    const video = fileMedia(photo.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: 2048, fileName: 'clip.mp4' });
    const post = withMedia([video]);
    sim.state.videos.push({ id: '7001', handle: 'h', title: post.title, description: post.text, createdTime: new Date(), published: true, scheduledPublishTime: null, status: 'ready', reactions: 0, comments: 0 });
    const { ctx } = makeCtx(sim, log);
    await connector.update!({ deliveryId: post.deliveryId, externalId: '7001', url: null, publishedAt: new Date() }, revised(post, 'Mô tả mới.'), ctx);

    expect(sim.state.videos[0]).toMatchObject({ id: '7001', title: 'Bản sửa' });
    expect(sim.state.videos[0]!.description).toContain('Mô tả mới.');
    expect(sim.state.uploadSessions).toHaveLength(0);
  });

  it('a Graph 500 during the edit is a transient error (the engine retries the edit), and a deleted post a permanent one; neither posts anything', async () => {
    const post = makePost();
    const { ctx } = makeCtx(sim, log);
    const first = (await connector.publish(post, ctx)) as Published;
    sim.failNext({ route: `/${first.externalId}`, method: 'POST', error: { code: 2, status: 500, isTransient: true } });
    expect(await rejection(connector.update!(refTo(post, first), revised(post, 'Lần 1'), ctx))).toMatchObject({ kind: 'transient' });
    expect(await connector.update!(refTo(post, first), revised(post, 'Lần 1'), ctx)).toEqual(first);

    sim.state.deleted.push(first.externalId);
    expect(await rejection(connector.update!(refTo(post, first), revised(post, 'Lần 2'), ctx))).toMatchObject({ kind: 'permanent' });
    expect(countRequests(sim, 'POST', `/${sim.state.pageId}/feed`)).toBe(1);
  });
});
