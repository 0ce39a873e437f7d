import type { Theme } from '../../db/schema/index.ts';

/**
 * Public URLs of the campaign site. Paths are stable: they are shared on Facebook and
 * Zalo, printed on posters as QR codes and listed in feeds other portals pull.
 */
export const articlePath = (slug: string) => `/bai-viet/${encodeURIComponent(slug)}`;

/**
 * Each theme's address on the site, in Vietnamese without diacritics (citizens read and type
 * them). Fixed here rather than made from the labels, so rewording a label never moves a page.
 * The themes' English keys were the addresses first and answer a 301 to these.
 */
export const themeSlugs: Record<Theme, string> = {
  policy: 'chinh-sach',
  guidance: 'huong-dan',
  testimony: 'guong-hoan-luong',
  warning: 'canh-giac',
  counter_misinformation: 'phan-bac-thong-tin-sai',
};
const themeBySlug = new Map(Object.entries(themeSlugs).map(([theme, slug]) => [slug, theme as Theme]));

/** The theme whose page is `/chu-de/<slug>`, or null. */
export const themeOfSlug = (slug: string): Theme | null => themeBySlug.get(slug) ?? null;
export const themePath = (theme: Theme) => `/chu-de/${themeSlugs[theme]}`;
export const unitPath = (unitId: string) => `/don-vi/${encodeURIComponent(unitId)}`;
export const mediaPath = (mediaId: string) => `/media/${encodeURIComponent(mediaId)}`;
export const ogImagePath = (slug: string) => `/og/${encodeURIComponent(slug)}.png`;

export function articleUrl(publicUrl: string, slug: string): string {
  return publicUrl + articlePath(slug);
}
