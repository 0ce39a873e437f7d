import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createYoutubeConnector } from './connector.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { countRequests, createLogCapture, fileMedia, makeCtx, makePost, randomFile, rejection as rejected } from './test-kit.ts';

const { lines, log } = createLogCapture();
const rejection = (p: Promise<unknown>) => rejected(p, log);
const KIB = 1024;
const VIDEO_SIZE = 700 * KIB + 123;
const CHUNK = 256 * KIB;
let dir: string;
let clip: { path: string; sha: string; size: number };
let photo: { path: string; size: number };
let noisy: { path: string; size: number };
let sim: YoutubeSimulator;
const secrets = new Set<string>();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-yt-'));
  clip = await randomFile(path.join(dir, 'clip.mp4'), VIDEO_SIZE);
  const photoPath = path.join(dir, 'anh.png');
  await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#1d4ed8' } }).png().toFile(photoPath);
  photo = { path: photoPath, size: (await fs.stat(photoPath)).size };
  // Random pixels: the worst case for JPEG, so the quality must come down to fit.
  const noisyPath = path.join(dir, 'nhieu.png');
  await sharp(randomBytes(1600 * 900 * 3), { raw: { width: 1600, height: 900, channels: 3 } }).png().toFile(noisyPath);
  noisy = { path: noisyPath, size: (await fs.stat(noisyPath)).size };
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  const all = lines.join('\n');
  expect(secrets.size).toBeGreaterThan(0);
  for (const secret of secrets) expect(all).not.toContain(secret);
});
beforeEach(async () => {
  sim = await startYoutubeSimulator();
  secrets.add(sim.oauth.refreshToken).add(sim.oauth.clientSecret);
});
afterEach(async () => {
  for (const token of sim.issuedAccessTokens()) secrets.add(token);
  await sim.close();
});

const video = () => fileMedia(clip.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: clip.size, fileName: 'Phóng sự hoàn lương.mp4' });
const image = (file = photo) => fileMedia(file.path, { kind: 'image', mimeType: 'image/png', sizeBytes: file.size, fileName: 'anh.png' });

