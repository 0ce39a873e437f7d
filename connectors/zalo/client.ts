import type { ZaloErrorClass } from '../../lib/config.ts';
import type { Logger } from '../../lib/logger.ts';
import { ConnectorError } from '../contract.ts';
import { excerptOf, missingFieldError, readAnswerText } from '../read-answer.ts';
import { isObject, parseJson, type JsonObject } from '../guards.ts';
import type { HttpClient } from '../http.ts';
import { classifyZaloError } from './classify-error.ts';
import type { SendWindow, ZaloLocation } from './settings.ts';

type Messages = { vi: string; en: string };

/** A non-empty string field, also when Zalo sends an id as a number (unlike connectors/guards.ts `str`). */
export function str(o: unknown, key: string): string | undefined {
  if (!isObject(o)) return undefined;
  const v = o[key];
  if (typeof v === 'string' && v !== '') return v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

export interface ZaloCall {
  host: 'openapi' | 'oauth';
  method: 'GET' | 'POST';
  /** Path from the host root, e.g. `/v2.0/article/create`. */
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sends the OA access token in the `access_token` header. (Default: true on openapi) */
  withToken?: boolean;
  timeoutMs?: number;
  action: Messages;
  /** The call creates something: any doubt about its outcome must surface as sideEffectPossible. */
  creating?: boolean;
}

export interface ZaloAnswer {
  status: number;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  text: string;
  /** `Retry-After` header, when the answer had one. */
  retryAfter: string | null;
  /** Zalo's clock minus Loa's when it answered (its `Date` header), or null without one. */
  clockOffsetMs: number | null;
}

export interface ZaloClientOptions {
  http: HttpClient;
  location: ZaloLocation;
  /** Never logged. */
  accessToken: string | null;
  tokenIssuedAt: Date | null;
  window: SendWindow;
  overrides: Readonly<Record<string, ZaloErrorClass>>;
  signal?: AbortSignal;
  log?: Logger;
  now(): Date;
}


/**
 * A thin typed client over Zalo's OA Open API and OAuth v4 hosts: URL, `access_token`
 * header, and one error path. Zalo answers HTTP 200 with `{error, message, data}`; an
 * `error` other than 0 is a failure, classified by number (classify-error.ts).
 */
export function createZaloClient(o: ZaloClientOptions) {
  async function send(c: ZaloCall): Promise<ZaloAnswer> {
    if (o.signal?.aborted) {
      throw new ConnectorError({
        kind: 'transient',
        code: 'NET_ABORTED',
        sideEffectPossible: false,
        message: { vi: 'Đã dừng trước khi gọi Zalo (máy chủ Loa đang tắt)', en: 'Stopped before calling Zalo (Loa is shutting down)' },
      });
    }
    const base = c.host === 'oauth' ? o.location.oauthBaseUrl : o.location.openApiBaseUrl;
    const url = new URL(`${base}${c.path}`);
    for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json', ...c.headers };
    if ((c.withToken ?? c.host === 'openapi') && o.accessToken) headers.access_token = o.accessToken;
    let body: string | null = null;
    if (c.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(c.json);
    } else if (c.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(c.form).toString();
    }
    let res: Response;
    try {
      res = await o.http.request({ method: c.method, url: url.toString(), headers, body, timeoutMs: c.timeoutMs });
    } catch (err) {
      // Only a creating call can leave something behind; an upload or a read is repeated safely.
      if (err instanceof ConnectorError && err.sideEffectPossible && !c.creating) {
        throw new ConnectorError({ kind: err.kind, code: err.code, message: err.messages, sideEffectPossible: false, cause: err });
      }
      throw err;
    }
    const text = await readAnswerText(res, 'Zalo', c.action, c.creating === true);
    const serverTime = Date.parse(res.headers.get('date') ?? '');
    return { status: res.status, body: parseJson(text), text, retryAfter: res.headers.get('retry-after'), clockOffsetMs: Number.isFinite(serverTime) ? serverTime - o.now().getTime() : null };
  }

  /** An Open API call; returns `data` of a success envelope and Zalo's clock offset, throws the classified failure otherwise. */
  async function callTimed(c: ZaloCall): Promise<{ data: unknown; clockOffsetMs: number | null }> {
    const answer = await send(c);
    const errorNumber = isObject(answer.body) && typeof answer.body.error === 'number' ? answer.body.error : null;
    if (answer.status === 200 && errorNumber === 0) return { data: (answer.body as JsonObject).data ?? null, clockOffsetMs: answer.clockOffsetMs };
    const message = isObject(answer.body) && typeof answer.body.message === 'string' ? answer.body.message : '';
    const { error, classified } = classifyZaloError({
      code: errorNumber,
      status: answer.status,
      retryAfter: answer.retryAfter,
      excerpt: errorNumber !== null ? excerptOf(`(${errorNumber}) ${message}`) : excerptOf(answer.text),
      action: c.action,
      creating: c.creating === true,
      now: o.now(),
      window: o.window,
      tokenIssuedAt: o.tokenIssuedAt,
      overrides: o.overrides,
    });
    if (!classified) {
      o.log?.warn({ unclassified: true, status: answer.status, code: errorNumber, path: c.path }, 'unclassified Zalo error');
    }
    throw error;
  }

  /** An Open API call; returns `data` of a success envelope, throws the classified failure otherwise. */
  async function call(c: ZaloCall): Promise<unknown> {
    return (await callTimed(c)).data;
  }

  return { send, call, callTimed };
}

export type ZaloClient = ReturnType<typeof createZaloClient>;

/** A success answer without the id we need is not a success we can record. */
export function missingField(field: string, action: Messages, creating: boolean): ConnectorError {
  return missingFieldError('Zalo', 'ZALO_ANSWER_UNEXPECTED', field, action, creating);
}
