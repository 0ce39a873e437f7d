import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Keys whose values never reach a log line, at any depth of a logged object (its bindings, its
 * nested values, an error's own properties and causes included), whatever level and whichever
 * error path printed them.
 */
const secretKeys: ReadonlySet<string> = new Set([
  'credentials',
  'accessToken',
  'refreshToken',
  'password',
  'token',
  'secret',
  'pageAccessToken',
  'applicationPassword',
  'clientSecret',
  'appSecret',
  'webhookSecret',
]);
/** Header names blanked in any `headers` object (requests' and responses'). */
const secretHeaders: ReadonlySet<string> = new Set(['authorization', 'cookie', 'x-csrf-token', 'set-cookie']);
const CENSOR = '[redacted]';
/** Deeper than this a logged object is written as is (pino's paths went two levels deep). */
const MAX_DEPTH = 4;

/**
 * `value` with every secret key's value replaced by `[redacted]`; the same object when it holds
 * none (the common case costs a walk, no copy). Replaces pino's `redact` option, whose
 * wildcard paths parsed every path again for each value of each line (~20 µs a line on the
 * publish path, docs/BENCHMARKS.md (a)). Errors are walked through all their own properties
 * (`cause`, `errors` are not enumerable).
 */
export function redactSecrets(value: unknown, depth = 0, inHeaders = false): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || ArrayBuffer.isView(value)) return value;
  const isError = value instanceof Error;
  const keys = isError ? Object.getOwnPropertyNames(value) : Array.isArray(value) ? null : Object.keys(value);
  // A copy (copyOf) holds plain writable properties (an error's message, stack and cause
  // included, for pino's error serializer); the logged object itself is never changed. No
  // closure here: this runs for every object of every line, and tsx names each closure made.
  let copy: Record<string | number, unknown> | null = null;
  if (keys === null) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      const v = redactSecrets(list[i], depth + 1);
      if (v !== list[i]) (copy ??= copyOf(value, keys))[i] = v;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  for (const key of keys) {
    if (isError && (key === 'message' || key === 'stack')) continue;
    const v = record[key];
    if (v === undefined) continue;
    if (secretKeys.has(key) || (inHeaders && secretHeaders.has(key.toLowerCase()))) (copy ??= copyOf(value, keys))[key] = CENSOR;
    else {
      const inner = redactSecrets(v, depth + 1, key === 'headers');
      if (inner !== v) (copy ??= copyOf(value, keys))[key] = inner;
    }
  }
  return copy ?? value;
}

/** A shallow copy of an array (`keys` null) or of `keys` of an object, with its prototype. */
function copyOf(value: object, keys: string[] | null): Record<string | number, unknown> {
  if (keys === null) return [...(value as unknown[])] as unknown as Record<number, unknown>;
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const k of keys) copy[k] = (value as Record<string, unknown>)[k];
  return copy;
}

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
    formatters: { log: (obj) => redactSecrets(obj) as Record<string, unknown> },
    serializers: { req: serializeRequest, err: serializeError },
    base: { app: 'loa' },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // pino serialises a child's bindings once, at child(), past its formatters: they are redacted
  // here (children inherit this method, fastify's request loggers too).
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings) as pino.Bindings, childOptions);
  } as typeof child;
  return logger;
}

/**
 * `parent.child(bindings())`, made only when a line is written through it at an enabled level
 * (or anything else is asked of it): a logger handed to every publish, for the rare lines of a
 * connector or a failing lease, costs nothing on the many attempts that write none — a child
 * serialises its bindings when it is made (docs/BENCHMARKS.md (a)). Level methods disabled on
 * the parent are the parent's no-ops; the child inherits the parent's level.
 */
export function lazyChild(parent: Logger, bindings: () => pino.Bindings): Logger {
  let child: Logger | undefined;
  return new Proxy(parent, {
    get(_target, key) {
      if (!child && typeof key === 'string' && key in parent.levels.values && !parent.isLevelEnabled(key)) return parent[key as pino.Level];
      const c = (child ??= parent.child(bindings()));
      const value: unknown = Reflect.get(c, key, c);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(c) : value;
    },
  });
}
