/**
 * A failure the user can act on. Carries a stable code, an HTTP status, the message in
 * Vietnamese and English, and the field it concerns (a JSON pointer such as `/title`).
 * server/errors.ts turns it into RFC 9457 problem+json.
 */
export interface Messages {
  vi: string;
  en: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Messages;
  readonly field: string | undefined;

  constructor(code: string, status: number, messages: Messages, field?: string) {
    super(messages.en);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.messages = messages;
    this.field = field;
  }
}

export const notFound = (what: Messages, field?: string) =>
  new AppError('NOT_FOUND', 404, { vi: `Không tìm thấy ${what.vi}`, en: `${what.en} not found` }, field);

export const forbidden = (messages: Messages = { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' }) =>
  new AppError('FORBIDDEN', 403, messages);

export const invalid = (code: string, field: string, messages: Messages) => new AppError(code, 422, messages, field);

export const conflict = (code: string, messages: Messages, field?: string) => new AppError(code, 409, messages, field);
