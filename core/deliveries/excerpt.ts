/**
 * Platform answers are kept on attempt rows as short excerpts for people to read. They
 * may echo what we sent, so anything shaped like a credential is blanked before storing.
 */
const MAX_EXCERPT = 500;

const secretPatterns: [RegExp, string][] = [
  [/\b(access_token|refresh_token|client_secret|app_secret|password|token|secret|signature|api_key)(["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi, '$1$2[redacted]'],
  [/\b(Bearer|Basic|OAuth)\s+[A-Za-z0-9._~+/-]+=*/g, '$1 [redacted]'],
  [/whsec_[A-Za-z0-9+/=]+/g, 'whsec_[redacted]'],
  [/\bv1,[A-Za-z0-9+/=]{20,}/g, 'v1,[redacted]'],
];

export function redactExcerpt(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out.length > MAX_EXCERPT ? `${out.slice(0, MAX_EXCERPT - 1)}…` : out;
}
