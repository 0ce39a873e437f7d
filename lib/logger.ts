import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear. Credentials must never reach a log line,
 * whatever level and whichever error path printed them.
 */
export const redactPaths = [
  'credentials',
  '*.credentials',
  '*.*.credentials',
  'accessToken',
  '*.accessToken',
  '*.*.accessToken',
  'refreshToken',
  '*.refreshToken',
  '*.*.refreshToken',
  'password',
  '*.password',
  '*.*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...['pageAccessToken', 'applicationPassword', 'clientSecret', 'appSecret', 'webhookSecret'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** Query parameters whose values are masked in logged URLs (setup links, OAuth `code`, `access_token` …). */
const secretParam = /token|secret|passw|key|sig|code|auth|session|credential/i;

/** The URL with the values of secret-looking query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is matched as sent
      }
      return eq >= 0 && secretParam.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: unknown;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** fastify's request serializer, with secrets in the query string masked; other `req` values pass through. */
function serializeRequest(req: LoggedRequest) {
  if (!req || typeof req.url !== 'string') return req;
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/**
 * pino's error serializer, minus the parameters drizzle writes into a failed query's
 * message and stack (sealed credentials, personal data of people shown in testimonies).
 */
function serializeError(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = pino.stdSerializers.err(err);
  if (typeof out.message === 'string') out.message = out.message.replace(/\nparams: [\s\S]*$/, '\nparams: [redacted]');
  if (typeof out.stack === 'string') out.stack = out.stack.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [redacted]');
  if ('params' in out) out.params = '[redacted]';
  return out;
}

export function createLogger(level: LoggerOptions['level'] = 'info', destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { req: serializeRequest, err: serializeError },
    base: { app: 'loa' },
  };
  return destination ? pino(options, destination) : pino(options);
}
