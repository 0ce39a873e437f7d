import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { graphError, type SimAnswer } from './simulator-auth.ts';
import type { GraphSimState, SimToken, SimUploadSession } from './simulator-state.ts';

const FILE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4']);

/**
 * The Resumable Upload API (platform-apis.md §1.5): sessions under the app, bytes appended in
 * order at the `file_offset` header, the server offset readable with GET, a file handle when
 * the last byte is in. Bytes are hashed as they arrive; nothing is buffered.
 */
export function createUploadRoutes(state: GraphSimState, resetPoint: (from: number, to: number) => number | null) {
  const hashes = new Map<string, Hash>();
  const sessions = new Map<string, { session: SimUploadSession; sig: string }>();

  function open(appId: string, params: Map<string, string>, token: SimToken): SimAnswer {
    if (appId !== state.appId) return graphError(400, 100, `Unsupported post request. Object with ID '${appId}' does not exist`, { subcode: 33, type: 'GraphMethodException' });
    const fileLength = Number(params.get('file_length'));
    const fileType = params.get('file_type') ?? '';
    if (!Number.isInteger(fileLength) || fileLength <= 0) return graphError(400, 100, '(#100) file_length must be a positive integer');
    if (!FILE_TYPES.has(fileType)) return graphError(400, 100, `(#100) file_type must be one of ${[...FILE_TYPES].join(', ')}`);
    const sid = randomBytes(18).toString('base64url');
    const sig = randomBytes(9).toString('base64url');
    const session: SimUploadSession = {
      id: `upload:${sid}?sig=${sig}`,
      fileName: params.get('file_name') ?? 'file',
      fileLength,
      fileType,
      offset: 0,
      bytesReceived: 0,
      requests: 0,
      sha256: null,
      handle: null,
      openedWith: token.type,
    };
    state.uploadSessions.push(session);
    sessions.set(sid, { session, sig });
    hashes.set(sid, createHash('sha256'));
    return { status: 200, body: { id: session.id } };
  }

  function find(sid: string, sig: string | null): SimUploadSession | SimAnswer {
    const s = sessions.get(sid);
    if (!s || s.sig !== sig) return graphError(400, 100, `Unsupported request. Object with ID 'upload:${sid}' does not exist`, { subcode: 33, type: 'GraphMethodException' });
    return s.session;
  }

  function status(sid: string, sig: string | null): SimAnswer {
    const s = find(sid, sig);
    if ('status' in s) return s;
    return { status: 200, body: { id: s.id, file_offset: s.offset } };
  }

  function handleOf(s: SimUploadSession): string {
    s.handle ??= `2:${Buffer.from(s.fileName).toString('base64')}:${s.fileType}:${randomBytes(12).toString('base64url')}:e:${Math.floor(Date.now() / 1000) + 86_400}`;
    return s.handle;
  }

  function complete(sid: string, s: SimUploadSession): SimAnswer {
    s.sha256 ??= hashes.get(sid)!.digest('hex');
    return { status: 200, body: { h: handleOf(s) } };
  }

  /** What a chunk that left the file incomplete is answered (`state.chunkAnswer`). */
  function partial(s: SimUploadSession): SimAnswer {
    if (state.chunkAnswer === 'handle') return { status: 200, body: { h: handleOf(s) } };
    if (state.chunkAnswer === 'bare') return { status: 200, body: { id: s.id } };
    return { status: 200, body: { id: s.id, file_offset: s.offset } };
  }

  /** Appends one chunk; 'reset' = the server dropped the connection part-way (a fault). */
  async function append(sid: string, sig: string | null, req: IncomingMessage): Promise<SimAnswer | 'reset'> {
    const s = find(sid, sig);
    if ('status' in s) {
      req.resume();
      return s;
    }
    s.requests++;
    const header = req.headers.file_offset;
    const offset = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : null;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (offset === null || offset !== s.offset) {
      for await (const chunk of req) s.bytesReceived += (chunk as Buffer).length;
      if (offset === null) return graphError(400, 100, '(#100) The file_offset header is required');
      return graphError(400, 6001, 'There was a problem uploading your video. Please try uploading it again.', {
        subcode: 1363037,
        errorData: { start_offset: s.offset, end_offset: Math.min(s.offset + declared, s.fileLength) },
        type: 'OAuthException',
      });
    }
    const cut = resetPoint(s.offset, s.offset + declared);
    const hash = hashes.get(sid)!;
    let outcome: 'reset' | 'too-long' | null = null;
    try {
      for await (const chunk of req) {
        const bytes = chunk as Buffer;
        s.bytesReceived += bytes.length;
        const room = s.fileLength - s.offset;
        const keep = cut !== null ? Math.min(bytes.length, cut - s.offset, room) : Math.min(bytes.length, room);
        if (keep > 0 && s.sha256 === null) {
          hash.update(bytes.subarray(0, keep));
          s.offset += keep;
        }
        outcome = cut !== null && s.offset >= cut ? 'reset' : bytes.length > keep ? 'too-long' : null;
        if (outcome) break;
      }
    } catch (err) {
      // Leaving the loop early destroys the request, which may surface as a premature close.
      if (!outcome) throw err;
    }
    if (outcome === 'reset') return 'reset';
    if (outcome === 'too-long') return graphError(400, 100, '(#100) file_offset plus the body length exceeds file_length');
    return s.offset === s.fileLength ? complete(sid, s) : partial(s);
  }

  return { open, status, append };
}
