import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookConnector } from './connector.ts';
import { startGraphSimulator, type GraphSimulator } from './simulator.ts';
import { MIB, randomFile } from '../test-kit.ts';
import { countRequests, createLogCapture, fileMedia, makeCtx, makePost, refOf, rejection, withMedia } from './test-kit.ts';

const { lines, log } = createLogCapture();
const connector = createFacebookConnector();
const BIG_SIZE = 210 * MIB + 12_345;
const SMALL_SIZE = 300 * 1024 + 7;
let dir: string;
let big: { path: string; sha: string };
let small: { path: string; sha: string };
let sim: GraphSimulator;
const seenTokens = new Set<string>();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-fb-video-'));
  big = await randomFile(path.join(dir, 'phong-su.mp4'), BIG_SIZE);
  small = await randomFile(path.join(dir, 'clip.mp4'), SMALL_SIZE);
}, 120_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  const all = lines.join('\n');
  for (const token of seenTokens) expect(all).not.toContain(token);
});
beforeEach(async () => {
  sim = await startGraphSimulator();
  seenTokens.add(sim.tokens.page).add(sim.tokens.user);
});
afterEach(() => sim.close());

const video = (file: { path: string }, size: number) => fileMedia(file.path, { kind: 'video', mimeType: 'video/mp4', sizeBytes: size, fileName: 'Phóng sự hoàn lương.mp4' });
const uploadPosts = () => countRequests(sim, 'POST', /^\/upload:/);

