import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { startGraphSimulator } from '../../connectors/facebook/simulator.ts';
import { startYoutubeSimulator } from '../../connectors/youtube/simulator.ts';
import type { Db } from '../../db/client.ts';
import { channels, deliveries, media } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { approveSingleTargetItems, type Newsroom } from './fixtures.ts';
import { percentile, sleep } from './harness.ts';
import { failedRow, mb, type Row } from './table.ts';
import { memoryOf, resetPeak, sampleRss, spawnLoaWorker } from './worker-process.ts';

const MIB = 1024 * 1024;
const VIDEO_BYTES = 2048 * MIB;
const STORAGE_KEY = 'bench/phong-su-2gb.mp4';
const TARGET_BYTES = 150e6;
const TARGET = '≤ 150 MB';
const SETTLED = new Set(['scheduled', 'publishing']);

interface Deps {
  db: Db;
  url: string;
  secretKey: string;
  secrets: SecretBox;
  room: Newsroom;
  dir: string;
}

/** A platform simulator with one channel pointing at it. */
interface UploadTarget {
  name: string;
  platform: Platform;
  channelId: string;
  /** Why the upload is not what was sent (null = every byte arrived, same sha256). */
  verify(sha256: string): string | null;
  close(): Promise<void>;
}

/**
 * (d) Issue 4 "Memory": peak RSS of a separate `loa worker` process minus its idle RSS
 * while the real publish task streams a 2 GiB video from local storage to a simulator.
 * The file is random bytes streamed to disk, and removed afterwards.
 */
