/**
 * Frozen renderings, stored by platform. Every target without an override of its own renders
 * as its platform's others do but for its id (`renderTargets`), so approval stores that
 * rendering once per platform under `$byPlatform` and by channel id only the channels with a
 * rendering of their own (an override; share-kits/ adds its recipients the same way). A target
 * the map does not hold reads its platform's rendering with its own id (readers ask only for
 * channels with a delivery of the revision: its targets and those the map holds; a channel's
 * platform never changes). Approving one item to 10,000 commune groups so writes a map of a
 * few kilobytes instead of one entry per group (building those took ~25–31 ms of PostgreSQL's
 * CPU in each approval, and every claim and record of one of its deliveries read the map).
 * Maps frozen before hold every target by id, whole or as `{ "$ref": "<key>" }` into
 * `$shared`, and still read as they did. SQL readers resolve a channel with
 * `loa_frozen_rendering(frozen, channel_id, platform)` (migration 0036, inlinable since 0039); both give the same.
 */
type Frozen = Record<string, unknown>;
type Fields = Record<string, unknown>;

const BY_PLATFORM = '$byPlatform';
const SHARED = '$shared';

/**
 * The frozen map of a revision's targets from the renderings of its samples alone
 * (`summariseTargets`, `renderings[i]` is `samples[i]`'s): a platform's sample stands for its
 * targets without an override, every other sample has one of its own.
 */
export function freezeSamples<R extends { channelId: string }>(samples: readonly { platform: string; forPlatform: boolean }[], renderings: readonly R[]): Frozen {
  const byPlatform: Record<string, Omit<R, 'channelId'>> = {};
  const frozen: Frozen = {};
  samples.forEach((s, i) => {
    const r = renderings[i]!;
    if (!s.forPlatform) frozen[r.channelId] = r;
    else {
      const { channelId: _id, ...shared } = r;
      byPlatform[s.platform] = shared;
    }
  });
  frozen[BY_PLATFORM] = byPlatform;
  return frozen;
}

/** One channel's frozen rendering (as `loa_frozen_rendering`), or undefined where the map has none for it. */
export function frozenRendering(frozen: Frozen, channel: { channelId: string; platform: string }): unknown {
  const own = frozen[channel.channelId] as Fields | undefined;
  const ref = own?.$ref;
  if (typeof ref === 'string') return { ...(frozen[SHARED] as Record<string, Fields>)[ref], channelId: channel.channelId };
  if (own !== undefined) return own;
  const shared = (frozen[BY_PLATFORM] as Record<string, Fields> | undefined)?.[channel.platform];
  return shared && { ...shared, channelId: channel.channelId };
}

/**
 * Every frozen rendering of a revision (for previews): its targets' and those the map holds
 * by id besides (share kits' recipients), ordered by channel id as the map's keys once were.
 */
export function expandFrozen(frozen: Frozen, targets: readonly { channelId: string; platform: string }[]): unknown[] {
  const channels = new Map(targets.map((t) => [t.channelId, t.platform]));
  for (const key of Object.keys(frozen)) if (!key.startsWith('$') && !channels.has(key)) channels.set(key, '');
  return [...channels.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((channelId) => frozenRendering(frozen, { channelId, platform: channels.get(channelId)! }))
    .filter((r) => r !== undefined);
}
