import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { eq } from 'drizzle-orm';
import { createSiteStore } from '../../core/site/store.ts';
import { channels, deliveries, revisions } from '../../db/schema/index.ts';
import type { Db } from '../../db/client.ts';
import { buildApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/deps.ts';
import { approveSingleTargetItems, type Newsroom } from './fixtures.ts';
import { perSecond, type Row } from './table.ts';

const CONNECTIONS = 16;
const ROUNDS = 3;
const DURATION_MS = 3_000;
/** A phone reader: the page view is counted (one upsert per request), as for real readers. */
const READER_UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

/**
 * (h) The public article page: requests/s of `GET /bai-viet/<slug>` (rendering, related
 * articles, the counted view) served by Loa's real app, beside a fastify hello-world route
 * driven by the same keep-alive client in the same run. Both servers live in this process and
 * are measured in turn, so they get the same CPU.
 */
export async function benchArticlePage(o: { db: Db; room: Newsroom; deps: Omit<AppDeps, 'db'> }): Promise<Row[]> {
  const [site] = await o.db.insert(channels).values({ unitId: o.room.unitId, platform: 'site', name: 'bench site' }).returning({ id: channels.id });
  const [deliveryId] = await o.db.transaction((tx) => approveSingleTargetItems(tx, o.room, { channelIds: [site!.id], dueAts: [new Date()], platform: 'site' }));
  const [d] = await o.db.select({ itemId: deliveries.itemId, revisionId: deliveries.revisionId }).from(deliveries).where(eq(deliveries.id, deliveryId!));
  const [rev] = await o.db.select().from(revisions).where(eq(revisions.id, d!.revisionId));
  const store = createSiteStore({ db: o.db, publicUrl: o.deps.config.publicUrl, clock: o.deps.clock });
  const slug = 'bench-article-page';
  await store.publish({
    deliveryId: deliveryId!,
    itemId: d!.itemId,
    revisionId: rev!.id,
    slug,
    title: rev!.title,
    summary: rev!.summary,
    body: rev!.body,
    theme: rev!.theme,
    unitId: o.room.unitId,
    unitName: 'Công an tỉnh Sơn La',
    hashtags: ['#ConDuongHuongThien'],
    mediaIds: [],
    publishedAt: new Date(),
  });

  const hello = Fastify({ logger: false });
  hello.get('/hello', async () => 'hello');
  const app = await buildApp({ ...o.deps, db: o.db });
  const servers = [await listen(hello), await listen(app)] as const;
  // Alternating rounds, best of each: a burst of load from elsewhere on a shared machine hits one round, not one side.
  const best = [{ perSecond: 0, bytes: 0 }, { perSecond: 0, bytes: 0 }];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, path] of (['/hello', `/bai-viet/${slug}`] as const).entries()) {
        const m = await measure(servers[i]!, path);
        if (m.perSecond > best[i]!.perSecond) best[i] = m;
      }
    }
  } finally {
    await hello.close();
    await app.close();
  }
  const [baseline, article] = best as [{ perSecond: number; bytes: number }, { perSecond: number; bytes: number }];
  const ratio = article.perSecond / baseline.perSecond;
  return [
    {
      figure: `(h) article page GET /bai-viet/<slug>, ${CONNECTIONS} connections, view counted`,
      measured: `${perSecond(article.perSecond)} (${Math.round(ratio * 100)} %, ${Math.round(article.bytes / 1024)} KB)`,
      baseline: `${perSecond(baseline.perSecond)} (fastify hello-world)`,
      target: '≥ 50 % of hello-world',
      ok: ratio >= 0.5,
    },
  ];
}

async function listen(server: { listen(o: { port: number; host: string }): Promise<string>; server: http.Server }): Promise<number> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  return (server.server.address() as AddressInfo).port;
}

async function measure(port: number, path: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let done = 0;
  let bytes = 0;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { 'user-agent': READER_UA, accept: 'text/html' } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${path} answered ${res.statusCode}`));
          bytes = n;
          done++;
          resolve();
        });
      });
      req.on('error', reject);
    });
  try {
    // Warm-up (JIT, connection pool), not counted.
    await Promise.all(Array.from({ length: CONNECTIONS * 5 }, get));
    done = 0;
    const end = performance.now() + DURATION_MS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) await get();
      }),
    );
    return { perSecond: (done * 1000) / (performance.now() - started), bytes };
  } finally {
    agent.destroy();
  }
}
