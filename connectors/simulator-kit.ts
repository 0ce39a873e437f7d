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
