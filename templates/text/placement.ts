import type { Platform } from '../../lib/platforms.ts';

/**
 * Where the item's link (carrying the marker) goes on a channel:
 * - `text`: appended as the last line of `text`;
 * - `field`: sent in the platform's own link field (`ChannelRendering.link`); `text` has no raw URL;
 * - `none`: the publication is the article itself; `link` is only its canonical address.
 */
export type LinkPlacement = 'text' | 'field' | 'none';

interface Placement {
  link(hasMedia: boolean): LinkPlacement;
  /** Hashtags written into `text`; otherwise they travel as tags only. */
  hashtagsInText: boolean;
}

/** Per-platform placement decisions; the README "Templates" section repeats them for people. */
export const placements: Record<Platform, Placement> = {
  // Graph `link` builds a preview card from the site's OpenGraph tags; photo and video posts
  // have no link parameter, so there the URL goes into the message.
  facebook_page: { link: (hasMedia) => (hasMedia ? 'text' : 'field'), hashtagsInText: true },
  // The description's last line; the marker in it is what `reconcile` searches for.
  youtube_channel: { link: () => 'text', hashtagsInText: true },
  // The article ends with a "read more" line back to the campaign site; Zalo has no hashtags.
  zalo_oa: { link: () => 'text', hashtagsInText: false },
  // Officers paste the whole text into a group; Zalo previews the URL in it.
  zalo_group_manual: { link: () => 'text', hashtagsInText: true },
  share_kit: { link: () => 'text', hashtagsInText: true },
  // Published as an article in its own right; hashtags become WordPress tags.
  wordpress: { link: () => 'none', hashtagsInText: false },
  site: { link: () => 'none', hashtagsInText: false },
  // The payload has `link` and `hashtags` fields of its own.
  webhook: { link: () => 'field', hashtagsInText: false },
};

/** Label of the link line in `text`. */
export const READ_MORE = 'Xem chi tiết:';
