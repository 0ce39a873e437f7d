import { ApiError } from './api-client.ts';

/**
 * Where the server's answer names a field (`/title`, `/targets/0/channelId`), the form
 * shows the message next to that field. `field` matches the pointer itself or anything
 * under it. A validation refusal's own per-field message comes first: its `detail` reads
 * "Dữ liệu không hợp lệ ở /title: …", a JSON pointer an officer cannot read, while the
 * field's label already says which field it is.
 */
export function errorFor(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const p = error.problem;
  const inner = p.errors?.find((e) => e.field === field || e.field.startsWith(`${field}/`));
  if (inner) return inner.message;
  if (p.field && (p.field === field || p.field.startsWith(`${field}/`))) return p.detail;
  return undefined;
}

/** The problem's detail when it names no field the form shows (shown above the form). */
export function generalError(error: unknown, shownFields: readonly string[], networkMessage: string): string | undefined {
  if (!error) return undefined;
  if (!(error instanceof ApiError)) return networkMessage;
  const p = error.problem;
  if (p.field && shownFields.some((f) => p.field === f || p.field!.startsWith(`${f}/`))) return undefined;
  return p.detail;
}
