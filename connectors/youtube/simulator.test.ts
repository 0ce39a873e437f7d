import { auth, youtube } from '@googleapis/youtube';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startYoutubeSimulator, type YoutubeSimulator } from './simulator.ts';
import { randomFile } from './test-kit.ts';

let dir: string;
let clip: { path: string; sha: string; size: number };
let sim: YoutubeSimulator;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-yt-sim-'));
  clip = await randomFile(path.join(dir, 'clip.mp4'), 600 * 1024 + 5);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
beforeEach(async () => {
  sim = await startYoutubeSimulator();
});
afterEach(() => sim.close());

/** The stock googleapis client, as any project would set it up against the simulator. */
function stockClient() {
  const oauth = new auth.OAuth2({ clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret, endpoints: { oauth2TokenUrl: sim.tokenUrl } });
  oauth.setCredentials({ refresh_token: sim.oauth.refreshToken });
  return youtube({ version: 'v3', auth: oauth, rootUrl: sim.apiBaseUrl });
}

describe('YouTube simulator speaks what the real clients send', () => {
  it('takes the multipart upload of googleapis videos.insert and answers videos.list with string counters', async () => {
    const yt = stockClient();
    const inserted = await yt.videos.insert(
      {
        part: ['snippet', 'status'],
        requestBody: { snippet: { title: 'Tiêu đề', description: 'loa:x', categoryId: '22' }, status: { privacyStatus: 'unlisted' } },
        media: { mimeType: 'video/mp4', body: createReadStream(clip.path) },
      },
      { rootUrl: sim.apiBaseUrl },
    );
    expect(sim.state.requests.find((r) => r.route === '/upload/youtube/v3/videos')).toMatchObject({ method: 'POST', uploadType: 'multipart', authorized: true });
    expect(sim.state.videos[0]).toMatchObject({ id: inserted.data.id, via: 'multipart', sha256: clip.sha, sizeBytes: clip.size });
    sim.state.videos[0]!.statistics.views = 42;
    const listed = await yt.videos.list({ part: ['statistics', 'status'], id: [inserted.data.id!] }, { rootUrl: sim.apiBaseUrl });
    expect(listed.data.items?.[0]?.statistics).toEqual({ viewCount: '42', likeCount: '0', favoriteCount: '0', commentCount: '0' });
    expect(listed.data.items?.[0]?.status?.privacyStatus).toBe('unlisted');
  });

  it('answers a spent bucket with the 403 quotaExceeded envelope googleapis surfaces', async () => {
    sim.state.quota.units.limit = 0;
    const error = await stockClient()
      .channels.list({ part: ['contentDetails'], mine: true }, { rootUrl: sim.apiBaseUrl })
      .then(() => null, (e: unknown) => e as { status?: number; response?: { data?: unknown } });
    expect(error?.status).toBe(403);
    expect(error?.response?.data).toMatchObject({ error: { code: 403, errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] } });
  });

  it('resumable sessions: 308 without Range when empty, whole 256 KiB blocks kept, gaps stored nowhere, the final answer replayed, 404 once forgotten', async () => {
    const token = sim.issueAccessToken(600).token;
    const opened = await fetch(`${sim.apiBaseUrl}upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-upload-content-length': '600000', 'x-upload-content-type': 'video/mp4' },
      body: JSON.stringify({ snippet: { title: 'T', categoryId: '22' }, status: { privacyStatus: 'private', publishAt: '2030-01-01T00:00:00Z' } }),
    });
    expect(opened.status).toBe(200);
    const uri = opened.headers.get('location')!;
    const put = (range: string, body: Uint8Array<ArrayBuffer>) => fetch(uri, { method: 'PUT', headers: { 'content-range': range }, body });

    const empty = await put('bytes */600000', new Uint8Array());
    expect([empty.status, empty.headers.get('range')]).toEqual([308, null]);
    const partial = await put('bytes 0-299999/600000', new Uint8Array(300_000));
    expect([partial.status, partial.headers.get('range')]).toEqual([308, 'bytes=0-262143']);
    const gap = await put('bytes 300000-599999/600000', new Uint8Array(300_000));
    expect([gap.status, gap.headers.get('range')]).toEqual([308, 'bytes=0-262143']);
    const rest = await put('bytes 262144-599999/600000', new Uint8Array(600_000 - 262_144));
    expect(rest.status).toBe(201);
    const video = (await rest.json()) as { id: string; status: { publishAt: string } };
    expect(video.status.publishAt).toBe('2030-01-01T00:00:00.000Z');
    const replay = await put('bytes */600000', new Uint8Array());
    expect([replay.status, ((await replay.json()) as { id: string }).id]).toEqual([201, video.id]);
    expect(sim.state.sessions[0]).toMatchObject({ received: 600_000, bytesReceived: 300_000 * 2 + 600_000 - 262_144 });

    sim.expireSessions();
    expect((await put('bytes */600000', new Uint8Array())).status).toBe(404);
  });
});
