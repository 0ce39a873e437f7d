import { ConnectorError } from './contract.ts';
import { PRIVATE_ADDRESS_CODE, send } from './http-transport.ts';

/**
 * The one outbound HTTP client. It sets timeouts, aborts on shutdown, refuses loopback,
 * private and link-local targets unless the channel allows them — checked on the address
 * actually connected to (http-transport.ts), so DNS rebinding cannot get around it — and
 * turns network failures into ConnectorErrors. It never retries or sleeps: retry policy
 * belongs to the publish task.
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

/** Network errors that prove the request never left this machine. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const defaultTimeout = options.timeoutMs ?? 30_000;
  return {
    async request(req) {
      const url = new URL(req.url);
      const method = (req.method ?? 'GET').toUpperCase();
      const timeout = AbortSignal.timeout(req.timeoutMs ?? defaultTimeout);
      const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
      const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'Loa/1 (+https://loa.gov.vn)', ...req.headers };
      try {
        return await send({ method, url, headers, body: req.body, signal, allowPrivateNetwork: options.allowPrivateNetwork });
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (code === PRIVATE_ADDRESS_CODE) throw privateAddressRefused(url);
        if (tlsCertificateCodes.test(code)) throw certificateRefused(url, code, err);
        throw networkError(err, method, timeout.aborted, options.signal?.aborted ?? false);
      }
    },
  };
}

/** OpenSSL's and Node's codes for a certificate that does not verify (expired, self-signed, wrong name …). */
const tlsCertificateCodes = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|ERR_TLS_CERT_ALTNAME_INVALID$)/;

/** Retrying cannot fix a certificate: the site's administrator must, so the delivery fails with that reason. */
function certificateRefused(url: URL, code: string, cause: unknown): ConnectorError {
  return new ConnectorError({
    kind: 'permanent',
    code: 'NET_TLS_CERTIFICATE',
    platformCode: code,
    sideEffectPossible: false,
    message: {
      // The OpenSSL code (DEPTH_ZERO_SELF_SIGNED_CERT …) means nothing to an officer: it stays in platformCode, shown under the attempts.
      vi: `Chứng chỉ bảo mật (HTTPS) của ${url.host} không hợp lệ (hết hạn, tự cấp hoặc không đúng tên trang), nên Loa không gửi bài tới đó. Hãy báo quản trị trang đó sửa chứng chỉ rồi đăng lại (mã lỗi ghi ở mục "Các lần thử")`,
      en: `The HTTPS certificate of ${url.host} does not verify (expired, self-signed or for another name), so Loa sent nothing there. Ask its administrator to fix the certificate, then publish again (the error code is under "Attempts")`,
    },
    cause,
  });
}

function privateAddressRefused(url: URL): ConnectorError {
  return new ConnectorError({
    kind: 'permanent',
    code: 'NET_PRIVATE_ADDRESS_REFUSED',
    sideEffectPossible: false,
    message: {
      vi: `Địa chỉ ${url.host} thuộc mạng nội bộ; chỉ gửi tới đó khi kênh được cho phép mạng nội bộ`,
      en: `${url.host} resolves to a private address; allow private network on the channel to reach it`,
    },
  });
}

function networkError(err: unknown, method: string, timedOut: boolean, shuttingDown: boolean): ConnectorError {
  const code = (err as { code?: string }).code ?? (timedOut ? 'TIMEOUT' : 'NETWORK');
  // http-transport.ts marks failures that came before the connection was open.
  const neverSent = notSentCodes.has(code) || (err as { neverSent?: boolean }).neverSent === true;
  return new ConnectorError({
    kind: 'transient',
    code: timedOut ? 'NET_TIMEOUT' : shuttingDown ? 'NET_ABORTED' : `NET_${code}`,
    // A write whose connection broke after it was opened may have been accepted.
    sideEffectPossible: !neverSent && !idempotentMethods.has(method),
    message: {
      vi: timedOut ? 'Nền tảng không phản hồi kịp (hết thời gian chờ)' : `Lỗi kết nối mạng (${code})`,
      en: timedOut ? 'The platform did not answer in time' : `Network error (${code})`,
    },
    cause: err,
  });
}
