/** The campaign's own tag: on every channel that shows hashtags, exactly once. */
export const CAMPAIGN_HASHTAG = '#ConDuongHuongThien';

/** The campaign name as a search tag (YouTube tags keep spaces). */
export const CAMPAIGN_NAME = 'Con đường hướng thiện';

/**
 * One user hashtag as platforms recognise it: NFC, a single leading '#', and only letters
 * (Vietnamese included), combining marks, digits and '_' — platforms end a hashtag at a
 * space or punctuation, so "#tái hòa-nhập" would otherwise link only "#tái".
 * Returns null when nothing of the tag is left.
 */
export function normaliseHashtag(raw: string): string | null {
  const core = raw.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}_]/gu, '');
  return core ? `#${core}` : null;
}

/**
 * The campaign tag first, then the user's tags normalised, each once: duplicates are found
 * case-insensitively ("#ĐƯỜNG" = "#đường") and the first spelling wins.
 */
export function campaignHashtags(userTags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of [CAMPAIGN_HASHTAG, ...userTags]) {
    const tag = normaliseHashtag(raw);
    if (!tag) continue;
    const key = tag.toLocaleLowerCase('vi');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}
