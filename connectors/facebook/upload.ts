import { Readable } from 'node:stream';
import { ConnectorError, type MediaRef, type PublishContext } from '../contract.ts';
import { missingField, type GraphClient } from './client.ts';
import { isObject, num, str } from '../guards.ts';
import type { FacebookCredentials, FacebookSettings } from './settings.ts';

/** Progress keys of a video publish: the session, then the file handle once every byte is in. */
export const VIDEO_SESSION_KEY = 'videoUploadSession';
export const VIDEO_HANDLE_KEY = 'videoHandle';

/** Times one publish follows Graph's "expected offset" answer (1363037) before giving up. */
const MAX_OFFSET_CORRECTIONS = 3;

const OPEN_SESSION = { vi: 'mở phiên tải video lên', en: 'opening the video upload session' };
const READ_OFFSET = { vi: 'đọc vị trí đã tải của video', en: 'reading the video upload offset' };
const SEND_CHUNK = { vi: 'tải video lên', en: 'uploading the video' };

export interface VideoUploadDeps {
  client: GraphClient;
  settings: FacebookSettings;
  credentials: FacebookCredentials;
  /** Timeout of one chunk request. */
  chunkTimeoutMs: number;
}

/** The offset Graph says it expects, from `error_data` of 1363037 (legacy names or file_offset). */
function expectedOffset(data: Record<string, unknown> | null): number | undefined {
  return num(data, 'start_offset') ?? num(data, 'file_offset');
}

/**
 * Sends a video through the Resumable Upload API (platform-apis.md §1.5) and returns its file
 * handle. Each request streams one chunk from `media.open({start, end})`, so memory holds one
 * read buffer whatever the size. The session id is saved before the first byte; a later
 * attempt asks the session for the server's `file_offset` and continues from there, so an
 * interrupted upload never starts over. Chunks create nothing on the Page: their failures
 * are plain transient errors. A user token of its own past the channel's stored expiry fails
 * the post before any call; one Graph refuses fails the post, not the channel (videoOnly).
 */
export async function uploadVideo(media: MediaRef, ctx: PublishContext, d: VideoUploadDeps): Promise<string> {
  const savedHandle = ctx.progress[VIDEO_HANDLE_KEY];
  if (typeof savedHandle === 'string' && savedHandle !== '') return savedHandle;
  if (!ownUserToken(d.credentials)) return upload(media, ctx, d);
  const expiresAt = ctx.channel.credentialsExpiresAt;
  if (expiresAt !== null && expiresAt.getTime() <= ctx.now().getTime()) throw videoPermissionGone('FB_VIDEO_TOKEN_EXPIRED', true);
  try {
    return await upload(media, ctx, d);
  } catch (err) {
    throw videoOnly(err);
  }
}

/**
 * The user token of a Facebook Page channel opens and feeds upload sessions (§1.5) and
 * expires after ~60 days; the Page token, which posts text and photos and publishes the
 * uploaded video, does not (§1.2). So a user token of its own that Graph refuses (190) stops
 * this video post only: it fails with what to do, and the channel stays connected. The
 * reasons that void the Page token as well (§1.2: the app removed, 190/458; the password
 * changed, 190/460) stay a reconnect of the channel, as do all other errors.
 */
function videoOnly(err: unknown): unknown {
  if (!(err instanceof ConnectorError) || err.kind !== 'auth' || err.sideEffectPossible) return err;
  const [code, subcode] = (err.platformCode ?? '').split('/');
  if (code !== '190' || subcode === '458' || subcode === '460') return err;
  const expired = subcode === '463';
  return videoPermissionGone(expired ? 'FB_VIDEO_TOKEN_EXPIRED' : 'FB_VIDEO_TOKEN_INVALID', expired, err);
}

/**
 * Permanent, so the delivery fails and its owners are told (a delivery held alone on a
 * connected channel is no state the engine has): only a reconnect stores a new user token,
 * after which the board's "Thử lại" sends it again.
 */
function videoPermissionGone(code: string, expired: boolean, refused?: ConnectorError): ConnectorError {
  const vi = expired ? 'đã hết hạn' : 'không còn hiệu lực';
  const en = expired ? 'has expired' : 'is no longer valid';
  return new ConnectorError({
    kind: 'permanent',
    code,
    sideEffectPossible: false,
    ...(refused ? { platformCode: refused.platformCode, excerpt: refused.excerpt, cause: refused } : {}),
    message: {
      vi: `Quyền đăng video trên Fanpage ${vi}: quản trị viên cần kết nối lại Fanpage để đăng bài có video này (bài chữ và ảnh vẫn đăng bình thường)`,
      en: `Permission to post videos on the Page ${en}: an administrator must reconnect the Page to post this video (text and photo posts still go out)`,
    },
  });
}

