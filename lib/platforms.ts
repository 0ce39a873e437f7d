/** Platforms Loa publishes to; shared by db/ (enum) and connectors/ (registry). */
export const platforms = [
  'facebook_page',
  'youtube_channel',
  'zalo_oa',
  'zalo_group_manual',
  'wordpress',
  'webhook',
  'site',
] as const;
export type Platform = (typeof platforms)[number];
