import { ConnectorError, type MediaRef, type PublishContext, type RenderedPost } from '../contract.ts';
import { readAnswerText } from '../read-answer.ts';
import type { YoutubeClient, YtVideo } from './client.ts';
import { videoResource } from './content.ts';
import { answerError, type Action } from './errors.ts';
import { parseJson, str } from '../guards.ts';
import { parseRetryAfter } from '../retry-after.ts';
import type { YoutubeSettings } from './settings.ts';

/** Progress keys of the video step: the session URI before the first byte, the video id after the last. */
export const UPLOAD_URI_KEY = 'uploadUri';
export const VIDEO_ID_KEY = 'videoId';
/** When the upload finished (or, for a video reconcile found, when that attempt ended): the processing wait counts from it. */
export const UPLOADED_AT_KEY = 'uploadedAt';

/** Answers in a row that move the upload no further before the attempt gives up. */
const MAX_STALLED_ANSWERS = 3;

const OPEN: Action = { vi: 'mở phiên tải video lên YouTube', en: 'opening the YouTube upload session' };
const PROBE: Action = { vi: 'hỏi YouTube phần video đã nhận', en: "asking YouTube how much of the video it has" };
const SEND: Action = { vi: 'tải video lên YouTube', en: 'uploading the video to YouTube' };

export interface UploadDeps {
  client: YoutubeClient;
  settings: YoutubeSettings;
  /** Timeout of one chunk request. */
  chunkTimeoutMs: number;
  /** Takes one call from the upload bucket before a session opens; throws a Deferral when spent. */
  reserveUpload(): Promise<void>;
}

/** What the session says: finished with the video, still missing bytes from `next`, or gone (expired). */
export type SessionState = { kind: 'done'; video: YtVideo & { id: string } } | { kind: 'incomplete'; next: number; retryAt?: Date } | { kind: 'gone' };

function uploadError(code: string, vi: string, en: string, sideEffectPossible: boolean, retryAt?: Date): ConnectorError {
  return new ConnectorError({ kind: 'transient', code, sideEffectPossible, retryAt, message: { vi, en } });
}

/** Reads one answer of the session (§2.2): 200/201 with the video, 308 with or without Range, 404 gone. */
async function sessionState(res: Response, ctx: PublishContext, action: Action, creating: boolean): Promise<SessionState> {
  const text = await readAnswerText(res, 'YouTube', action, creating);
  if (res.status === 200 || res.status === 201) {
    const video = parseJson(text);
    const id = str(video, 'id');
    if (!id) {
      throw uploadError('YT_UPLOAD_NO_VIDEO_ID', 'YouTube báo đã nhận đủ video nhưng không trả mã video', 'YouTube finished the upload but sent no video id', true);
    }
    return { kind: 'done', video: { ...(video as YtVideo), id } };
  }
  if (res.status === 308) {
    // No Range header: the session holds nothing yet (§2.2 step 3).
    const last = /^bytes=0-(\d+)$/.exec(res.headers.get('range') ?? '')?.[1];
    const retryAt = parseRetryAfter(res.headers.get('retry-after'), ctx.now());
    return { kind: 'incomplete', next: last === undefined ? 0 : Number(last) + 1, ...(retryAt ? { retryAt } : {}) };
  }
  if (res.status === 404 || res.status === 410) return { kind: 'gone' };
  throw answerError(res.status, text, res.headers, { action, creating, now: ctx.now(), log: ctx.log });
}

/** A status request (`Content-Range: bytes *\/TOTAL`): a read of the session, safe to send any time. */
export async function probeSession(uri: string, total: number, ctx: PublishContext, client: YoutubeClient): Promise<SessionState> {
  const res = await client.raw({
    method: 'PUT',
    url: uri,
    headers: { 'content-length': '0', 'content-range': `bytes */${total}` },
    action: PROBE,
    creating: false,
  });
  return sessionState(res, ctx, PROBE, false);
}

async function openSession(post: RenderedPost, media: MediaRef, ctx: PublishContext, d: UploadDeps): Promise<string> {
  const { resource, markerAdded } = videoResource(post, d.settings, ctx.now());
  if (markerAdded) ctx.log.warn({ deliveryId: post.deliveryId }, 'YouTube description lacked the delivery marker; the marker link was appended');
  const url = `${d.client.uploadBase}/videos?uploadType=resumable&part=snippet,status`;
  const res = await d.client.raw({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-length': String(media.sizeBytes),
      'x-upload-content-type': uploadType(media),
    },
    body: JSON.stringify(resource),
    action: OPEN,
    // An opened session is not a video: losing its answer leaves nothing on the channel.
    creating: false,
  });
  const text = await res.text().catch(() => '');
  if (!res.ok) throw answerError(res.status, text, res.headers, { action: OPEN, creating: false, now: ctx.now(), log: ctx.log });
  const location = res.headers.get('location');
  if (!location) throw uploadError('YT_UPLOAD_NO_SESSION', 'YouTube không trả địa chỉ phiên tải lên (Location)', 'YouTube sent no upload session address (Location)', false);
  const uri = new URL(location, url).href;
  await ctx.saveProgress({ [UPLOAD_URI_KEY]: uri });
  return uri;
}

