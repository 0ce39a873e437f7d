import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import sharp from 'sharp';
import { apiError, type SimAnswer, type SimSession, type YoutubeSimState } from './simulator-state.ts';
import { checkInsertMetadata, createVideo, videoResource } from './simulator-videos.ts';

/** Non-final chunks are stored in whole blocks of this size (§2.2 step 5); the rest is dropped. */
const BLOCK = 256 * 1024;
const ALL_PARTS = new Set(['snippet', 'status']);

export interface UploadRouteDeps {
  state: YoutubeSimState;
  baseUrl(): string;
  now(): Date;
  forcePrivate: boolean;
  thumbnailMaxBytes: number;
  /** Takes from a quota bucket; the 403 envelope when it is spent. */
  spend(bucket: 'uploads' | 'units', cost: number): SimAnswer | null;
  /** Where the next reset-at-offset fault cuts a data request of a session: bytes from `from` to `to`. */
  resetPoint(from: number, to: number): number | null;
  /** Seconds of the next `Retry-After` the session asks for instead of taking a data request; null when none is queued. */
  retryAfter(): number | null;
}

export type UploadAnswer = SimAnswer | 'reset';

async function readBody(req: IncomingMessage, cap: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= cap) parts.push(chunk as Buffer);
  }
  return size > cap ? null : Buffer.concat(parts);
}

async function drain(req: IncomingMessage): Promise<number> {
  let size = 0;
  for await (const chunk of req) size += (chunk as Buffer).length;
  return size;
}

