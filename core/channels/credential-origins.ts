/**
 * Credentials are bound to the origins they were entered for (#11 finding 9): a setting that
 * names where requests carrying them go (WordPress `baseUrl`, Graph and upload bases, YouTube
 * `apiBaseUrl`/`tokenUrl`, Zalo hosts, a webhook `url`…) may move to another origin only with
 * new credentials in the same change, so a secret is never sent to a host its giver did not
 * choose. Every setting ending in `url` or `host` counts, except those that only make links.
 */
const LINK_ONLY_SETTINGS = new Set(['defaultCoverUrl', 'webBaseUrl']);

const isEndpointSetting = (key: string) => /(url|host)$/i.test(key) && !LINK_ONLY_SETTINGS.has(key);

function originOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value).origin;
  } catch {
    return value.trim().toLowerCase();
  }
}

/**
 * The endpoint settings that now point at an origin the credentials were not entered for:
 * one none of the channel's endpoint settings used before. A setting removed falls back to
 * the platform's default host, which counts as a move too.
 */
export function movedEndpointSettings(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter(isEndpointSetting));
  const known = new Set([...keys].map((k) => originOf(before[k])).filter((o) => o !== null));
  return [...keys]
    .filter((k) => {
      const now = originOf(after[k]);
      return now !== originOf(before[k]) && (now === null || !known.has(now));
    })
    .sort();
}
