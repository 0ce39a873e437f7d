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
    const json = JSON.stringify(rest);
    if (!(key in shared)) {
      shared[key] = rest;
      sharedJson[key] = json;
    }
    frozen[channelId] = sharedJson[key] === json ? { $ref: key } : r;
  }
  frozen[SHARED] = shared;
  return frozen;
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
