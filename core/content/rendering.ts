import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { units, type ContentLink, type Platform } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';
import type { RevisionFields, RevisionOverrides } from './input.ts';
import type { ContentItemRow } from './load.ts';

/**
 * The per-channel renderer, injected by the caller (templates/ renders; core may not
 * import it). Contract: the result depends only on the content, the channel's platform
 * and the overrides keyed by the channel's id — so channels without their own override
 * share one rendering per platform.
 */
export interface RenderContent {
  itemId: string;
  revisionId: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  theme: string;
  hashtags: string[];
  links: ContentLink[];
  overrides: RevisionOverrides;
  mediaIds: string[];
  unit: { id: string; name: string };
}

export interface Rendering {
  channelId: string;
  templateVersion: string;
  problems: { field: string; code: string; message: Messages }[];
}

export type Renderer = (content: RenderContent, channel: { id: string; platform: Platform }) => Rendering;

export interface RenderDeps {
  render: Renderer;
}

export async function renderContentOf(
  q: Queryable,
  item: Pick<ContentItemRow, 'id' | 'slug' | 'unitId'>,
  revision: RevisionFields & { id: string },
): Promise<RenderContent> {
  const [unit] = await q.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, item.unitId));
  return {
    itemId: item.id,
    revisionId: revision.id,
    slug: item.slug,
    title: revision.title,
    summary: revision.summary,
    body: revision.body,
    theme: revision.theme,
    hashtags: revision.hashtags,
    links: revision.links,
    overrides: revision.overrides,
    mediaIds: revision.mediaIds,
    unit: unit ?? { id: item.unitId, name: '' },
  };
}

/** One rendering per target, in target order (rendered once per platform where allowed). */
export function renderTargets(render: Renderer, content: RenderContent, targets: readonly { channelId: string; platform: Platform }[]): Rendering[] {
  const shared = new Map<string, Rendering>();
  return targets.map((t) => {
    if (content.overrides[t.channelId]) return render(content, { id: t.channelId, platform: t.platform });
    let base = shared.get(t.platform);
    if (!base) {
      base = render(content, { id: t.channelId, platform: t.platform });
      shared.set(t.platform, base);
    }
    return { ...base, channelId: t.channelId };
  });
}
