import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Closes the connection unanswered (the request may already have let go of its socket). */
export function dropConnection(req: IncomingMessage, res: ServerResponse): void {
  req.socket?.destroy();
  res.destroy();
}

/** Delays a simulator holds answers with; `clear()` cancels them so a closed simulator leaves no timer behind. */
export interface SimTimers {
  hold(ms: number): Promise<void>;
  clear(): void;
}

export function createSimTimers(): SimTimers {
  const timers = new Set<NodeJS.Timeout>();
  return {
    hold: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      }),
    clear() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Ends open (kept-alive) connections too, so tests never wait for idle sockets. */
  close(): Promise<void>;
}

/** Serves `handle` on 127.0.0.1 only (port 0: any free port); a handler that throws destroys its response. */
export async function listenLocal(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, port = 0): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.destroy(err as Error));
  });
  server.listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether a queued fault aimed at `method` (any when absent) and `route` (exact or pattern) hits this request. */
export function faultHits(f: { method?: string; route: string | RegExp }, method: string, route: string): boolean {
  return (!f.method || f.method.toUpperCase() === method) && (typeof f.route === 'string' ? f.route === route : f.route.test(route));
}

/** Takes the first queued fault `hits` picks; one with `after: n` first lets n such requests through. */
export function takeFault<F extends object>(faults: F[], hits: (f: F) => boolean): F | undefined {
  const i = faults.findIndex(hits);
  const fault = faults[i];
  if (!fault) return undefined;
  const { after } = fault as { after?: number };
  if (after) {
    faults[i] = { ...fault, after: after - 1 };
    return undefined;
  }
  return faults.splice(i, 1)[0];
}
