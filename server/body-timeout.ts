import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Cuts off a client that trickles a request body (slowloris): a body not fully received
 * `timeoutMs` after the headers — plus the time its declared length needs at MIN_BODY_BYTES_PER_SECOND —
 * gets a 408 problem+json and the connection is closed. The allowance for the length keeps an
 * officer's phone on a slow mobile network able to post a screenshot form (/xa, up to ~10 MB)
 * while a client dribbling a few bytes still meets the base deadline.
 *
 * Not Node's server-wide `requestTimeout`, because that would also cut legitimate long
 * uploads. The clock stops when the body has been parsed (preValidation): routes that
 * stream the body themselves (POST /api/v1/media, tus PATCH /api/v1/uploads/…) hand the
 * raw stream through their content-type parser at once, so they are governed by their own
 * 60 s idle meter instead. Requests without a body (GET, the SSE event stream) never start it.
 */
export function installBodyTimeout(app: FastifyInstance, timeoutMs: number): void {
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();
  const stop = (request: FastifyRequest) => {
    clearTimeout(timers.get(request));
    timers.delete(request);
  };

  // Callback hooks, not async ones: they run on every request and never wait for anything.
  app.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw;
    if (!raw.complete && hasBody(request)) {
      timers.set(request, setTimeout(() => refuseSlowBody(request), timeoutMs + allowanceMs(request)).unref());
      raw.once('end', () => stop(request));
      raw.once('close', () => stop(request));
    }
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    stop(request);
    done();
  });
  app.addHook('onResponse', (request, _reply, done) => {
    stop(request);
    done();
  });
}

/** 4 KB/s (32 kbit/s): slower than any mobile network still in use in the communes. */
export const MIN_BODY_BYTES_PER_SECOND = 4096;

/** Extra time a body of the declared length needs at the minimum rate (0 without Content-Length). */
function allowanceMs(request: FastifyRequest): number {
  const length = Number(request.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0 ? Math.ceil((length / MIN_BODY_BYTES_PER_SECOND) * 1000) : 0;
}

function hasBody(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

const PROBLEM = JSON.stringify({
  type: 'about:blank',
  title: 'Request Timeout',
  status: 408,
  code: 'REQUEST_TIMEOUT',
  messages: { vi: 'Gửi nội dung yêu cầu quá chậm; kết nối đã bị đóng', en: 'The request body arrived too slowly; the connection was closed' },
});

/** Written on the socket directly, as Node does for its own timeouts: Fastify is still waiting for the body. */
function refuseSlowBody(request: FastifyRequest): void {
  const socket = request.raw.socket;
  if (socket.destroyed) return;
  request.log.warn({ code: 'REQUEST_TIMEOUT' }, 'request body too slow; connection closed');
  socket.end(
    'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(PROBLEM)}\r\n\r\n${PROBLEM}`,
  );
  socket.destroySoon();
}
