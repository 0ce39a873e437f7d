import { Upload } from 'tus-js-client';
import type { paths } from '../api-types.ts';

/** The media row the server answers an upload with. */
export type UploadedMedia = paths['/api/v1/media/']['post']['responses']['201']['content']['application/json'];

/**
 * Files from the user's computer into the media library. Photos and documents (an
 * activity's proof, a PDF) go in one request with a progress bar; videos (large, over
 * shaky office and commune links) go through tus in chunks, so a dropped connection
 * resumes from the last byte the server kept, and a reload resumes the same upload (tus
 * remembers it in localStorage).
 */
export interface UploadProgress {
  name: string;
  sent: number;
  total: number;
  /** Set while the connection is down and the upload waits to resume. */
  retrying: boolean;
}

export function uploadFile(file: File, unitId: string, csrfToken: string, onProgress: (p: UploadProgress) => void): Promise<UploadedMedia> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ unitId, filename: file.name });
    xhr.open('POST', `/api/v1/media?${query}`);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress({ name: file.name, sent: e.loaded, total: e.total || file.size, retrying: false });
    xhr.onload = () => {
      const body = safeJson(xhr.responseText);
      if (xhr.status === 201) resolve(body as UploadedMedia);
      else {
        const problem = body as { detail?: string; code?: string } | null;
        reject(new UploadError(problem?.detail ?? xhr.statusText, { status: xhr.status, code: problem?.code ?? 'HTTP_ERROR' }));
      }
    };
    xhr.onerror = () => reject(new UploadError(null));
    xhr.send(file);
  });
}

/** Smaller chunks cost more requests; 1 MB keeps a lost chunk cheap on a 3G link. */
const CHUNK_BYTES = 1024 * 1024;

export function uploadVideo(file: File, unitId: string, csrfToken: string, onProgress: (p: UploadProgress) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: '/api/v1/uploads',
      chunkSize: CHUNK_BYTES,
      // Keep trying for about a minute and a half: long enough for a router to come back.
      retryDelays: [0, 1000, 2000, 4000, 8000, 15000, 30000, 30000],
      metadata: { filename: file.name, unitId },
      headers: { 'x-csrf-token': csrfToken },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // As tus-js-client's default: retry a lost connection, a 5xx, a conflict or a lock; a refusal (4xx) is final.
      onShouldRetry: (err) => {
        const status = (err as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus() ?? 0;
        const retry = status === 0 || status >= 500 || status === 409 || status === 423;
        if (retry) onProgress({ name: file.name, sent: 0, total: file.size, retrying: true });
        return retry;
      },
      onProgress: (sent, total) => onProgress({ name: file.name, sent, total, retrying: false }),
      onSuccess: () => resolve(upload.url!.split('/').pop()!),
      onError: (err) => {
        const res = (err as { originalResponse?: { getBody(): string } | null }).originalResponse;
        reject(new UploadError((safeJson(res?.getBody() ?? '') as { detail?: string } | null)?.detail ?? null));
      },
    });
    void upload.findPreviousUploads().then((previous) => {
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });
}

/** `detail` is the server's message; null when the network failed. `answer`: the server's status and problem code, where known. */
export class UploadError extends Error {
  constructor(
    readonly detail: string | null,
    readonly answer: { status: number; code: string } | null = null,
  ) {
    super(detail ?? 'network');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
