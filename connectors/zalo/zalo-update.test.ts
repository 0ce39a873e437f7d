import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExternalRef } from '../contract.ts';
import { createZaloConnector } from './connector.ts';
import { startZaloSimulator, type ZaloSimulator } from './simulator.ts';
import { createLogCapture, fileImage, makeCtx, makePost, manualClock, memoryLedger, rejection, vnTime } from './test-kit.ts';

describe('Zalo OA corrections: the article is edited in place (#11 finding 4, §3.6 article/update)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-zalo-edit-'));
  const jpeg = path.join(dir, 'anh-bia.jpg');
  const clock = manualClock(vnTime('2026-11-23', '09:00'));
  const { log } = createLogCapture();
  const mediaUrl = (id: string) => `https://conduonghuongthien.vn/media/${id}`;
  let sim: ZaloSimulator;

  beforeAll(async () => {
    await sharp({ create: { width: 800, height: 450, channels: 3, background: '#c87828' } }).jpeg().toFile(jpeg);
  });
  afterEach(() => sim?.close());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function published() {
    sim = await startZaloSimulator({ clock, moderationDelayMs: 0 });
    const connector = createZaloConnector({ broadcasts: memoryLedger(), mediaUrl });
    const { ctx } = makeCtx(sim, log, { clock });
    const post = makePost({ media: [fileImage(jpeg, 'image/jpeg')] });
    const result = await connector.publish(post, ctx);
    if (result.kind !== 'published') throw new Error('expected a published article');
    const ref: ExternalRef = { deliveryId: post.deliveryId, externalId: result.externalId, url: result.url, publishedAt: clock.now() };
    return { connector, ctx, post, ref };
  }

  it('edits title and body of the same article; the marker stays; no new article, nothing broadcast again', async () => {
    const { connector, ctx, post, ref } = await published();
    const result = await connector.update!(ref, { ...post, revisionId: 'rev-2', title: 'Bài đã đính chính', body: 'Nội dung mới.' }, ctx);

    expect(result).toEqual({ kind: 'published', externalId: ref.externalId, url: ref.url });
    expect(sim.state.articles).toHaveLength(1);
    const article = sim.state.articles[0]!;
    expect(article).toMatchObject({ id: ref.externalId, title: 'Bài đã đính chính' });
    expect(JSON.stringify(article.body)).toContain('Nội dung mới.');
    expect(JSON.stringify(article.body)).toContain(post.marker);
    expect(sim.state.broadcasts).toHaveLength(1);
  });

  it('a Zalo error on update is classified like any call (an empty title: -201, not retried), an HTTP 503 transient; still one article', async () => {
    const { connector, ctx, post, ref } = await published();
    const refused = await rejection(connector.update!(ref, { ...post, title: '' }, ctx));
    expect(refused).toMatchObject({ platformCode: '-201', sideEffectPossible: false });
    expect(refused).not.toMatchObject({ kind: 'transient' });
    sim.failNext({ path: '/v2.0/article/update', action: 'http-503' });
    expect(await rejection(connector.update!(ref, { ...post, title: 'Mới' }, ctx))).toMatchObject({ kind: 'transient' });
    expect(sim.state.articles).toHaveLength(1);
    expect(sim.state.articles[0]!.title).toBe(post.title);
  });
});