describe('YouTube publish: resumable upload, then thumbnail', () => {
  it('a video YouTube still processes is `processing` until videos.list says processed; one it rejects fails for good', async () => {
    const connector = createYoutubeConnector();
    sim.state.nextUploadStatus = 'uploaded';
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: CHUNK } });
    const result = await connector.publish(makePost([video()]), ctx);
    const [created] = sim.state.videos;
    expect(result).toEqual({ kind: 'processing', handle: { videoId: created!.id, uploadedAt: expect.any(String) }, pollAfterMs: 60_000 });
    const handle = result.kind === 'processing' ? result.handle : null;
    expect(await connector.checkProcessing!(handle, ctx)).toMatchObject({ kind: 'processing' });
    created!.status.uploadStatus = 'processed';
    expect(await connector.checkProcessing!(handle, ctx)).toEqual({ kind: 'published', externalId: created!.id, url: `https://www.youtube.com/watch?v=${created!.id}` });
    // Still `uploaded` past the limit: the video is on the channel, so it counts as published rather than polled for ever.
    created!.status.uploadStatus = 'uploaded';
    const longAgo = { videoId: created!.id, uploadedAt: new Date(Date.now() - 11 * 60_000).toISOString() };
    expect(await connector.checkProcessing!(longAgo, ctx)).toMatchObject({ kind: 'published', externalId: created!.id });
    created!.status = { ...created!.status, uploadStatus: 'rejected', rejectionReason: 'duplicate' };
    const duplicate = await rejection(connector.checkProcessing!(handle, ctx));
    expect(duplicate).toMatchObject({ kind: 'permanent', code: 'YT_VIDEO_REJECTED', platformCode: 'duplicate' });
    // The reason in words; YouTube's own value only in platformCode.
    expect(duplicate.messages.vi).toBe(
      `YouTube không nhận video ${created!.id} sau khi tải lên: video trùng với một video đã có trên kênh. Hãy xem YouTube Studio, sửa tệp hoặc nội dung rồi đăng lại (mã lỗi ghi ở mục "Các lần thử")`,
    );

    sim.state.nextUploadStatus = 'failed';
    expect(await rejection(connector.publish(makePost([video()]), makeCtx(sim, log, { settings: { chunkSizeBytes: CHUNK } }).ctx))).toMatchObject({
      kind: 'permanent',
      code: 'YT_VIDEO_FAILED',
      sideEffectPossible: false,
    });
    expect(sim.state.thumbnails).toHaveLength(0);
  });

  it('uploads a video scheduled with publishAt, the marker in its description, then sets a 1280×720 thumbnail', async () => {
    const connector = createYoutubeConnector();
    const publishAt = new Date(Date.now() + 3 * 24 * 3600_000);
    const post = makePost([video(), image()], { publishAt });
    const { ctx, saved } = makeCtx(sim, log, { settings: { chunkSizeBytes: CHUNK } });
    const videosAtSave: number[] = [];
    const save = ctx.saveProgress;
    ctx.saveProgress = async (patch) => {
      videosAtSave.push(sim.state.thumbnails.length);
      await save(patch);
    };

    const result = await connector.publish(post, ctx);

    const [session] = sim.state.sessions;
    expect(sim.state.sessions).toHaveLength(1);
    expect(session).toMatchObject({ total: VIDEO_SIZE, received: VIDEO_SIZE, bytesReceived: VIDEO_SIZE, sha256: clip.sha, contentType: 'video/mp4' });
    expect(session!.chunks).toEqual([CHUNK, CHUNK, VIDEO_SIZE - 2 * CHUNK]);
    const [created] = sim.state.videos;
    expect(sim.state.videos).toHaveLength(1);
    expect(created!.snippet).toMatchObject({ title: post.title, categoryId: '22', defaultLanguage: 'vi' });
    expect(created!.snippet.description).toBe(post.text);
    expect(created!.snippet.description).toContain(post.marker);
    expect(created!.snippet.tags).toEqual(['Con đường hướng thiện', 'ConDuongHuongThien', 'TaiHoaNhap']);
    expect(created!.status).toMatchObject({ privacyStatus: 'private', publishAt: publishAt.toISOString(), selfDeclaredMadeForKids: false, containsSyntheticMedia: false });
    expect(created!.thumbnail).toMatchObject({ width: 1280, height: 720, format: 'jpeg', contentType: 'image/jpeg' });
    expect(created!.thumbnail!.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);

    expect(saved).toEqual([{ uploadUri: session!.uri }, { uploadedAt: expect.any(String), videoId: created!.id }, { thumbnailSet: true }]);
    // The video id was saved before the thumbnail request went out.
    expect(videosAtSave).toEqual([0, 0, 1]);
    expect(result).toEqual({ kind: 'published', externalId: created!.id, url: `https://www.youtube.com/watch?v=${created!.id}` });
    expect(countRequests(sim, 'POST', '/upload/youtube/v3/videos', 'resumable')).toBe(1);
    expect(sim.state.quota).toEqual({ uploads: { used: 1, limit: 100 }, units: { used: 50, limit: 10_000 } });
  });

  it('publishes a video due now with the channel privacy and no thumbnail when the channel skips them', async () => {
    const connector = createYoutubeConnector();
    const post = makePost([video(), image()]);
    const { ctx, saved } = makeCtx(sim, log, { settings: { privacyStatus: 'unlisted', thumbnail: 'none', categoryId: 27, containsSyntheticMedia: true } });
    await connector.publish(post, ctx);
    const [created] = sim.state.videos;
    expect(created!.status).toMatchObject({ privacyStatus: 'unlisted', containsSyntheticMedia: true });
    expect(created!.status.publishAt).toBeUndefined();
    expect(created!.snippet.categoryId).toBe('27');
    expect(created!.thumbnail).toBeNull();
    expect(saved.map((p) => Object.keys(p)[0])).toEqual(['uploadUri', 'videoId']);
  });

  it('puts the marker link back when the description lost it', async () => {
    const connector = createYoutubeConnector();
    const post = makePost([video()]);
    const { ctx } = makeCtx(sim, log);
    await connector.publish({ ...post, text: 'Một đoạn mô tả đã bị sửa tay.' }, ctx);
    expect(sim.state.videos[0]!.snippet.description).toBe(`Một đoạn mô tả đã bị sửa tay.\n\n${post.link}`);
  });

  it('resumes after the video step: a failed thumbnail is retried without uploading the video again', async () => {
    const connector = createYoutubeConnector();
    const post = makePost([video(), image()]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: CHUNK } });
    sim.failNext({ route: '/upload/youtube/v3/thumbnails/set', status: 503 });

    const failed = await rejection(connector.publish(post, ctx));
    expect(failed).toMatchObject({ kind: 'transient', code: 'YT_BACKEND_ERROR', sideEffectPossible: false });
    expect(progress.videoId).toBe(sim.state.videos[0]!.id);
    const putsBefore = countRequests(sim, 'PUT', '/upload/youtube/v3/videos');

    const result = await connector.publish(post, ctx);
    expect(sim.state.videos).toHaveLength(1);
    expect(sim.state.sessions).toHaveLength(1);
    expect(countRequests(sim, 'POST', '/upload/youtube/v3/videos', 'resumable')).toBe(1);
    expect(countRequests(sim, 'PUT', '/upload/youtube/v3/videos')).toBe(putsBefore);
    expect(sim.state.videos[0]!.thumbnail).not.toBeNull();
    expect(result).toMatchObject({ externalId: sim.state.videos[0]!.id });

    // Once both steps are saved, a third run only reads the video's processing state (§2.5).
    const requests = sim.state.requests.length;
    await connector.publish(post, ctx);
    expect(sim.state.requests.slice(requests).filter((r) => r.route !== '/token').map((r) => `${r.method} ${r.route}`)).toEqual(['GET /youtube/v3/videos']);
  });

  it('lowers the JPEG quality until the thumbnail fits; a thumbnail YouTube refuses leaves the video published', async () => {
    const limit = 200 * 1024;
    const connector = createYoutubeConnector();
    const small = await startYoutubeSimulator({ thumbnailMaxBytes: limit });
    try {
      const { ctx } = makeCtx(small, log, { settings: { thumbnailMaxBytes: limit } });
      await connector.publish(makePost([video(), image(noisy)]), ctx);
      const thumb = small.state.videos[0]!.thumbnail!;
      expect(thumb).toMatchObject({ width: 1280, height: 720, format: 'jpeg' });
      expect(thumb.bytes).toBeLessThanOrEqual(limit);

      // A thumbnail YouTube refuses for good does not fail a delivery whose video is out.
      const { ctx: tooBig, progress } = makeCtx(small, log, { settings: { thumbnailMaxBytes: 2 * 1024 * 1024 } });
      const result = await connector.publish(makePost([video(), image(noisy)]), tooBig);
      expect(result).toMatchObject({ kind: 'published', externalId: small.state.videos[1]!.id });
      expect(small.state.videos[1]!.thumbnail).toBeNull();
      expect(progress).toMatchObject({ videoId: small.state.videos[1]!.id, thumbnailSet: false, thumbnailError: 'YT_INVALID_IMAGE' });
      expect(lines.some((l) => l.includes('YouTube thumbnail refused') && l.includes('YT_INVALID_IMAGE'))).toBe(true);
      for (const token of small.issuedAccessTokens()) secrets.add(token);
    } finally {
      await small.close();
    }
  });

  it('validates YouTube limits before approval', () => {
    const connector = createYoutubeConnector();
    const ok = makePost([video(), image()]);
    expect(connector.validate(ok)).toEqual([]);
    const problems = connector.validate({
      ...ok,
      title: 'T'.repeat(101),
      text: `<b>đậm</b> ${'ư'.repeat(2600)} ${ok.link}`,
      media: [fileMedia(photo.path, { kind: 'image', mimeType: 'image/svg+xml', sizeBytes: 10 })],
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['/title', 'YT_TITLE_TOO_LONG'],
      ['/body', 'YT_DESCRIPTION_TOO_LONG'],
      ['/body', 'YT_DESCRIPTION_CHARACTERS'],
      ['/media', 'YT_VIDEO_REQUIRED'],
      ['/media', 'YT_THUMBNAIL_TYPE'],
    ]);
  });
});

