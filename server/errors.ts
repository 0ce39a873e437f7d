import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type Messages } from '../lib/errors.ts';
import { sendErrorPage, wantsSitePage } from './site/error-pages.ts';

/**
 * Every error leaves as RFC 9457 problem+json: a stable `code`, the `field` it concerns
 * (JSON pointer), and the message in the reader's language (Vietnamese unless they ask
 * for English) with both languages under `messages`.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  messages: Messages;
  errors?: { field: string; code: string; message: string }[];
}

/** At most this many entries under a VALIDATION_FAILED problem's `errors`. */
export const MAX_VALIDATION_ERRORS = 50;

export function pickLanguage(request: FastifyRequest): 'vi' | 'en' {
  const userLocale = request.user?.locale;
  if (userLocale === 'en' || userLocale === 'vi') return userLocale;
  const accept = String(request.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(accept) ? 'en' : 'vi';
}

/** JSON Schema's type names as a Vietnamese reader knows them ("cần integer" read as a foreign word). */
const vietnameseTypes: Record<string, string> = {
  string: 'chuỗi ký tự',
  integer: 'số nguyên',
  number: 'số',
  boolean: 'giá trị đúng/sai (true/false)',
  object: 'đối tượng JSON ({…})',
  array: 'danh sách ([…])',
  null: 'null',
};

/** A web address field: what an officer should type, not "Sai định dạng (uri)". */
const WEB_ADDRESS: Messages = { vi: 'Cần địa chỉ web đầy đủ, bắt đầu bằng http:// hoặc https://', en: 'Needs a full web address starting with http:// or https://' };
const formatMessages: Record<string, Messages> = {
  uuid: { vi: 'Chưa chọn, hoặc mã không hợp lệ', en: 'Nothing chosen, or not a valid id' },
  email: { vi: 'Email chưa đúng dạng, ví dụ ten@congan.gov.vn', en: 'Not an email address, e.g. name@agency.gov.vn' },
  uri: WEB_ADDRESS,
};

const EMPTY: Messages = { vi: 'Không được để trống', en: 'Must not be empty' };
const NOTHING_CHOSEN: Messages = { vi: 'Chưa chọn', en: 'Nothing chosen' };
const validationMessages: Record<string, (p: Record<string, unknown>) => Messages> = {
  required: (p) => ({ vi: `Thiếu trường bắt buộc "${p.missingProperty}"`, en: `Missing required field "${p.missingProperty}"` }),
  type: (p) => ({ vi: `Sai kiểu dữ liệu, cần ${vietnameseTypes[String(p.type)] ?? p.type}`, en: `Must be of type ${p.type}` }),
  maxLength: (p) => ({ vi: `Dài quá ${p.limit} ký tự`, en: `Must be at most ${p.limit} characters` }),
  // A minimum of one character is a field left empty: say that, not "at least 1 character".
  minLength: (p) =>
    p.limit === 1 ? EMPTY : { vi: `Cần ít nhất ${p.limit} ký tự`, en: `Must be at least ${p.limit} characters` },
  maxItems: (p) => ({ vi: `Tối đa ${p.limit} phần tử`, en: `Must have at most ${p.limit} items` }),
  minItems: (p) => ({ vi: `Cần ít nhất ${p.limit} phần tử`, en: `Must have at least ${p.limit} items` }),
  enum: (p) => ({
    vi: `Giá trị không hợp lệ; chọn một trong: ${(p.allowedValues as unknown[]).join(', ')}`,
    en: `Must be one of: ${(p.allowedValues as unknown[]).join(', ')}`,
  }),
  // An id field is what a form's picker fills: empty means nothing was chosen. The others say what is expected.
  format: (p) => formatMessages[String(p.format)] ?? { vi: `Sai định dạng (${p.format})`, en: `Must be a valid ${p.format}` },
  additionalProperties: (p) => ({
    vi: `Trường không được phép "${p.additionalProperty}"`,
    en: `Unknown field "${p.additionalProperty}"`,
  }),
  minimum: (p) => ({ vi: `Phải ≥ ${p.limit}`, en: `Must be ≥ ${p.limit}` }),
  maximum: (p) => ({ vi: `Phải ≤ ${p.limit}`, en: `Must be ≤ ${p.limit}` }),
  pattern: (p) => (String(p.pattern).startsWith('^https?://') ? WEB_ADDRESS : { vi: 'Sai định dạng', en: 'Has the wrong format' }),
};

function fieldOf(v: { instancePath?: string; params?: Record<string, unknown> }): string {
  const base = v.instancePath || '';
  if (v.params?.missingProperty) return `${base}/${v.params.missingProperty}`;
  if (v.params?.additionalProperty) return `${base}/${v.params.additionalProperty}`;
  return base || '/';
}

/** The value a JSON pointer (Ajv's instancePath, e.g. "/email") names inside the validated part of a request. */
function valueAt(input: unknown, pointer: string): unknown {
  let at = input;
  for (const part of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

/**
 * Refusals that, for a value sent as "", mean the field was left empty: too short, not a number
 * (a cleared number field), not a date or an email; an id sent empty is a picker left unchosen.
 */
function sentEmpty(v: { keyword: string }): boolean {
  return v.keyword === 'minLength' || v.keyword === 'type' || v.keyword === 'pattern' || v.keyword === 'format';
}

/** The parts of a request a schema validates, by Fastify's validationContext. */
export type RequestInput = Partial<Record<'body' | 'querystring' | 'params' | 'headers', unknown>>;

/**
 * `input` (the request's body, query, params) lets a message name what the user did: a
 * field sent empty ("") was left empty — "Không được để trống", not "Cần ít nhất 3 ký tự" or
 * "cần số nguyên", which read as if something wrong had been typed.
 */
export function toProblem(error: FastifyError | AppError | Error, lang: 'vi' | 'en', input?: RequestInput): Problem {
  if (error instanceof AppError) {
    return problem(error.status, error.code, error.messages, lang, error.field);
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const context = (fe.validationContext ?? 'body') as keyof RequestInput;
    const all = fe.validation.map((v) => {
      const leftEmpty = sentEmpty(v) && input !== undefined && valueAt(input[context], v.instancePath ?? '') === '';
      const messages = leftEmpty
        ? v.keyword === 'format' && v.params?.format === 'uuid'
          ? NOTHING_CHOSEN
          : EMPTY
        : (validationMessages[v.keyword] ?? (() => ({ vi: 'Giá trị không hợp lệ', en: v.message ?? 'Invalid value' })))(v.params as Record<string, unknown>);
      const where = fe.validationContext && fe.validationContext !== 'body' ? `${fe.validationContext}:` : '';
      return { field: where + fieldOf(v as never), code: `VALIDATION_${v.keyword.toUpperCase()}`, messages };
    });
    // Ajv reports every violation (allErrors): one message per field is what a form can show
    // (the first, e.g. "type" before the anyOf that wraps it), and a body of a thousand bad
    // items is not echoed back a thousand times.
    const errors = all.filter((e, i) => all.findIndex((o) => o.field === e.field) === i).slice(0, MAX_VALIDATION_ERRORS);
    const first = errors[0]!;
    // Each language's summary from that language's message: `messages` carries both, whichever the reader asked for.
    const summary = { vi: `Dữ liệu không hợp lệ ở ${first.field}: ${first.messages.vi}`, en: `Invalid input at ${first.field}: ${first.messages.en}` };
    const p = problem(400, 'VALIDATION_FAILED', summary, lang, first.field);
    return { ...p, errors: errors.map((e) => ({ field: e.field, code: e.code, message: e.messages[lang] })) };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return problem(413, 'BODY_TOO_LARGE', { vi: 'Nội dung gửi lên quá lớn', en: 'Request body is too large' }, lang, '/');
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return problem(415, 'UNSUPPORTED_MEDIA_TYPE', { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported content type' }, lang);
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return problem(400, 'MALFORMED_JSON', { vi: 'JSON không hợp lệ', en: 'Malformed JSON body' }, lang, '/');
  }
  if (isDataException(error)) {
    return problem(400, 'INVALID_VALUE', { vi: 'Có giá trị không hợp lệ trong yêu cầu', en: 'The request holds a value the database cannot store or compare' }, lang);
  }
  if (fe.code === 'FST_ERR_BAD_URL') {
    return problem(400, 'URL_INVALID', { vi: 'Địa chỉ (URL) có phần mã hoá không hợp lệ', en: 'The URL has an invalid percent-encoding' }, lang);
  }
  if (fe.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return problem(414, 'URL_TOO_LONG', { vi: 'Địa chỉ (URL) có phần quá dài', en: 'A part of the URL is too long' }, lang);
  }
  const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status < 500) return problem(status, fe.code ?? 'BAD_REQUEST', { vi: 'Yêu cầu không hợp lệ', en: fe.message }, lang);
  return problem(500, 'INTERNAL', { vi: 'Lỗi hệ thống; sự cố đã được ghi lại', en: 'Internal error; it has been logged' }, lang);
}

/**
 * PostgreSQL's class 22 (data exception: bad encoding, a date out of range, a malformed
 * UUID…) and 54001 (nesting too deep) mean a value in the request that the input gate did
 * not catch. The statement failed, so nothing was written by it; the request is refused as
 * a 400 (and logged, so the gate can learn it).
 */
function isDataException(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && (/^22[0-9A-Z]{3}$/.test(e.code) || e.code === '54001')) return true;
  }
  return false;
}

function problem(status: number, code: string, messages: Messages, lang: 'vi' | 'en', field?: string): Problem {
  return {
    type: `https://loa.gov.vn/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: messages[lang],
    status,
    detail: messages[lang],
    code,
    ...(field ? { field } : {}),
    messages,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const p = toProblem(error, pickLanguage(request), { body: request.body, querystring: request.query, params: request.params });
  if (p.status >= 500) request.log.error({ err: error }, 'request failed');
  else if (p.code === 'INVALID_VALUE') request.log.warn({ err: error }, 'database refused a value from the request');
  else request.log.info({ code: p.code, field: p.field }, 'request refused');
  if (wantsSitePage(request)) return sendErrorPage(reply, p.status);
  return sendProblem(reply, p);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  if (wantsSitePage(request)) return sendErrorPage(reply, 404);
  return sendProblem(
    reply,
    toProblem(new AppError('ROUTE_NOT_FOUND', 404, { vi: 'Không có trang hoặc API này', en: 'No such page or API route' }), pickLanguage(request)),
  );
}