function uploadType(media: MediaRef): string {
  return media.mimeType.startsWith('video/') ? media.mimeType : 'application/octet-stream';
}

/**
 * Sends the video through the resumable protocol (platform-apis.md §2.2) and returns the
 * video. The session URI is saved before the first byte; a later attempt asks the session
 * what it holds and sends only the rest, and a session YouTube forgot (404) is replaced by a
 * new one from byte 0. Each request streams one chunk from `media.open({start, end})`, so
 * memory holds one read buffer whatever the size. Only the request carrying the last byte
 * can create the video: a lost answer to it is `sideEffectPossible`.
 */
export async function uploadVideo(post: RenderedPost, media: MediaRef, ctx: PublishContext, d: UploadDeps): Promise<YtVideo & { id: string }> {
  const total = media.sizeBytes;
  const saved = ctx.progress[UPLOAD_URI_KEY];
  let uri = typeof saved === 'string' && saved !== '' ? saved : null;
  let offset = 0;
  if (uri) {
    const state = await probeSession(uri, total, ctx, d.client);
    if (state.kind === 'done') return state.video;
    if (state.kind === 'gone') {
      ctx.log.info({ deliveryId: post.deliveryId }, 'YouTube upload session expired; starting a new one from byte 0');
      uri = null;
    } else {
      waitIfAsked(state, ctx);
      offset = state.next;
      ctx.log.info({ deliveryId: post.deliveryId, offset, total }, 'resuming YouTube upload from the range the session holds');
    }
  }
  if (!uri) {
    await d.reserveUpload();
    uri = await openSession(post, media, ctx, d);
  }

  let stalled = 0;
  for (;;) {
    const end = Math.min(offset + d.settings.chunkSizeBytes, total);
    let state: SessionState;
    if (offset >= total) {
      // Every byte is in but the session has not answered with the video: ask it again.
      state = await probeSession(uri, total, ctx, d.client);
    } else {
      state = await sendChunk(uri, media, offset, end, ctx, d);
    }
    if (state.kind === 'done') return state.video;
    if (state.kind === 'gone') {
      throw uploadError(
        'YT_UPLOAD_SESSION_EXPIRED',
        'Phiên tải video lên YouTube đã hết hạn; lần thử sau sẽ tải lại từ đầu',
        'The YouTube upload session expired; the next attempt uploads again from the start',
        false,
      );
    }
    // Never assume a chunk landed: the next byte is what the session says it holds.
    waitIfAsked(state, ctx);
    stalled = state.next > offset ? 0 : stalled + 1;
    if (stalled >= MAX_STALLED_ANSWERS) {
      throw uploadError('YT_UPLOAD_STALLED', 'YouTube không nhận thêm dữ liệu video; sẽ thử lại sau', 'YouTube stopped taking more of the video; will try again later', false);
    }
    offset = state.next;
  }
}

/**
 * A 308 with `Retry-After` says when to resume (§2.2 step 3), after a probe or a chunk alike:
 * sending on before then only adds load, so the attempt ends there; the saved session resumes later.
 */
function waitIfAsked(state: SessionState, ctx: PublishContext): void {
  if (state.kind === 'incomplete' && state.retryAt && state.retryAt > ctx.now()) {
    throw uploadError('YT_UPLOAD_RETRY_AFTER', 'YouTube yêu cầu chờ trước khi tải tiếp video', 'YouTube asked to wait before resuming the upload', false, state.retryAt);
  }
}

/** One `PUT bytes a-b/TOTAL`, streamed from storage; the stream is released whatever the answer. */
async function sendChunk(uri: string, media: MediaRef, offset: number, end: number, ctx: PublishContext, d: UploadDeps): Promise<SessionState> {
  const total = media.sizeBytes;
  const final = end === total;
  const body = media.open({ start: offset, end: end - 1 });
  try {
    const res = await d.client.raw({
      method: 'PUT',
      url: uri,
      headers: { 'content-length': String(end - offset), 'content-range': `bytes ${offset}-${end - 1}/${total}`, 'content-type': uploadType(media) },
      body,
      timeoutMs: d.chunkTimeoutMs,
      action: SEND,
      creating: final,
    });
    return await sessionState(res, ctx, SEND, final);
  } finally {
    body.destroy();
  }
}
