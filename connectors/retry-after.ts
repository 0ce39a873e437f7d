/**
 * `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3): when the server asked to
 * be called again; a date already past means now. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): Date | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : new Date(Math.max(at, now.getTime()));
}
