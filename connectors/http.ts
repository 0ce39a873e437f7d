import dns from 'node:dns/promises';
import net from 'node:net';
import { ConnectorError } from './contract.ts';

/**
 * The one outbound HTTP client. It sets timeouts, aborts on shutdown, refuses loopback,
 * private and link-local targets (after DNS resolution) unless the channel allows them,
 * and turns network failures into ConnectorErrors. It never retries or sleeps: retry
 * policy belongs to the publish task.
 *
 * Known gap: the address is checked, then fetch resolves the name again, so a DNS answer
 * that changes in between (rebinding) is not caught; pin the address with an undici
 * dispatcher if that threat matters for a deployment.
 */
export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: BodyInit | NodeJS.ReadableStream | null;
  /** Overrides the client's default timeout (ms) for this call, e.g. long uploads. */
  timeoutMs?: number;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<Response>;
}

export interface HttpClientOptions {
  allowPrivateNetwork: boolean;
  /** Default per-request timeout. (Default: 30 s) */
  timeoutMs?: number;
  /** Aborted when the worker shuts down. */
  signal?: AbortSignal;
  userAgent?: string;
}

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
] as const) {
  blocked.addSubnet(addr, prefix, 'ipv4');
}
for (const [addr, prefix] of [
  ['::1', 128],
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  blocked.addSubnet(addr, prefix, 'ipv6');
}

export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return blocked.check(mapped, 'ipv4');
  return blocked.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');
}

/** Network errors that prove the request never left this machine. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const defaultTimeout = options.timeoutMs ?? 30_000;
  return {
    async request(req) {
      const url = new URL(req.url);
      const method = (req.method ?? 'GET').toUpperCase();
      if (!options.allowPrivateNetwork) await refusePrivateTarget(url);
      const timeout = AbortSignal.timeout(req.timeoutMs ?? defaultTimeout);
      const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
      const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'Loa/1 (+https://loa.gov.vn)', ...req.headers };
      try {
        return await fetch(url, {
          method,
          headers,
          body: req.body as BodyInit | null | undefined,
          signal,
          redirect: 'manual',
          // Required by Node's fetch for streamed request bodies.
          ...(req.body && typeof (req.body as NodeJS.ReadableStream).pipe === 'function' ? { duplex: 'half' } : {}),
        } as RequestInit);
      } catch (err) {
        throw networkError(err, method, timeout.aborted, options.signal?.aborted ?? false);
      }
    },
  };
}

async function refusePrivateTarget(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.some(isPrivateAddress)) {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'NET_PRIVATE_ADDRESS_REFUSED',
      sideEffectPossible: false,
      message: {
        vi: `Địa chỉ ${url.host} thuộc mạng nội bộ; chỉ gửi tới đó khi kênh được cho phép mạng nội bộ`,
        en: `${url.host} resolves to a private address; allow private network on the channel to reach it`,
      },
    });
  }
}

function networkError(err: unknown, method: string, timedOut: boolean, shuttingDown: boolean): ConnectorError {
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? (timedOut ? 'TIMEOUT' : 'NETWORK');
  const neverSent = notSentCodes.has(code);
  return new ConnectorError({
    kind: 'transient',
    code: timedOut ? 'NET_TIMEOUT' : shuttingDown ? 'NET_ABORTED' : `NET_${code.replace(/^UND_ERR_/, '')}`,
    // A write whose connection broke after it was opened may have been accepted.
    sideEffectPossible: !neverSent && !idempotentMethods.has(method),
    message: {
      vi: timedOut ? 'Nền tảng không phản hồi kịp (hết thời gian chờ)' : `Lỗi kết nối mạng (${code})`,
      en: timedOut ? 'The platform did not answer in time' : `Network error (${code})`,
    },
    cause: err,
  });
}