async function upload(media: MediaRef, ctx: PublishContext, d: VideoUploadDeps): Promise<string> {
  const saved = ctx.progress[VIDEO_SESSION_KEY];
  let session = typeof saved === 'string' && saved.startsWith('upload:') ? saved : null;
  let offset = 0;
  if (session) {
    // A session Graph no longer knows (expired, #100) is replaced by a new one.
    const serverOffset = await readOffset(session, d);
    if (serverOffset === undefined) session = null;
    else offset = serverOffset;
  }
  if (!session) {
    session = await openSession(media, ctx, d);
    offset = 0;
  }

  let handle: string | undefined;
  let corrections = 0;
  while (handle === undefined) {
    const end = Math.min(offset + d.settings.chunkSizeBytes, media.sizeBytes);
    const answer = await d.client.call<unknown>({
      method: 'POST',
      path: session,
      host: 'upload',
      auth: 'oauth',
      token: sessionToken(d.credentials),
      headers: { file_offset: String(offset) },
      // The final call with no bytes left asks for the handle of a fully received file.
      body: {
        stream: end > offset ? media.open({ start: offset, end: end - 1 }) : Readable.from([]),
        contentType: 'application/octet-stream',
        contentLength: end - offset,
      },
      timeoutMs: d.chunkTimeoutMs,
      action: SEND_CHUNK,
      recover: (e) => {
        // A session Graph no longer knows (#100, "does not exist"), as readOffset reads it.
        if (e.code === 100 && e.subcode === 33) return { sessionGone: true };
        const expected = e.subcode === 1363037 ? expectedOffset(e.errorData) : undefined;
        return expected !== undefined && corrections < MAX_OFFSET_CORRECTIONS ? { correctedOffset: expected } : undefined;
      },
    });
    if (isObject(answer) && answer.sessionGone === true) {
      // Not the post's fault: the next attempt finds the session gone and starts a new one.
      throw new ConnectorError({
        kind: 'transient',
        code: 'FB_UPLOAD_SESSION_GONE',
        sideEffectPossible: false,
        message: {
          vi: 'Facebook không còn giữ phiên tải video lên; lần thử sau sẽ tải lại từ đầu',
          en: 'Facebook no longer knows the video upload session; the next attempt uploads again from the start',
        },
      });
    }
    const corrected = num(answer, 'correctedOffset');
    if (corrected !== undefined) {
      ctx.log.info({ offset, expected: corrected }, 'Facebook asked to resume the video upload at another offset');
      corrections++;
      offset = corrected;
      continue;
    }
    // The reference documents only `{h}` as the answer (§1.5): a handle before the last byte
    // was sent, or an answer without `file_offset`, proves nothing about what landed, so the
    // session is asked for its offset (§1.5 step 3) instead of assuming the chunk went in.
    handle = end === media.sizeBytes ? str(answer, 'h') : undefined;
    if (handle === undefined) {
      const next = num(answer, 'file_offset') ?? (await readOffset(session, d));
      if (next === undefined) throw missingField('file_offset', READ_OFFSET, false);
      if (next <= offset && end > offset) throw missingField('file_offset', SEND_CHUNK, false);
      if (next >= media.sizeBytes && end === offset) throw missingField('h', SEND_CHUNK, false);
      offset = next;
    }
  }
  await ctx.saveProgress({ [VIDEO_HANDLE_KEY]: handle });
  return handle;
}

/** The server's `file_offset` of a session; undefined when Graph no longer knows it (#100). */
async function readOffset(session: string, d: VideoUploadDeps): Promise<number | undefined> {
  const status = await d.client.call<unknown>({
    method: 'GET',
    path: session,
    host: 'upload',
    auth: 'oauth',
    token: sessionToken(d.credentials),
    action: READ_OFFSET,
    recover: (e) => (e.code === 100 ? null : undefined),
  });
  return status === null ? undefined : num(status, 'file_offset');
}

/** The docs open sessions with a user token; a Page token is used when none was stored. */
function sessionToken(c: FacebookCredentials): string {
  return c.userAccessToken ?? c.pageAccessToken;
}

/** Session calls go with a user token other than the Page token. */
function ownUserToken(c: FacebookCredentials): boolean {
  return c.userAccessToken !== null && c.userAccessToken !== c.pageAccessToken;
}

async function openSession(media: MediaRef, ctx: PublishContext, d: VideoUploadDeps): Promise<string> {
  if (!d.settings.appId) {
    throw new ConnectorError({
      kind: 'permanent',
      code: 'FB_APP_ID_MISSING',
      sideEffectPossible: false,
      message: {
        vi: 'Kênh Facebook chưa có appId (mã ứng dụng Meta) nên không tải video lên được; hãy thêm appId vào cấu hình kênh',
        en: 'The Facebook channel has no appId (Meta app id), which video uploads need; add appId to the channel settings',
      },
    });
  }
  const answer = await d.client.call<unknown>({
    method: 'POST',
    path: `${d.settings.appId}/uploads`,
    host: 'upload',
    token: sessionToken(d.credentials),
    query: { file_name: media.fileName, file_length: String(media.sizeBytes), file_type: media.mimeType },
    action: OPEN_SESSION,
  });
  const id = str(answer, 'id');
  if (!id || !id.startsWith('upload:')) throw missingField('id', OPEN_SESSION, false);
  await ctx.saveProgress({ [VIDEO_SESSION_KEY]: id });
  return id;
}
