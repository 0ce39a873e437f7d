/** Platforms Loa publishes to; shared by db/ (enum) and connectors/ (registry). */
export const platforms = [
  'facebook_page',
  'youtube_channel',
  'zalo_oa',
  'zalo_group_manual',
  /** A share kit for one person outside Loa (KOL, a large group's admin, "người có uy tín"): manual, confirmed through a secret link. */
  'share_kit',
  'wordpress',
  'webhook',
  'site',
] as const;
export type Platform = (typeof platforms)[number];
