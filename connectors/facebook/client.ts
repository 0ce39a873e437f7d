import { createHmac } from 'node:crypto';
import type { Logger } from '../../lib/logger.ts';
import { ConnectorError } from '../contract.ts';
import { excerptOf, missingFieldError, readAnswerText } from '../read-answer.ts';
import type { HttpClient } from '../http.ts';
import { classifyGraphError, parseGraphError, type GraphErrorBody } from './classify-error.ts';
import { parseJson } from '../guards.ts';
import type { StreamedBody } from './multipart.ts';
import type { GraphLocation } from './settings.ts';

type Messages = { vi: string; en: string };

export interface GraphCall<T = unknown> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after the version, e.g. `123/feed` or an upload session id `upload:…` (kept verbatim). */
  path: string;
  /** `upload` = the upload host (photo bytes, Resumable Upload API). (Default: graph) */
  host?: 'graph' | 'upload';
  query?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  body?: StreamedBody;
  headers?: Record<string, string>;
  /**
   * `bearer`: Authorization: Bearer; `oauth`: Authorization: OAuth (the Resumable Upload API
   * takes nothing else); `none`: the caller puts what Graph needs in the query (token exchange).
   */
  auth?: 'bearer' | 'oauth' | 'none';
  /** Another token than the client's (the user token that opens upload sessions). */
  token?: string;
  timeoutMs?: number;
  action: Messages;
  /** The call creates the post: any doubt about its outcome must surface as sideEffectPossible. */
  creating?: boolean;
  /** Turns an expected Graph error into a result instead of an error. */
  recover?: (e: GraphErrorBody, status: number) => T | undefined;
}

export interface GraphClientOptions {
  http: HttpClient;
  location: GraphLocation;
  /** Page token for Page calls; never logged. */
  token: string;
  /** When set, every call carries `appsecret_proof`. */
  appSecret: string | null;
  signal?: AbortSignal;
  log?: Logger;
  now(): Date;
}

/** A thin typed client over Graph: URL, auth header, appsecret_proof, and one error path. */
export function createGraphClient(o: GraphClientOptions) {
  function urlOf(c: GraphCall<unknown>, token: string | null): URL {
    const base = c.host === 'upload' ? o.location.uploadBaseUrl : o.location.graphBaseUrl;
    const url = new URL(`${base}/${o.location.apiVersion}/${c.path}`);
    for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
    if (token && o.appSecret) url.searchParams.set('appsecret_proof', createHmac('sha256', o.appSecret).update(token).digest('hex'));
    return url;
  }

  async function send(c: GraphCall<unknown>): Promise<Response> {
    if (o.signal?.aborted) {
      throw new ConnectorError({
        kind: 'transient',
        code: 'NET_ABORTED',
        sideEffectPossible: false,
        message: { vi: 'Đã dừng trước khi gọi Facebook (máy chủ Loa đang tắt)', en: 'Stopped before calling Facebook (Loa is shutting down)' },
      });
    }
    const auth = c.auth ?? 'bearer';
    const token = auth === 'none' ? null : (c.token ?? o.token);
    const headers: Record<string, string> = { accept: 'application/json', ...c.headers };
    if (token) headers.authorization = `${auth === 'oauth' ? 'OAuth' : 'Bearer'} ${token}`;
    let body: string | NodeJS.ReadableStream | null = null;
    if (c.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(c.form).toString();
    } else if (c.body) {
      headers['content-type'] = c.body.contentType;
      headers['content-length'] = String(c.body.contentLength);
      body = c.body.stream;
    }
    try {
      const res = await o.http.request({ method: c.method, url: urlOf(c, token).toString(), headers, body, timeoutMs: c.timeoutMs });
      // Graph may answer before reading the whole body (an early error): release the file.
      if (c.body && !c.body.stream.readableEnded) c.body.stream.destroy();
      return res;
    } catch (err) {
      c.body?.stream.destroy();
      // Only the creating call can leave a post behind; an upload or a read that broke is
      // repeated safely (unpublished photos and upload sessions are harmless orphans).
      if (err instanceof ConnectorError && err.sideEffectPossible && !c.creating) {
        throw new ConnectorError({ kind: err.kind, code: err.code, message: err.messages, sideEffectPossible: false, cause: err });
      }
      throw err;
    }
  }

  /** A Graph call's answer and Graph's clock minus Loa's when it answered (its `Date` header), or null without one. */
  async function callTimed<T>(c: GraphCall<T>): Promise<{ data: T; clockOffsetMs: number | null }> {
    const res = await send(c);
    const serverTime = Date.parse(res.headers.get('date') ?? '');
    const clockOffsetMs = Number.isFinite(serverTime) ? serverTime - o.now().getTime() : null;
    return { data: await answerOf(c, res), clockOffsetMs };
  }

  async function call<T>(c: GraphCall<T>): Promise<T> {
    return answerOf(c, await send(c));
  }

  async function answerOf<T>(c: GraphCall<T>, res: Response): Promise<T> {
    const text = await readAnswerText(res, 'Facebook', c.action, c.creating === true);
    const parsed = parseJson(text);
    const graphError = parseGraphError(parsed);
    if (!res.ok || graphError) {
      const recovered = graphError ? c.recover?.(graphError, res.status) : undefined;
      if (recovered !== undefined) return recovered;
      const { error, classified } = classifyGraphError({
        status: res.status,
        error: graphError,
        businessUseCaseUsage: res.headers.get('x-business-use-case-usage'),
        appUsage: res.headers.get('x-app-usage'),
        retryAfter: res.headers.get('retry-after'),
        excerpt: graphError
          ? excerptOf(`(#${graphError.code}${graphError.subcode != null ? `/${graphError.subcode}` : ''}) ${graphError.message} fbtrace_id=${graphError.fbtraceId ?? '-'}`)
          : excerptOf(text),
        action: c.action,
        creating: c.creating === true,
        now: o.now(),
      });
      if (!classified) {
        o.log?.warn({ unclassified: true, status: res.status, code: error.code, fbtraceId: graphError?.fbtraceId }, 'unclassified Facebook error');
      }
      throw error;
    }
    if (parsed === undefined) {
      throw new ConnectorError({
        kind: c.creating ? 'transient' : 'permanent',
        code: 'FB_NOT_JSON',
        sideEffectPossible: c.creating === true,
        message: {
          vi: `Địa chỉ Graph không trả JSON khi ${c.action.vi}; kiểm tra graphBaseUrl của kênh`,
          en: `The Graph address did not answer JSON while ${c.action.en}; check the channel graphBaseUrl`,
        },
        excerpt: excerptOf(text),
      });
    }
    return parsed as T;
  }

  return { call, callTimed };
}

export type GraphClient = ReturnType<typeof createGraphClient>;

/** A success answer without the id we need is not a success we can record. */
export function missingField(field: string, action: Messages, creating: boolean): ConnectorError {
  return missingFieldError('Facebook', 'FB_ANSWER_UNEXPECTED', field, action, creating);
}
