import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalRef, RenderedPost } from '../contract.ts';
import { createYoutubeConnector } from './connector.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { countRequests, createLogCapture, fileMedia, makeCtx, makePost, randomFile, rejection } from './test-kit.ts';

const { log } = createLogCapture();
let dir: string;
let clip: { path: string; size: number };
let sim: YoutubeSimulator;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-yt-edit-'));
  clip = await randomFile(path.join(dir, 'clip.mp4'), 300 * 1024);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
beforeEach(async () => {
  sim = await startYoutubeSimulator();
});
afterEach(() => sim.close());

const video = () => fileMedia(clip.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: clip.size, fileName: 'Phóng sự.mp4' });

describe('YouTube corrections: videos.update of the snippet (#11 finding 4)', () => {
  it('edits title, description and tags of the same video; the marker stays in the description; nothing is uploaded again', async () => {
    const connector = createYoutubeConnector();
    const post = makePost([video()]);
    const { ctx } = makeCtx(sim, log);
    const first = await connector.publish(post, ctx);
    if (first.kind !== 'published') throw new Error('expected a published video');
    const ref: ExternalRef = { deliveryId: post.deliveryId, externalId: first.externalId, url: first.url, publishedAt: new Date() };
    const revised: RenderedPost = { ...post, revisionId: 'rev-2', title: 'Phóng sự (đính chính)', text: `Mô tả đã sửa.\n\n${post.link}`, hashtags: ['#DinhChinh'] };

    expect(await connector.update!(ref, revised, ctx)).toEqual(first);
    expect(sim.state.videos).toHaveLength(1);
    const v = sim.state.videos[0]!;
    expect(v.id).toBe(first.externalId);
    expect(v.snippet).toMatchObject({ title: 'Phóng sự (đính chính)' });
    expect(v.snippet.description).toContain('Mô tả đã sửa.');
    expect(v.snippet.description).toContain(post.marker);
    expect(v.snippet.tags).toContain('DinhChinh');
    expect(sim.state.sessions).toHaveLength(1);
  });

  it('a title YouTube refuses (over 100 characters, §2.3) is a permanent error; a 503 a transient one; the video is unchanged', async () => {
    const connector = createYoutubeConnector();
    const post = makePost([video()]);
    const { ctx } = makeCtx(sim, log);
    const first = await connector.publish(post, ctx);
    if (first.kind !== 'published') throw new Error('expected a published video');
    const ref: ExternalRef = { deliveryId: post.deliveryId, externalId: first.externalId, url: first.url, publishedAt: new Date() };
    const title = sim.state.videos[0]!.snippet.title;

    expect(await rejection(connector.update!(ref, { ...post, title: 'Đ'.repeat(101) }, ctx))).toMatchObject({ kind: 'permanent' });
    sim.failNext({ route: '/youtube/v3/videos', method: 'PUT', status: 503 });
    expect(await rejection(connector.update!(ref, { ...post, title: 'Mới' }, ctx))).toMatchObject({ kind: 'transient' });
    expect(sim.state.videos[0]!.snippet.title).toBe(title);
    expect(countRequests(sim, 'PUT', '/youtube/v3/videos')).toBe(2);
  });
});
