import path from 'node:path';

/**
 * Every setting Loa reads from the environment, parsed once at boot.
 * `process.env` is read nowhere else (ARCHITECTURE.md "Other rules").
 */
export interface Config {
  /** HTTP port. (Default: 3000) */
  port: number;
  /** Interface to bind. (Default: 127.0.0.1; docker-compose sets 0.0.0.0) */
  host: string;
  /** External PostgreSQL; unset = embedded PostgreSQL under `dataDir/pg`. */
  databaseUrl: string | undefined;
  /** Where Loa keeps local state: embedded PG, generated key, media. (Default: ./.loa) */
  dataDir: string;
  /** 32-byte key (base64 or hex) for credentials at rest; required with DATABASE_URL. */
  secretKey: string | undefined;
  /** The key being rotated away from, only read by `loa secrets rotate`. */
  previousSecretKey: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Absolute URL users reach Loa at; used in links, feeds and cookies. */
  publicUrl: string;
  mediaDir: string;
  /** Largest JSON body accepted. (Default: 1 MiB) */
  maxJsonBytes: number;
  /** A request whose body is not fully received this long after its headers is cut off with 408; streamed uploads are exempt. (Default: 30 s) */
  requestTimeoutMs: number;
  /** A client that has not sent all request headers this long after connecting is disconnected. (Default: 20 s) */
  headersTimeoutMs: number;
  /** Largest single-request upload (images, documents). (Default: 50 MiB) */
  maxUploadBytes: number;
  /** Largest resumable (tus) upload, for videos. (Default: 10 GiB) */
  maxResumableBytes: number;
  /** Images above this many pixels are refused before decoding. (Default: 50,000,000) */
  maxImagePixels: number;
  /** A resumable upload that receives no byte for this long is removed, row and bytes. (Default: 24 h) */
  uploadExpiryHours: number;
  workerConcurrency: number;
  sessionTtlHours: number;
  loginMaxAttempts: number;
  loginLockMinutes: number;
  /** smtp(s)://user:pass@host:port — email notifications are sent only when set. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * The lease a worker holds on a delivery while a publish, reconcile read or poll runs; renewed by
   * the heartbeat, so only a dead worker's expires. Lease + sweep interval bound how long a killed
   * worker's delivery waits for a live one (default 30 s + 15 s < 60 s). (Default: 30000 ms)
   */
  deliveryLeaseMs: number;
  /** How often a running call renews its lease; at most half the lease. (Default: 10000 ms) */
  deliveryHeartbeatMs: number;
  /** How often each worker process sweeps (expired leases, jobs of dead workers, lost jobs). (Default: 15000 ms) */
  sweepIntervalMs: number;
  /** Counted attempts (deferrals excluded) before a delivery fails as stale. (Default: 8) */
  deliveryMaxAttempts: number;
  /** Retry backoff: attempt n waits a random time in [0, min(cap, base·2^(n-1))] (full jitter). (Default: 5000 ms) */
  retryBaseMs: number;
  /** (Default: 3600000 ms) */
  retryCapMs: number;
  /** The due waker nudges the worker at the run time of every job due within this horizon. (Default: 2000 ms) */
  dueWakerHorizonMs: number;
  /** OAuth channels whose access token expires within this many minutes are refreshed ahead by the cron. (Default: 60) */
  credentialsRefreshMarginMinutes: number;
  /** Zalo error numbers this deployment classifies differently, e.g. { "-201": "auth" } (LOA_ZALO_ERROR_OVERRIDES). */
  zaloErrorOverrides: Readonly<Record<string, ZaloErrorClass>>;
  /** When a published delivery's metrics are read, as offsets from publishing, increasing. (Default: 1h,6h,1d,3d,7d,30d) */
  metricsCadenceMs: number[];
  /**
   * Proxies whose X-Forwarded-For is believed (LOA_TRUST_PROXY: comma-separated addresses or
   * CIDR ranges, e.g. `127.0.0.1,10.0.0.0/8`). (Default: none: the client is the socket's peer)
   */
  trustProxy: string[];
  /** `/docs` and `/docs/json` readable without signing in (LOA_PUBLIC_DOCS). (Default: false: signed-in users only) */
  publicDocs: boolean;
  /** `/metrics` readable without signing in (LOA_PUBLIC_METRICS). (Default: false: admins, e.g. by API token) */
  publicMetrics: boolean;
  /** Citizen questions (Hỏi – đáp) spam limits: questions accepted per client IP per hour, per server process. (Default: 3) */
  questionsPerIpPerHour: number;
  /** A question sent sooner than this after its form was shown is refused as a robot. (Default: 4 s) */
  questionMinSeconds: number;
  /** Web addresses allowed in one question. (Default: 1) */
  questionMaxLinks: number;
  /** Site page views are added up in memory and written this often. (Default: 5000 ms) */
  siteViewsFlushMs: number;
  /** Hosts (lower case) a tracked link may lead to besides the item's own approved pages; LOA_PUBLIC_URL's host is always one. */
  linkTargetHosts: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * How Loa treats a Zalo error number (connectors/zalo/classify-error.ts): `auth_or_permanent`
 * = one token refresh, then permanent; `defer_window` = wait for the send window's next
 * opening; `defer_month` = wait for next month's first opening (monthly quota).
 */
export const zaloErrorClasses = ['transient', 'rate_limited', 'auth', 'auth_or_permanent', 'permanent', 'defer_window', 'defer_month'] as const;
export type ZaloErrorClass = (typeof zaloErrorClasses)[number];

/** `{"-201":"auth"}` → a frozen map; keys are Zalo error numbers, values ZaloErrorClass names. */
function zaloOverrides(raw: string | undefined, problems: string[]): Readonly<Record<string, ZaloErrorClass>> {
  if (raw === undefined) return Object.freeze({});
  const bad = `LOA_ZALO_ERROR_OVERRIDES must be a JSON object of Zalo error numbers to one of ${zaloErrorClasses.join(', ')}, e.g. {"-201":"auth"}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(bad);
    return Object.freeze({});
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(bad);
    return Object.freeze({});
  }
  const out: Record<string, ZaloErrorClass> = {};
  for (const [code, cls] of Object.entries(parsed)) {
    if (!/^-?\d{1,9}$/.test(code) || !zaloErrorClasses.includes(cls as ZaloErrorClass)) {
      problems.push(`${bad} (got "${code}": ${JSON.stringify(cls)})`);
      continue;
    }
    out[String(Number(code))] = cls as ZaloErrorClass;
  }
  return Object.freeze(out);
}

/** `127.0.0.1, 10.0.0.0/8` → ['127.0.0.1', '10.0.0.0/8']; `true`, `*` and hop counts are refused (they trust anyone). */
function proxyList(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined) return [];
  const entries = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = entries.filter((e) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e) || !/[.:]/.test(e));
  if (bad.length) problems.push(`LOA_TRUST_PROXY must list proxy addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8 (got "${bad.join(', ')}")`);
  return entries;
}

/** `dichvucong.gov.vn, Example.vn` → ['dichvucong.gov.vn', 'example.vn', <LOA_PUBLIC_URL's host>]: exact host names, no wildcards. */
function hostList(raw: string | undefined, publicUrl: string, problems: string[]): string[] {
  const entries = (raw ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const bad = entries.filter((h) => !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h));
  if (bad.length) problems.push(`LOA_LINK_TARGET_HOSTS must list host names such as dichvucong.gov.vn (got "${bad.join(', ')}")`);
  let own: string[] = [];
  try {
    own = [new URL(publicUrl).hostname.toLowerCase()];
  } catch {
    // LOA_PUBLIC_URL's own problem is reported where it is read.
  }
  return [...new Set([...own, ...entries])];
}

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1h,6h,1d` → milliseconds; each entry a positive whole number with ms, s, m, h or d, strictly increasing. */
function durationList(name: string, raw: string, problems: string[]): number[] {
  const out: number[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,9})(ms|s|m|h|d)$/.exec(part);
    const ms = m ? Number(m[1]) * DURATION_UNIT_MS[m[2]!]! : 0;
    if (ms <= 0 || (out.length > 0 && ms <= out[out.length - 1]!)) {
      problems.push(`${name} must be increasing durations such as 1h,6h,1d,3d (units ms, s, m, h, d; got "${raw}")`);
      return [];
    }
    out.push(ms);
  }
  return out;
}

