/**
 * Frozen renderings, stored compactly. Approving one item to 10,000 commune groups froze
 * 10,000 copies of the same text (8.6 MB of JSON, most of a second to write); now each
 * platform's rendering is stored once under `$shared` and a channel whose rendering is
 * identical but for its id holds `{ "$ref": "<platform>" }`. Channels with their own
 * override keep their full rendering. SQL readers resolve a channel with the
 * `loa_frozen_rendering(frozen, channel_id)` function (migration 0006).
 */
interface Rendering {
  channelId: string;
}

type Frozen = Record<string, unknown>;

const SHARED = '$shared';

export function freezeRenderings<R extends Rendering>(renderings: readonly R[]): Frozen {
  const shared: Record<string, Omit<R, 'channelId'>> = {};
  const sharedJson: Record<string, string> = {};
  const frozen: Frozen = {};
  for (const r of renderings) {
    const { channelId, ...rest } = r;
    // Renderings from templates/ carry their platform; the equality check is what makes sharing safe.
    const key = String((r as { platform?: unknown }).platform ?? '_');
    const first = shared[key];
    if (!first) shared[key] = rest;
    // A copy of the platform's rendering (renderTargets spreads it) holds the very same values: equal
    // without serialising each of 10,000 channels' text; anything else is compared by its JSON.
    const same = !first || sameFields(rest, first) || JSON.stringify(rest) === (sharedJson[key] ??= JSON.stringify(first));
    frozen[channelId] = same ? { $ref: key } : r;
  }
  frozen[SHARED] = shared;
  return frozen;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * The frozen map of every target from the renderings of its samples alone (`summariseTargets`),
 * in parts that PostgreSQL assembles (approval writes it without one object per target). Frozen
 * in target order, each sample gets what it gets in the whole list: a key's shared rendering is
 * set by the first rendering of that key, always a sample's. Every other target renders as its
 * platform's sample did, so it takes that sample's entry with its own id (`byPlatform`).
 */
export function freezeSamples<R extends Rendering>(
  samples: readonly { channelId: string; platform: string; forPlatform: boolean }[],
  renderings: readonly R[],
): { byChannel: Frozen; byPlatform: Frozen; shared: unknown } {
  const { [SHARED]: shared, ...byChannel } = freezeRenderings(renderings);
  const byPlatform = Object.fromEntries(samples.filter((s) => s.forPlatform).map((s) => [s.platform, byChannel[s.channelId]]));
  return { byChannel, byPlatform, shared };
}

/** Every channel's rendering, expanded (for previews). */
export function expandFrozen(frozen: Frozen): unknown[] {
  const shared = (frozen[SHARED] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(frozen)
    .filter(([key]) => key !== SHARED)
    .map(([channelId, value]) => {
      const ref = (value as { $ref?: string }).$ref;
      return ref !== undefined ? { ...shared[ref], channelId } : value;
    });
}
