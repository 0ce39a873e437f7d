/**
 * Public URLs of the campaign site. Paths are stable: they are shared on Facebook and
 * Zalo, printed on posters as QR codes and listed in feeds other portals pull.
 */
export const articlePath = (slug: string) => `/bai-viet/${encodeURIComponent(slug)}`;
export const themePath = (theme: string) => `/chu-de/${encodeURIComponent(theme)}`;
export const unitPath = (unitId: string) => `/don-vi/${encodeURIComponent(unitId)}`;
export const mediaPath = (mediaId: string) => `/media/${encodeURIComponent(mediaId)}`;
export const ogImagePath = (slug: string) => `/og/${encodeURIComponent(slug)}.png`;

export function articleUrl(publicUrl: string, slug: string): string {
  return publicUrl + articlePath(slug);
}