export async function benchMemory(d: Deps): Promise<Row[]> {
  const targets = [
    { name: 'Facebook Graph simulator', start: facebookTarget },
    { name: 'YouTube simulator', start: youtubeTarget },
  ];
  const label = (name: string) => `(d) worker RSS peak − idle: 2 GiB video → ${name}`;
  const stats = fs.statfsSync(d.dir);
  const free = stats.bavail * stats.bsize;
  if (free < VIDEO_BYTES + 1024 * MIB) {
    return targets.map((t) => ({ figure: label(t.name), measured: `not run: ${mb(free)} free on disk`, baseline: '—', target: TARGET, ok: null }));
  }
  const tag = randomBytes(4).toString('hex');
  const mediaDir = path.join(d.dir, `media-${tag}`);
  const dataDir = path.join(d.dir, `worker-${tag}`);
  try {
    const sha256 = await writeRandomFile(path.join(mediaDir, STORAGE_KEY), VIDEO_BYTES);
    const [m] = await d.db
      .insert(media)
      .values({ unitId: d.room.unitId, uploadedBy: d.room.authorId, kind: 'video', status: 'ready', mimeType: 'video/mp4', originalName: 'Phóng sự hoàn lương.mp4', storageKey: STORAGE_KEY, sizeBytes: VIDEO_BYTES, receivedBytes: VIDEO_BYTES, sha256 })
      .returning({ id: media.id });
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: d.url, LOA_SECRET_KEY: d.secretKey, LOA_DATA_DIR: dataDir, LOA_MEDIA_DIR: mediaDir, LOG_LEVEL: 'info' };
    const rows: Row[] = [];
    for (const t of targets) {
      const row = await t
        .start(d)
        .then((target) => uploadThroughWorker(d, env, m!.id, sha256, target))
        .catch((err) => failedRow(t.name, err, TARGET));
      rows.push({ ...row, figure: label(t.name) });
    }
    return rows;
  } finally {
    fs.rmSync(mediaDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function uploadThroughWorker(d: Deps, env: Record<string, string>, mediaId: string, sha256: string, target: UploadTarget): Promise<Row> {
  const worker = await spawnLoaWorker(env);
  try {
    await sleep(3_000);
    const idle = sampleRss(worker.pid, 100);
    await sleep(3_000);
    const baseline = percentile(idle.stop(), 50);
    const peakReset = resetPeak(worker.pid);
    const busy = sampleRss(worker.pid, 50);
    const started = performance.now();
    const [deliveryId] = await d.db.transaction((tx) =>
      approveSingleTargetItems(tx, d.room, { channelIds: [target.channelId], dueAts: [new Date()], platform: target.platform, mediaIds: [mediaId] }),
    );
    let row: typeof deliveries.$inferSelect | undefined;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      [row] = await d.db.select().from(deliveries).where(eq(deliveries.id, deliveryId!));
      if (row && !SETTLED.has(row.state)) break;
      await sleep(250);
    }
    const seconds = (performance.now() - started) / 1000;
    const samples = busy.stop();
    const peak = Math.max(...samples, peakReset ? memoryOf(worker.pid).hwm : 0);
    if (!row || (row.state !== 'processing' && row.state !== 'published')) {
      throw new Error(`delivery ended ${row?.state ?? 'missing'} ${row?.lastErrorCode ?? ''} ${row?.lastErrorMessage ?? ''}\n${worker.tail()}`);
    }
    const wrong = target.verify(sha256);
    if (wrong) throw new Error(wrong);
    const delta = peak - baseline;
    return {
      figure: target.name,
      measured: `${mb(delta)} (peak ${mb(peak)}, ${Math.round(seconds)} s${peakReset ? '' : ', sampled'})`,
      baseline: `${mb(baseline)} idle`,
      target: TARGET,
      ok: delta <= TARGET_BYTES,
    };
  } finally {
    await worker.stop();
    await target.close();
  }
}

async function facebookTarget(d: Deps): Promise<UploadTarget> {
  const sim = await startGraphSimulator();
  const [c] = await d.db
    .insert(channels)
    .values({
      unitId: d.room.unitId,
      platform: 'facebook_page',
      name: 'Fanpage Con đường hướng thiện',
      settings: { pageId: sim.state.pageId, appId: sim.state.appId, graphBaseUrl: sim.baseUrl },
      credentialsSealed: d.secrets.seal(JSON.stringify({ pageAccessToken: sim.tokens.page, userAccessToken: sim.tokens.user })),
      allowPrivateNetwork: true,
    })
    .returning({ id: channels.id });
  return {
    name: 'Facebook Graph simulator',
    platform: 'facebook_page',
    channelId: c!.id,
    verify(sha256) {
      const s = sim.state.uploadSessions[0];
      if (!s || s.offset !== VIDEO_BYTES || s.sha256 !== sha256) return `the Graph simulator holds ${s?.offset ?? 0} bytes (sha256 ${s?.sha256 ?? '-'}), expected ${VIDEO_BYTES}`;
      return sim.state.videos.length === 1 ? null : `${sim.state.videos.length} videos on the Page, expected 1`;
    },
    close: () => sim.close(),
  };
}

async function youtubeTarget(d: Deps): Promise<UploadTarget> {
  const sim = await startYoutubeSimulator();
  const [c] = await d.db
    .insert(channels)
    .values({
      unitId: d.room.unitId,
      platform: 'youtube_channel',
      name: 'YouTube Con đường hướng thiện',
      settings: { apiBaseUrl: sim.apiBaseUrl, tokenUrl: sim.tokenUrl },
      credentialsSealed: d.secrets.seal(JSON.stringify({ clientId: sim.oauth.clientId, clientSecret: sim.oauth.clientSecret, refreshToken: sim.oauth.refreshToken })),
      allowPrivateNetwork: true,
    })
    .returning({ id: channels.id });
  return {
    name: 'YouTube simulator',
    platform: 'youtube_channel',
    channelId: c!.id,
    verify(sha256) {
      const s = sim.state.sessions[0];
      if (!s || s.received !== VIDEO_BYTES || s.sha256 !== sha256) return `the YouTube simulator holds ${s?.received ?? 0} bytes (sha256 ${s?.sha256 ?? '-'}), expected ${VIDEO_BYTES}`;
      return sim.state.videos.length === 1 ? null : `${sim.state.videos.length} videos on the channel, expected 1`;
    },
    close: () => sim.close(),
  };
}

/** Random bytes streamed to disk one MiB at a time; resolves with their sha256. */
async function writeRandomFile(file: string, size: number): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file);
  const hash = createHash('sha256');
  for (let written = 0; written < size; ) {
    const chunk = randomBytes(Math.min(MIB, size - written));
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}