describe('Facebook video through the Resumable Upload API', () => {
  it('opens a session with the user token, sends chunks with file_offset and OAuth, publishes the handle, then waits for processing', async () => {
    sim.state.nextVideoStatus = 'processing';
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx, saved } = makeCtx(sim, log, { settings: { chunkSizeBytes: 128 * 1024 }, credentials: { pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.user } });
    const result = await connector.publish(post, ctx);

    const [session] = sim.state.uploadSessions;
    expect(session).toMatchObject({ fileLength: SMALL_SIZE, offset: SMALL_SIZE, bytesReceived: SMALL_SIZE, sha256: small.sha, fileType: 'video/mp4', openedWith: 'USER', requests: 3 });
    const chunks = sim.state.requests.filter((r) => r.route.startsWith('/upload:'));
    expect(chunks.map((r) => [r.auth, r.fileOffset])).toEqual([
      ['OAuth', 0],
      ['OAuth', 131_072],
      ['OAuth', 262_144],
    ]);
    expect(saved).toEqual([{ videoUploadSession: session!.id }, { videoHandle: session!.handle }]);
    const [created] = sim.state.videos;
    expect(created).toMatchObject({ handle: session!.handle, title: post.title });
    expect(created!.description).toContain(post.marker);
    expect(result).toEqual({ kind: 'processing', handle: { videoId: created!.id }, pollAfterMs: 30_000 });

    expect(await connector.checkProcessing!({ videoId: created!.id }, ctx)).toMatchObject({ kind: 'processing' });
    created!.status = 'ready';
    expect(await connector.checkProcessing!({ videoId: created!.id }, ctx)).toEqual({
      kind: 'published',
      externalId: created!.id,
      url: `https://www.facebook.com/${sim.state.pageId}/videos/${created!.id}/`,
    });
    created!.status = 'error';
    expect(await rejection(connector.checkProcessing!({ videoId: created!.id }, ctx))).toMatchObject({ kind: 'permanent', code: 'FB_VIDEO_PROCESSING_FAILED' });
  });

  it('a video node without `status` is published, not processing for ever; an expired video fails for good', async () => {
    sim.state.nextVideoStatus = 'processing';
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: 128 * 1024 }, credentials: { pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.user } });
    const result = await connector.publish(withMedia([video(small, SMALL_SIZE)]), ctx);
    const [created] = sim.state.videos;
    expect(result).toMatchObject({ kind: 'processing' });
    sim.state.videoNodeOmitsStatus = true;
    expect(await connector.checkProcessing!({ videoId: created!.id }, ctx)).toMatchObject({ kind: 'published', externalId: created!.id });
    sim.state.videoNodeOmitsStatus = false;
    created!.status = 'expired';
    expect(await rejection(connector.checkProcessing!({ videoId: created!.id }, ctx))).toMatchObject({ kind: 'permanent', code: 'FB_VIDEO_EXPIRED' });
  });

  it('resumes an interrupted 200 MB+ upload from the server offset: no byte sent twice beyond one chunk, same sha256', async () => {
    const chunk = 8 * MIB;
    const cut = Math.floor(BIG_SIZE * 0.55) + 4_321;
    const post = withMedia([video(big, BIG_SIZE)]);
    const { ctx, progress } = makeCtx(sim, log, { settings: { chunkSizeBytes: chunk } });
    sim.failNext({ action: 'reset-upload-at', offset: cut });

    const interrupted = await rejection(connector.publish(post, ctx));
    expect(interrupted).toMatchObject({ kind: 'transient', sideEffectPossible: false });
    const [session] = sim.state.uploadSessions;
    expect(session!.offset).toBe(cut);
    expect(sim.state.requests.filter((r) => r.outcome === 'reset')).toHaveLength(1);
    expect(progress.videoUploadSession).toBe(session!.id);
    expect(sim.state.videos).toHaveLength(0);

    const result = await connector.publish(post, ctx);
    expect(sim.state.uploadSessions).toHaveLength(1);
    expect(session!.offset).toBe(BIG_SIZE);
    expect(session!.bytesReceived).toBeLessThanOrEqual(BIG_SIZE + chunk);
    expect(session!.sha256).toBe(big.sha);
    const gets = sim.state.requests.filter((r) => r.method === 'GET' && r.route.startsWith('/upload:'));
    expect(gets).toHaveLength(1);
    const resumedAt = sim.state.requests.indexOf(gets[0]!) + 1;
    expect(sim.state.requests[resumedAt]).toMatchObject({ method: 'POST', fileOffset: cut });
    expect(sim.state.videos).toHaveLength(1);
    expect(result).toMatchObject({ kind: 'processing', handle: { videoId: sim.state.videos[0]!.id } });
  }, 120_000);

  it.each(['handle', 'bare'] as const)('a chunk answered %s (no file_offset) is not assumed landed: the session offset is read before the next chunk', async (answer) => {
    sim.state.chunkAnswer = answer;
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: 128 * 1024 } });
    await connector.publish(post, ctx);
    const [session] = sim.state.uploadSessions;
    expect(session).toMatchObject({ offset: SMALL_SIZE, bytesReceived: SMALL_SIZE, sha256: small.sha });
    expect(sim.state.requests.filter((r) => r.route.startsWith('/upload:')).map((r) => [r.method, r.fileOffset ?? null])).toEqual([
      ['POST', 0],
      ['GET', null],
      ['POST', 131_072],
      ['GET', null],
      ['POST', 262_144],
    ]);
    expect(sim.state.videos).toMatchObject([{ handle: session!.handle }]);
  });

  it('follows the offset Graph says it expects (1363037) instead of failing', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: 64 * 1024 } });
    // The second chunk is refused with a wrong expected offset; the real server offset then corrects it back.
    sim.failNext({ method: 'POST', route: /^\/upload:/, after: 1, error: { code: 6001, subcode: 1363037, errorData: { start_offset: 0, end_offset: 65_536 } } });
    await connector.publish(post, ctx);
    const [session] = sim.state.uploadSessions;
    expect(session).toMatchObject({ offset: SMALL_SIZE, sha256: small.sha });
    expect(sim.state.requests.filter((r) => r.route.startsWith('/upload:')).slice(0, 4).map((r) => [r.fileOffset, r.outcome])).toEqual([
      [0, 200],
      [65_536, 400],
      [0, 400],
      [65_536, 200],
    ]);
  });

  it('a chunk refused with video subcode 6000 (§1.5: retry) is transient, and the next attempt resumes from the session offset', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: 128 * 1024 } });
    sim.failNext({ method: 'POST', route: /^\/upload:/, after: 1, error: { code: 100, subcode: 6000, message: 'There was a problem uploading your video file. Please try again.' } });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ kind: 'transient', code: 'FB_100_6000', sideEffectPossible: false });
    await connector.publish(post, ctx);
    expect(sim.state.uploadSessions).toHaveLength(1);
    expect(sim.state.uploadSessions[0]).toMatchObject({ offset: SMALL_SIZE, sha256: small.sha });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('a chunk refused because Graph no longer knows the session (#100/33) is transient, as when the saved session is read, not a failed post', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: 128 * 1024 } });
    sim.failNext({ method: 'POST', route: /^\/upload:/, after: 1, error: { code: 100, subcode: 33, type: 'GraphMethodException', message: "Unsupported post request. Object with ID 'upload:x' does not exist" } });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ kind: 'transient', code: 'FB_UPLOAD_SESSION_GONE', sideEffectPossible: false });
    await connector.publish(post, ctx);
    expect(sim.state.uploadSessions).toHaveLength(1);
    expect(sim.state.uploadSessions[0]).toMatchObject({ offset: SMALL_SIZE, sha256: small.sha });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('reuses the saved handle when only the publish step failed, and reconciles a video accepted then answered 500', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx, progress } = makeCtx(sim, log);
    const videos = `/${sim.state.pageId}/videos`;
    sim.failNext({ method: 'POST', route: videos, error: { code: 32, message: 'Page request limit reached' } });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ kind: 'rate_limited', sideEffectPossible: false });
    expect(typeof progress.videoHandle).toBe('string');
    const sent = uploadPosts();

    sim.failNext({ method: 'POST', route: videos, action: 'accept-then-500' });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ sideEffectPossible: true });
    expect(uploadPosts()).toBe(sent);
    expect(sim.state.videos).toHaveLength(1);
    expect(await connector.reconcile!(refOf(post), ctx)).toEqual({
      kind: 'published',
      externalId: sim.state.videos[0]!.id,
      url: `https://www.facebook.com/${sim.state.pageId}/videos/${sim.state.videos[0]!.id}/`,
    });
  });

  it('a video list without descriptions (where the marker is) makes a lost video "cannot tell", never "absent"', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ method: 'POST', route: `/${sim.state.pageId}/videos`, action: 'accept-then-500' });
    expect(await rejection(connector.publish(post, ctx))).toMatchObject({ sideEffectPossible: true });
    sim.state.listingHidesDescription = true;
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'cannot_tell', code: 'FB_RECONCILE_DESCRIPTION_HIDDEN' });
    sim.state.listingHidesDescription = false;
    expect(await connector.reconcile!(refOf(post), ctx)).toMatchObject({ kind: 'published', externalId: sim.state.videos[0]!.id });
    expect(sim.state.videos).toHaveLength(1);
  });

  it('asks for the handle when every byte arrived but the last answer was lost', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log);
    sim.failNext({ action: 'reset-upload-at', offset: SMALL_SIZE });
    await rejection(connector.publish(post, ctx));
    expect(sim.state.uploadSessions[0]!.offset).toBe(SMALL_SIZE);

    await connector.publish(post, ctx);
    const [session] = sim.state.uploadSessions;
    expect(session).toMatchObject({ bytesReceived: SMALL_SIZE, sha256: small.sha });
    expect(sim.state.requests.filter((r) => r.route.startsWith('/upload:')).map((r) => [r.method, r.fileOffset ?? null, r.outcome])).toEqual([
      ['POST', 0, 'reset'],
      ['GET', null, 200],
      ['POST', SMALL_SIZE, 200],
    ]);
    expect(sim.state.videos).toHaveLength(1);
  });

  it('starts a new session when Graph no longer knows the saved one', async () => {
    const post = withMedia([video(small, SMALL_SIZE)]);
    const { ctx } = makeCtx(sim, log, { progress: { videoUploadSession: 'upload:gone?sig=x' } });
    await connector.publish(post, ctx);
    expect(sim.state.uploadSessions).toHaveLength(1);
    expect(sim.state.uploadSessions[0]!.sha256).toBe(small.sha);
  });

  const withUserToken = () => ({ pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.user });
  const videoReason = (state: string) => `Quyền đăng video trên Fanpage ${state}: quản trị viên cần kết nối lại Fanpage để đăng bài có video này (bài chữ và ảnh vẫn đăng bình thường)`;

  it('a user token Graph says expired (190/463) fails this video post only, with what to do; a text post on the Page still goes out', async () => {
    sim.state.tokens.get(sim.tokens.user)!.expiresAt = new Date(Date.now() - 1000);
    const { ctx } = makeCtx(sim, log, { credentials: withUserToken() });
    const refused = await rejection(connector.publish(withMedia([video(small, SMALL_SIZE)]), ctx));
    expect(refused).toMatchObject({ kind: 'permanent', code: 'FB_VIDEO_TOKEN_EXPIRED', platformCode: '190/463', sideEffectPossible: false });
    expect(refused.messages.vi).toBe(videoReason('đã hết hạn'));
    expect(refused.excerpt).toContain('Session has expired');
    expect(sim.state.uploadSessions).toHaveLength(0);
    expect(sim.state.videos).toHaveLength(0);

    expect(await connector.publish(makePost(), ctx)).toMatchObject({ kind: 'published', externalId: expect.stringContaining(sim.state.pageId) });
    expect(sim.state.posts).toHaveLength(1);
  });

  it('a user token voided mid-upload (190/467) fails the video post as no longer valid, not the channel', async () => {
    const { ctx } = makeCtx(sim, log, { settings: { chunkSizeBytes: 128 * 1024 }, credentials: withUserToken() });
    sim.failNext({ method: 'POST', route: /^\/upload:/, after: 1, error: { code: 190, subcode: 467, message: 'Error validating access token: The session has been invalidated because the user logged out.' } });
    const refused = await rejection(connector.publish(withMedia([video(small, SMALL_SIZE)]), ctx));
    expect(refused).toMatchObject({ kind: 'permanent', code: 'FB_VIDEO_TOKEN_INVALID', platformCode: '190/467' });
    expect(refused.messages.vi).toBe(videoReason('không còn hiệu lực'));
  });

  it('stays a channel reconnect when the refused token is the Page token, or the reason voids the Page token too (190/460)', async () => {
    const videoPost = () => withMedia([video(small, SMALL_SIZE)]);
    // No user token stored: the session is opened with the Page token.
    const pageOnly = makeCtx(sim, log).ctx;
    sim.failNext({ method: 'POST', route: `/${sim.state.appId}/uploads`, error: { code: 190, subcode: 463 } });
    expect(await rejection(connector.publish(videoPost(), pageOnly))).toMatchObject({ kind: 'auth', code: 'FB_190_463' });
    const same = makeCtx(sim, log, { credentials: { pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.page } }).ctx;
    sim.failNext({ method: 'POST', route: `/${sim.state.appId}/uploads`, error: { code: 190 } });
    expect(await rejection(connector.publish(videoPost(), same))).toMatchObject({ kind: 'auth', code: 'FB_190' });
    const { ctx } = makeCtx(sim, log, { credentials: withUserToken() });
    sim.failNext({ method: 'POST', route: `/${sim.state.appId}/uploads`, error: { code: 190, subcode: 460 } });
    expect(await rejection(connector.publish(videoPost(), ctx))).toMatchObject({ kind: 'auth', code: 'FB_190_460' });
    // The final publish runs with the Page token: its 190 is the channel's.
    sim.failNext({ method: 'POST', route: `/${sim.state.pageId}/videos`, error: { code: 190, subcode: 463 } });
    expect(await rejection(connector.publish(videoPost(), ctx))).toMatchObject({ kind: 'auth', code: 'FB_190_463' });
  });

  it('with the stored user-token expiry past, fails the video post without calling Facebook; a saved handle still publishes with the Page token', async () => {
    const past = new Date(Date.now() - 60_000);
    const { ctx } = makeCtx(sim, log, { credentials: withUserToken(), credentialsExpiresAt: past });
    const refused = await rejection(connector.publish(withMedia([video(small, SMALL_SIZE)]), ctx));
    expect(refused).toMatchObject({ kind: 'permanent', code: 'FB_VIDEO_TOKEN_EXPIRED', sideEffectPossible: false });
    expect(refused.messages.vi).toBe(videoReason('đã hết hạn'));
    expect(sim.state.requests).toHaveLength(0);

    const uploaded = makeCtx(sim, log, { credentials: withUserToken() });
    await connector.publish(withMedia([video(small, SMALL_SIZE)]), uploaded.ctx);
    const resumed = makeCtx(sim, log, { credentials: withUserToken(), credentialsExpiresAt: past, progress: { videoHandle: sim.state.videos[0]!.handle } });
    expect(await connector.publish(withMedia([video(small, SMALL_SIZE)]), resumed.ctx)).toMatchObject({ kind: 'processing' });
    expect(sim.state.videos).toHaveLength(2);
    expect(uploadPosts()).toBe(1);
  });

  it('needs the app id for video, and says so before uploading anything', async () => {
    const { ctx } = makeCtx(sim, log, { settings: { appId: null } });
    expect(await rejection(connector.publish(withMedia([video(small, SMALL_SIZE)]), ctx))).toMatchObject({ kind: 'permanent', code: 'FB_APP_ID_MISSING' });
    expect(sim.state.requests).toHaveLength(0);
  });
});