function jsonOf(buf: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(buf.toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Video uploads as YouTube takes them: resumable sessions (§2.2: initiate → 200 + Location,
 * PUT with Content-Range, 308 with or without Range, the final 201 replayed to later requests,
 * 404 once a session is forgotten), the multipart upload the googleapis client sends, and
 * thumbnails.set. Session bytes are hashed as they arrive; nothing is buffered but the
 * unaligned tail of a chunk.
 */
export function createUploadRoutes(d: UploadRouteDeps) {
  const hashes = new Map<string, Hash>();
  const sessions = new Map<string, SimSession>();

  async function initiate(req: IncomingMessage): Promise<UploadAnswer> {
    const meta = jsonOf((await readBody(req, 1024 * 1024)) ?? Buffer.alloc(0));
    if (!meta) return apiError(400, 'parseError', 'Parse Error', 'global');
    const total = Number(req.headers['x-upload-content-length']);
    const contentType = String(req.headers['x-upload-content-type'] ?? 'application/octet-stream');
    if (!Number.isInteger(total) || total <= 0) return apiError(400, 'mediaBodyRequired', 'The request does not include the video content.');
    if (!contentType.startsWith('video/') && contentType !== 'application/octet-stream') {
      return apiError(400, 'invalidVideoMetadata', `Media type '${contentType}' is not supported.`);
    }
    const invalid = checkInsertMetadata(meta);
    if (invalid) return invalid;
    const spent = d.spend('uploads', 1);
    if (spent) return spent;
    const id = randomBytes(24).toString('base64url');
    const session: SimSession = {
      id,
      uri: `${d.baseUrl()}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status&upload_id=${id}`,
      total,
      contentType,
      received: 0,
      bytesReceived: 0,
      chunks: [],
      sha256: null,
      videoId: null,
      expired: false,
      metadata: meta,
    };
    d.state.sessions.push(session);
    sessions.set(id, session);
    hashes.set(id, createHash('sha256'));
    return { status: 200, headers: { location: session.uri } };
  }

  function range(s: SimSession): SimAnswer {
    return { status: 308, headers: s.received > 0 ? { range: `bytes=0-${s.received - 1}` } : {} };
  }

  function finished(s: SimSession): SimAnswer {
    const video = d.state.videos.find((v) => v.id === s.videoId)!;
    return { status: 201, body: videoResource(video, ALL_PARTS) };
  }

  /** A PUT to a session: a status probe (`bytes *\/N`) or bytes at the session's offset. */
  async function put(uploadId: string, req: IncomingMessage): Promise<UploadAnswer> {
    const s = sessions.get(uploadId);
    if (!s || s.expired) {
      await drain(req);
      return apiError(404, 'notFound', 'Not Found', 'global');
    }
    const header = req.headers['content-range'];
    const probe = typeof header === 'string' ? /^bytes \*\/(\d+)$/.exec(header) : null;
    const data = typeof header === 'string' ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header) : null;
    if (s.videoId) {
      s.bytesReceived += await drain(req);
      return finished(s);
    }
    if (probe) {
      await drain(req);
      return range(s);
    }
    // Without Content-Range the body is the whole file, from byte 0.
    const start = data ? Number(data[1]) : 0;
    const declaredTotal = data ? Number(data[3]) : s.total;
    if (declaredTotal !== s.total || (data && Number(data[2]) >= s.total)) {
      s.bytesReceived += await drain(req);
      return apiError(400, 'badContent', 'Content-Range does not match the upload length.', 'global');
    }
    const wait = d.retryAfter();
    if (wait !== null) {
      // §2.2 step 3: a 308 may carry Retry-After, "when to resume"; none of these bytes are stored.
      s.bytesReceived += await drain(req);
      const answer = range(s);
      return { ...answer, headers: { ...answer.headers, 'retry-after': String(wait) } };
    }
    if (start !== s.received) {
      // Non-contiguous or overlapping: none of these bytes are stored.
      const size = await drain(req);
      s.bytesReceived += size;
      s.chunks.push(size);
      return range(s);
    }
    return append(s, req);
  }

  async function append(s: SimSession, req: IncomingMessage): Promise<UploadAnswer> {
    const hash = hashes.get(s.id)!;
    const declared = Number(req.headers['content-length'] ?? s.total - s.received);
    const cut = d.resetPoint(s.received, s.received + declared);
    let tail: Buffer[] = [];
    let tailSize = 0;
    let position = s.received;
    let size = 0;
    let reset = false;
    const keep = (bytes: Buffer) => {
      // Bytes are hashed in whole blocks; the unaligned tail waits for the end of the request.
      tail.push(bytes);
      tailSize += bytes.length;
      position += bytes.length;
      const aligned = Math.floor(position / BLOCK) * BLOCK;
      const flush = aligned - (position - tailSize);
      if (flush > 0) {
        const all = Buffer.concat(tail);
        hash.update(all.subarray(0, flush));
        tail = [all.subarray(flush)];
        tailSize -= flush;
        s.received = aligned;
      }
    };
    try {
      for await (const chunk of req) {
        let bytes = chunk as Buffer;
        size += bytes.length;
        s.bytesReceived += bytes.length;
        const room = s.total - position;
        if (cut !== null && position + bytes.length >= cut) {
          bytes = bytes.subarray(0, Math.max(0, cut - position));
          reset = true;
        }
        if (room > 0) keep(bytes.subarray(0, room));
        if (reset) break;
      }
    } catch (err) {
      if (!reset) throw err;
    }
    s.chunks.push(size);
    if (reset) return 'reset';
    if (position >= s.total) {
      hash.update(Buffer.concat(tail));
      s.received = s.total;
      s.sha256 = hash.digest('hex');
      const video = createVideo(d.state, s.metadata, { sizeBytes: s.total, sha256: s.sha256, via: 'resumable' }, { forcePrivate: d.forcePrivate, now: d.now() });
      s.videoId = video.id;
      return finished(s);
    }
    return range(s);
  }

  /** uploadType=multipart: a JSON part then the media part (what googleapis' videos.insert sends). */
  async function multipart(req: IncomingMessage): Promise<UploadAnswer> {
    const boundary = /boundary=("?)([^";]+)\1/i.exec(String(req.headers['content-type'] ?? ''))?.[2];
    const body = await readBody(req, 512 * 1024 * 1024);
    if (!boundary || !body) return apiError(400, 'badContent', 'Unsupported content with type: multipart/related', 'global');
    const parts: Buffer[] = [];
    const delimiter = Buffer.from(`--${boundary}`);
    for (let at = body.indexOf(delimiter); at >= 0; ) {
      const next = body.indexOf(delimiter, at + delimiter.length);
      if (next < 0) break;
      const part = body.subarray(at + delimiter.length, next);
      const headerEnd = part.indexOf('\r\n\r\n');
      if (headerEnd >= 0) parts.push(part.subarray(headerEnd + 4, part.length - 2));
      at = next;
    }
    const meta = parts[0] ? jsonOf(parts[0]) : null;
    const media = parts[1];
    if (!meta) return apiError(400, 'parseError', 'Parse Error', 'global');
    if (!media || media.length === 0) return apiError(400, 'mediaBodyRequired', 'The request does not include the video content.');
    const invalid = checkInsertMetadata(meta);
    if (invalid) return invalid;
    const spent = d.spend('uploads', 1);
    if (spent) return spent;
    const sha256 = createHash('sha256').update(media).digest('hex');
    const video = createVideo(d.state, meta, { sizeBytes: media.length, sha256, via: 'multipart' }, { forcePrivate: d.forcePrivate, now: d.now() });
    return { status: 200, body: videoResource(video, ALL_PARTS) };
  }

  async function thumbnail(videoId: string | null, req: IncomingMessage): Promise<UploadAnswer> {
    const spent = d.spend('units', 50);
    if (spent) {
      await drain(req);
      return spent;
    }
    const video = d.state.videos.find((v) => v.id === videoId && !v.deleted);
    if (!video) {
      await drain(req);
      return apiError(404, 'videoNotFound', 'The video that you are trying to update cannot be found.');
    }
    const contentType = String(req.headers['content-type'] ?? '');
    const body = await readBody(req, d.thumbnailMaxBytes);
    if (!body) return apiError(400, 'invalidImage', 'The provided image content is invalid.');
    if (body.length === 0) return apiError(400, 'mediaBodyRequired', 'The request does not include the image content.');
    if (!['image/jpeg', 'image/png', 'application/octet-stream'].includes(contentType.split(';')[0]!.trim())) {
      return apiError(400, 'invalidImage', 'The provided image content is invalid.');
    }
    const meta = await sharp(body)
      .metadata()
      .catch(() => null);
    if (!meta?.width || !meta.height) return apiError(400, 'invalidImage', 'The provided image content is invalid.');
    video.thumbnail = {
      videoId: video.id,
      contentType,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      width: meta.width,
      height: meta.height,
      format: meta.format ?? 'unknown',
    };
    d.state.thumbnails.push(video.thumbnail);
    const url = (size: string) => `https://i.ytimg.com/vi/${video.id}/${size}.jpg`;
    return {
      status: 200,
      body: {
        kind: 'youtube#thumbnailSetResponse',
        etag: `thumb-${video.id}`,
        items: [
          {
            default: { url: url('default'), width: 120, height: 90 },
            medium: { url: url('mqdefault'), width: 320, height: 180 },
            high: { url: url('hqdefault'), width: 480, height: 360 },
            maxres: { url: url('maxresdefault'), width: meta.width, height: meta.height },
          },
        ],
      },
    };
  }

  return {
    initiate,
    put,
    multipart,
    thumbnail,
    /** Forgets sessions, as YouTube does after their undocumented lifetime. */
    expire(predicate: (s: SimSession) => boolean = () => true): void {
      for (const s of d.state.sessions) if (predicate(s)) s.expired = true;
    },
  };
}
