import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';

/** A parsed HTML form: text fields as strings, file fields as their bytes and name. */
export type FormBody = Record<string, string | FormFile>;

export interface FormFile {
  fileName: string;
  bytes: Uint8Array;
}

const URLENCODED_LIMIT = 16 * 1024;

/**
 * Body parsers for plain HTML forms (the phone pages, the share kit, the public question form),
 * in the calling plugin's scope only. A form is small (one screenshot at most), so it is read
 * whole within a hard limit and parsed by the platform (`Request.formData`, WHATWG multipart) —
 * no extra dependency. Multipart only where a form sends a file (`multipartBytes`, its limit);
 * elsewhere such a body is refused unread. The CSRF field is checked on the parsed body by the
 * auth plugin before any handler runs; a refused post has written nothing.
 */
export function addFormParsers(app: FastifyInstance, o: { multipartBytes?: number } = {}): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: URLENCODED_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  if (o.multipartBytes === undefined) return;
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: o.multipartBytes }, async (request: FastifyRequest, body: string | Buffer) => {
    const form = await new Request('http://loa.invalid/', {
      method: 'POST',
      headers: { 'content-type': request.headers['content-type'] ?? '' },
      body: new Uint8Array(body as Buffer),
    })
      .formData()
      .catch(() => {
        throw new AppError('FORM_MALFORMED', 400, { vi: 'Biểu mẫu gửi lên bị hỏng; hãy thử gửi lại', en: 'The submitted form is malformed; try again' });
      });
    const out: FormBody = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') out[name] = value;
      else if (value.size > 0) out[name] = { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
    return out;
  });
}

export function textField(body: unknown, name: string): string {
  const v = (body as FormBody | null | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export function fileField(body: unknown, name: string): FormFile | null {
  const v = (body as FormBody | null | undefined)?.[name];
  return v && typeof v === 'object' ? v : null;
}
