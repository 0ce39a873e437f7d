import type { SiteVideo } from '../../core/site/videos.ts';
import { html, type Html } from '../http/html.ts';

export const VIDEO_PATH = '/video';
export const videoPath = (deliveryId: string) => `${VIDEO_PATH}/${deliveryId}`;
export const posterPath = (deliveryId: string) => `${VIDEO_PATH}/${deliveryId}/anh`;
/** YouTube's privacy-enhanced player host: the only third party any page frames, and only the player page. */
export const PLAYER_ORIGIN = 'https://www.youtube-nocookie.com';

/**
 * A video as a poster from Loa's own storage linking to its player page: nothing is loaded
 * from YouTube until the reader chooses to watch (light on mobile data, no third-party request).
 */
export function videoCard(v: SiteVideo): Html {
  return html`<a class="video" href="${videoPath(v.deliveryId)}">${
    v.posterMediaId ? html`<img src="${posterPath(v.deliveryId)}" alt="" width="480" height="270" loading="lazy">` : ''
  }<span>▶ ${watchLabel(v.title)}</span></a>`;
}

/** "Video: <title>", unless the title already says it is one ("Video: 5 bước…" would read "Video: Video: 5 bước…"). */
export function videoTitle(title: string): string {
  return /^video\b/i.test(title) ? title : `Video: ${title}`;
}

function watchLabel(title: string): string {
  const name = videoTitle(title);
  return `Xem ${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}