describe('YouTube takedown', () => {
  it('makes the video private (keeping its other status fields, dropping publishAt) or deletes it, as the channel says', async () => {
    const connector = createYoutubeConnector();
    const { ctx } = makeCtx(sim, log, { settings: { containsSyntheticMedia: true } });
    const scheduled = await connector.publish(makePost([video()], { publishAt: new Date(Date.now() + 86_400_000) }), ctx);
    const ref = { deliveryId: 'd1', externalId: scheduled.kind === 'published' ? scheduled.externalId : '', url: null, publishedAt: null };
    sim.state.videos[0]!.status.embeddable = false;

    await connector.unpublish!(ref, ctx);
    expect(sim.state.videos[0]!.status).toMatchObject({ privacyStatus: 'private', embeddable: false, containsSyntheticMedia: true });
    expect(sim.state.videos[0]!.status.publishAt).toBeUndefined();
    expect(sim.state.videos[0]!.deleted).toBe(false);

    const { ctx: deleting } = makeCtx(sim, log, { settings: { takedownMode: 'delete' } });
    await connector.unpublish!(ref, deleting);
    expect(sim.state.videos[0]!.deleted).toBe(true);
    // A video already gone counts as taken down.
    await connector.unpublish!(ref, deleting);
    await connector.unpublish!(ref, ctx);
    expect(countRequests(sim, 'DELETE', '/youtube/v3/videos')).toBe(2);
  });
});
