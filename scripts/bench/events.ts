import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemActor } from '../../core/actor.ts';
import { createApiToken } from '../../core/auth/api-tokens.ts';
import { transitionDelivery } from '../../core/deliveries/transition.ts';
import { createDb, type Db } from '../../db/client.ts';
import type { AppDeps } from '../../server/deps.ts';
import { buildApp } from '../../server/app.ts';
import { approveSingleTargetItems, type Newsroom } from './fixtures.ts';
import { percentile, sleep } from './harness.ts';
import { ms, type Row } from './table.ts';

const SAMPLES = 50;

/**
 * (f) Live board latency: from the start of a delivery's state change (its transaction,
 * from a connection of its own, as a separate worker process would) to the event arriving
 * at a browser-like client of GET /api/v1/events over HTTP. Baseline in the same run: a
 * bare NOTIFY from one connection to a LISTEN on another, which is the floor under the
 * stream (the rest is the trigger, the subtree filter and the HTTP write).
 */
export async function benchEvents(o: { db: Db; url: string; room: Newsroom; channelIds: string[]; deps: Omit<AppDeps, 'db'> }): Promise<Row[]> {
  const baseline = await bareNotifyMs(o.url);
  const due = new Date(Date.now() + 30 * 24 * 3600_000);
  const ids = await o.db.transaction((tx) =>
    approveSingleTargetItems(tx, o.room, { channelIds: o.channelIds.slice(0, SAMPLES), dueAts: o.channelIds.slice(0, SAMPLES).map(() => due), platform: 'webhook' }),
  );
  const app = await buildApp({ ...o.deps, db: o.db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const worker = createDb(o.url, { max: 1 });
  const { token } = await createApiToken(o.db, o.deps.clock, systemActor, o.room.approverId, { name: 'bench', scope: 'read', expiresInDays: 1 }, null);
  const arrivals = new Map<string, number>();
  const req = await openStream(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/events`, token, (data) => {
    if (data.state === 'cancelled') arrivals.set(data.id as string, performance.now());
  });
  const times: number[] = [];
  try {
    for (const id of ids) {
      const start = performance.now();
      await worker.db.transaction((tx) => transitionDelivery(tx, systemActor, id, ['scheduled'], 'cancelled'));
      while (!arrivals.has(id)) {
        if (performance.now() - start > 5_000) throw new Error(`no event for delivery ${id} within 5 s`);
        await sleep(0.2);
      }
      times.push(arrivals.get(id)! - start);
    }
  } finally {
    req.destroy();
    await worker.close();
    await app.close();
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  return [
    {
      figure: `(f) live event: state change → browser stream, p50 / p95 (${SAMPLES})`,
      measured: `${ms(p50)} / ${ms(p95)}`,
      baseline: `${ms(percentile(baseline, 50))} / ${ms(percentile(baseline, 95))} (bare NOTIFY → LISTEN)`,
      target: '—',
      ok: null,
    },
  ];
}

async function bareNotifyMs(url: string): Promise<number[]> {
  const listener = createDb(url, { max: 1 });
  const sender = createDb(url, { max: 1 });
  let arrived = 0;
  const sub = await listener.sql.listen('loa_bench_probe', () => (arrived = performance.now()));
  const times: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      arrived = 0;
      const start = performance.now();
      await sender.sql`select pg_notify('loa_bench_probe', ${String(i)})`;
      while (!arrived) await sleep(0.2);
      times.push(arrived - start);
    }
  } finally {
    await sub.unlisten();
    await listener.close();
    await sender.close();
  }
  return times;
}

function openStream(url: string, token: string, onEvent: (data: Record<string, unknown>) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: ready')) resolve(req);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) onEvent(JSON.parse(data) as Record<string, unknown>);
        }
      });
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
  });
}
