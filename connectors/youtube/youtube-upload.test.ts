import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createYoutubeConnector } from './connector.ts';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { countRequests, createLogCapture, fileMedia, makeCtx, makePost, MIB, randomFile, refOf, rejection as rejected } from './test-kit.ts';

const { lines, log } = createLogCapture();
const rejection = (p: Promise<unknown>) => rejected(p, log);
const BIG_SIZE = 210 * MIB + 12_345;
const SMALL_SIZE = 1 * MIB + 4_321;
const BLOCK = 256 * 1024;
let dir: string;
let big: { path: string; sha: string; size: number };
let small: { path: string; sha: string; size: number };
let sim: YoutubeSimulator;
const secrets = new Set<string>();
const connector = createYoutubeConnector();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-yt-upload-'));
  big = await randomFile(path.join(dir, 'phong-su.mp4'), BIG_SIZE);
  small = await randomFile(path.join(dir, 'clip.mp4'), SMALL_SIZE);
}, 120_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  const all = lines.join('\n');
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

const media = (file: { path: string; size: number }) => fileMedia(file.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: file.size });
const sessionPuts = () => sim.state.requests.filter((r) => r.method === 'PUT' && r.route === '/upload/youtube/v3/videos');

describe('YouTube resumable upload', () => {
  it('resumes an interrupted 200 MB+ upload from the range the session holds: at most one chunk sent twice, same sha256', async () => {
    const chunk = 8 * MIB;
    const cut = Math.floor(BIG_SIZE * 0.55) + 4_321;
    const post = makePost([media(big)]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    sim.resetUploadAt(cut);

    const interrupted = await rejection(connector.publish(post, ctx));
    expect(interrupted).toMatchObject({ kind: 'transient', sideEffectPossible: false });
    const [session] = sim.state.sessions;
    // The session keeps whole 256 KiB blocks only; the client must ask, not assume.
    expect(session!.received).toBe(Math.floor(cut / BLOCK) * BLOCK);
    expect(progress.uploadUri).toBe(session!.uri);
    expect(sim.state.videos).toHaveLength(0);

    const result = await connector.publish(post, ctx);
    expect(sim.state.sessions).toHaveLength(1);
    expect(session!.received).toBe(BIG_SIZE);
    expect(session!.bytesReceived).toBeLessThanOrEqual(BIG_SIZE + chunk);
    expect(session!.sha256).toBe(big.sha);
    const puts = sessionPuts();
    const probe = puts.findIndex((r) => r.contentRange === `bytes */${BIG_SIZE}`);
    const resumeAt = Math.floor(cut / BLOCK) * BLOCK;
    expect(puts[probe]!.outcome).toBe(308);
    expect(puts[probe + 1]!.contentRange).toBe(`bytes ${resumeAt}-${resumeAt + chunk - 1}/${BIG_SIZE}`);
    expect(sim.state.videos).toHaveLength(1);
    expect(sim.state.videos[0]).toMatchObject({ sha256: big.sha, sizeBytes: BIG_SIZE, via: 'resumable' });
    expect(result).toMatchObject({ kind: 'published', externalId: sim.state.videos[0]!.id });
    expect(countRequests(sim, 'POST', '/upload/youtube/v3/videos', 'resumable')).toBe(1);
  }, 180_000);

  it('starts over from byte 0 in a new session when YouTube forgot the saved one (404)', async () => {
    const chunk = 256 * 1024;
    const post = makePost([media(small)]);
    const { ctx, saved } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    sim.resetUploadAt(600_000);
    await rejection(connector.publish(post, ctx));
    const [first] = sim.state.sessions;
    expect(first!.received).toBe(2 * chunk);
    sim.expireSessions();

    await connector.publish(post, ctx);
    const second = sim.state.sessions[1]!;
    expect(sim.state.sessions).toHaveLength(2);
    expect(second).toMatchObject({ received: SMALL_SIZE, bytesReceived: SMALL_SIZE, sha256: small.sha });
    expect(second.chunks[0]).toBe(chunk);
    expect(saved.filter((p) => 'uploadUri' in p)).toEqual([{ uploadUri: first!.uri }, { uploadUri: second.uri }]);
    expect(sim.state.videos).toHaveLength(1);
    expect(sim.state.quota.uploads.used).toBe(2);
  });

  it('a 5xx during a middle chunk is a plain retry; the same on the last chunk may have created the video', async () => {
    const chunk = 512 * 1024;
    const post = makePost([media(small)]);
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', status: 503 });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ kind: 'transient', code: 'YT_BACKEND_ERROR', sideEffectPossible: false });

    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', after: 3, status: 500, reason: 'internalError' });
    // Resumes: probe, middle chunk, then the last chunk fails.
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ kind: 'transient', code: 'YT_INTERNAL_ERROR', sideEffectPossible: true });
    expect(sim.state.videos).toHaveLength(0);
    await connector.publish(post, ctx);
    expect(sim.state.sessions[0]).toMatchObject({ sha256: small.sha });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('a chunk answered 308 with Retry-After ends the attempt with that time; the next attempt resumes the same session', async () => {
    const chunk = 256 * 1024;
    const post = makePost([media(small)]);
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    sim.askRetryAfter(120);
    const t0 = Date.now();
    const asked = await rejection(connector.publish(post, ctx));
    expect(asked).toMatchObject({ kind: 'transient', code: 'YT_UPLOAD_RETRY_AFTER', sideEffectPossible: false });
    expect(asked.retryAt!.getTime()).toBeGreaterThanOrEqual(t0 + 120_000);
    expect(sessionPuts()).toHaveLength(1);
    expect(sim.state.sessions[0]!.received).toBe(0);

    await connector.publish(post, ctx);
    expect(sim.state.sessions).toHaveLength(1);
    expect(sim.state.sessions[0]).toMatchObject({ received: SMALL_SIZE, sha256: small.sha });
    expect(sim.state.videos).toHaveLength(1);
  });
});

describe('YouTube reconcile', () => {
  it('a lost answer to the last chunk is unconfirmed; reconcile asks the session and finds exactly one video', async () => {
    const chunk = 512 * 1024;
    const post = makePost([media(small)]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', after: 2, action: 'reset-after' });

    const lost = await rejection(connector.publish(post, ctx));
    expect(lost).toMatchObject({ kind: 'transient', sideEffectPossible: true });
    expect(sim.state.videos).toHaveLength(1);
    expect(progress.videoId).toBeUndefined();

    const found = await connector.reconcile!(refOf(post, { ...progress }), ctx);
    expect(found).toEqual({ kind: 'published', externalId: sim.state.videos[0]!.id, url: `https://www.youtube.com/watch?v=${sim.state.videos[0]!.id}` });
    expect(countRequests(sim, 'GET', '/youtube/v3/channels')).toBe(0);
    expect(sim.state.videos).toHaveLength(1);
    expect(countRequests(sim, 'POST', '/upload/youtube/v3/videos', 'resumable')).toBe(1);
  });

  it('with the session gone, reconcile finds the video by the marker in the uploads listing (full descriptions from videos.list)', async () => {
    const chunk = 512 * 1024;
    const post = makePost([media(small)]);
    const full = { ...post, text: `${'Mô tả dài về hành trình hoàn lương. '.repeat(10)}\n\nXem chi tiết: ${post.link}` };
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    for (let i = 0; i < 3; i++) sim.seedVideo({ title: `Video cũ ${i}`, description: 'loa:khac', uploadedAt: new Date(Date.now() - i * 3600_000) });
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', after: 2, action: 'reset-after' });
    await rejection(connector.publish(full, ctx));
    sim.expireSessions();

    const found = await connector.reconcile!(refOf(full, { ...progress }), ctx);
    const uploaded = sim.state.videos.find((v) => v.via === 'resumable')!;
    expect(uploaded.snippet.description.indexOf(full.marker)).toBeGreaterThan(160);
    expect(found).toMatchObject({ kind: 'published', externalId: uploaded.id });
    expect(countRequests(sim, 'GET', '/youtube/v3/channels')).toBe(1);
    expect(sim.state.videos.filter((v) => v.via === 'resumable')).toHaveLength(1);
  });

  it('proves absence: an unfinished session made no video; an uploads listing read past the attempt start lacks the marker', async () => {
    const post = makePost([media(small)]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: 256 * 1024 } });
    sim.resetUploadAt(300_000);
    await rejection(connector.publish(post, ctx));
    expect(await connector.reconcile!(refOf(post, { ...progress }), ctx)).toEqual({ kind: 'absent' });
    expect(countRequests(sim, 'GET', '/youtube/v3/channels')).toBe(0);

    const attemptStartedAt = new Date(Date.now() - 5 * 3600_000);
    for (let i = 0; i < 70; i++) sim.seedVideo({ title: `Video ${i}`, description: `loa:khac-${i}`, uploadedAt: new Date(Date.now() - i * 5 * 60_000) });
    expect(await connector.reconcile!(refOf(post, {}, attemptStartedAt), ctx)).toEqual({ kind: 'absent' });
    expect(countRequests(sim, 'GET', '/youtube/v3/playlistItems')).toBe(2);

    // One page (50 uploads, back to about 4 hours ago) cannot cover those five hours: not proof of absence.
    const { ctx: onePage } = makeCtx(sim, log, { settings: { reconcilePages: 1 } });
    expect(await rejection(connector.reconcile!(refOf(post, {}, attemptStartedAt), onePage))).toMatchObject({
      kind: 'transient',
      code: 'YT_RECONCILE_WINDOW_NOT_COVERED',
    });
  });

  it('"cannot tell", never "absent", when videos.list leaves out an upload of the window (its description could hold the marker)', async () => {
    const post = makePost([media(small)]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: 512 * 1024 } });
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', after: 2, action: 'reset-after' });
    await rejection(connector.publish(post, ctx));
    sim.expireSessions();
    sim.state.metadataHidden.add(sim.state.videos[0]!.id);
    expect(await connector.reconcile!(refOf(post, { ...progress }), ctx)).toMatchObject({ kind: 'cannot_tell', code: 'YT_RECONCILE_METADATA_HIDDEN' });
    sim.state.metadataHidden.clear();
    // A listing that names no video for its entries cannot show the marker either.
    sim.state.playlistHidesVideoIds = true;
    expect(await connector.reconcile!(refOf(post, { ...progress }), ctx)).toMatchObject({ kind: 'cannot_tell', code: 'YT_RECONCILE_METADATA_HIDDEN' });
    sim.state.playlistHidesVideoIds = false;
    expect(await connector.reconcile!(refOf(post, { ...progress }), ctx)).toMatchObject({ kind: 'published', externalId: sim.state.videos[0]!.id });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('a found video still `uploaded` is not published by reconcile: its id is saved and the publish resumes into processing (§2.5)', async () => {
    // As real YouTube: `uploaded` in the final answer, `processed` a moment later.
    sim.state.processingMs = 4000;
    const post = makePost([media(small)]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: 512 * 1024 } });
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', after: 2, action: 'reset-after' });
    await rejection(connector.publish(post, ctx));
    sim.expireSessions();
    const [uploaded] = sim.state.videos;
    const ref = refOf(post, { ...progress });

    expect(await connector.reconcile!(ref, ctx)).toEqual({ kind: 'resume' });
    expect(progress).toMatchObject({ videoId: uploaded!.id, uploadedAt: ref.attemptEndedAt.toISOString() });
    expect(await connector.publish(post, ctx)).toMatchObject({ kind: 'processing', handle: { videoId: uploaded!.id } });
    await new Promise((r) => setTimeout(r, Math.max(0, uploaded!.processesAt!.getTime() - Date.now()) + 50));
    expect(await connector.publish(post, ctx)).toMatchObject({ kind: 'published', externalId: uploaded!.id });
    uploaded!.status.uploadStatus = 'rejected';
    expect(await connector.reconcile!(ref, ctx)).toEqual({ kind: 'resume' });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ kind: 'permanent', code: 'YT_VIDEO_REJECTED' });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('a reconciled video gets the thumbnail the lost step never set', async () => {
    const sharp = (await import('sharp')).default;
    const imagePath = path.join(dir, 'anh.jpg');
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#b91c1c' } }).jpeg().toFile(imagePath);
    const image = fileMedia(imagePath, { kind: 'image', mimeType: 'image/jpeg', sizeBytes: (await fs.stat(imagePath)).size });
    const post = makePost([media(small), image]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: 512 * 1024 } });
    sim.failNext({ route: '/upload/youtube/v3/videos', method: 'PUT', after: 2, action: 'reset-after' });
    await rejection(connector.publish(post, ctx));
    expect(sim.state.videos[0]!.thumbnail).toBeNull();
    await connector.reconcile!(refOf(post, { ...progress }), ctx);
    expect(sim.state.videos[0]!.thumbnail).toMatchObject({ width: 1280, height: 720 });
  });
});