/** Parses the environment; throws one ConfigError listing every problem found. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min = 0): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      problems.push(`${name} must be an integer ≥ ${min} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };
  const str = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const port = int('PORT', 3000, 0);
  const dataDir = path.resolve(cwd, str('LOA_DATA_DIR') ?? '.loa');
  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const secretKey = str('LOA_SECRET_KEY');
  if (databaseUrl && !secretKey) {
    problems.push(
      'LOA_SECRET_KEY is required when DATABASE_URL is set: every Loa process sharing that database must use the same key ' +
        '(generate one with `openssl rand -base64 32`)',
    );
  }
  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = (str('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  const publicUrl = (str('LOA_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`LOA_PUBLIC_URL must be an absolute URL (got "${publicUrl}")`);
  }

  const config: Config = {
    port,
    host: str('HOST') ?? '127.0.0.1',
    databaseUrl,
    dataDir,
    secretKey,
    previousSecretKey: str('LOA_SECRET_KEY_PREVIOUS'),
    logLevel,
    publicUrl,
    mediaDir: path.resolve(cwd, str('LOA_MEDIA_DIR') ?? path.join(dataDir, 'media')),
    maxJsonBytes: int('LOA_MAX_JSON_BYTES', 1024 * 1024, 1024),
    requestTimeoutMs: int('LOA_REQUEST_TIMEOUT_MS', 30_000, 100),
    headersTimeoutMs: int('LOA_HEADERS_TIMEOUT_MS', 20_000, 100),
    maxUploadBytes: int('LOA_MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1024),
    maxResumableBytes: int('LOA_MAX_RESUMABLE_BYTES', 10 * 1024 * 1024 * 1024, 1024),
    maxImagePixels: int('LOA_MAX_IMAGE_PIXELS', 50_000_000, 1),
    uploadExpiryHours: int('LOA_UPLOAD_EXPIRY_HOURS', 24, 1),
    workerConcurrency: int('LOA_WORKER_CONCURRENCY', 8, 1),
    sessionTtlHours: int('LOA_SESSION_TTL_HOURS', 12, 1),
    loginMaxAttempts: int('LOA_LOGIN_MAX_ATTEMPTS', 5, 1),
    loginLockMinutes: int('LOA_LOGIN_LOCK_MINUTES', 15, 1),
    smtpUrl: str('SMTP_URL'),
    mailFrom: str('LOA_MAIL_FROM') ?? 'Loa <loa@localhost>',
    deliveryLeaseMs: int('LOA_DELIVERY_LEASE_MS', 30_000, 1000),
    deliveryHeartbeatMs: int('LOA_DELIVERY_HEARTBEAT_MS', 10_000, 100),
    sweepIntervalMs: int('LOA_SWEEP_INTERVAL_MS', 15_000, 100),
    deliveryMaxAttempts: int('LOA_DELIVERY_MAX_ATTEMPTS', 8, 1),
    retryBaseMs: int('LOA_RETRY_BASE_MS', 5_000, 0),
    retryCapMs: int('LOA_RETRY_CAP_MS', 3_600_000, 0),
    dueWakerHorizonMs: int('LOA_DUE_WAKER_HORIZON_MS', 2_000, 200),
    credentialsRefreshMarginMinutes: int('LOA_CREDENTIALS_REFRESH_MARGIN_MINUTES', 60, 1),
    zaloErrorOverrides: zaloOverrides(str('LOA_ZALO_ERROR_OVERRIDES'), problems),
    questionsPerIpPerHour: int('LOA_QUESTIONS_PER_IP_PER_HOUR', 3, 1),
    questionMinSeconds: int('LOA_QUESTION_MIN_SECONDS', 4, 0),
    questionMaxLinks: int('LOA_QUESTION_MAX_LINKS', 1, 0),
    siteViewsFlushMs: int('LOA_SITE_VIEWS_FLUSH_MS', 5_000, 10),
    linkTargetHosts: hostList(str('LOA_LINK_TARGET_HOSTS'), publicUrl, problems),
    metricsCadenceMs: durationList('LOA_METRICS_CADENCE', str('LOA_METRICS_CADENCE') ?? '1h,6h,1d,3d,7d,30d', problems),
    trustProxy: proxyList(str('LOA_TRUST_PROXY'), problems),
    publicDocs: bool('LOA_PUBLIC_DOCS', false),
    publicMetrics: bool('LOA_PUBLIC_METRICS', false),
  };
  if (config.deliveryHeartbeatMs * 2 > config.deliveryLeaseMs) {
    problems.push('LOA_DELIVERY_HEARTBEAT_MS must be at most half of LOA_DELIVERY_LEASE_MS (a lease must survive one missed beat)');
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
