import type { Queryable } from '../../db/client.ts';
import type { RevisionState } from '../../db/schema/index.ts';
import { latestRevision, revisionByNumber } from './load.ts';
import type { Caller } from './permissions.ts';
import { readableItem } from './queries.ts';
import { renderContentOf, renderTargets, type RenderDeps, type Rendering } from './rendering.ts';
import { targetsOf } from './targets.ts';
import { expandFrozen } from './frozen.ts';

export interface Preview {
  revision: number;
  state: RevisionState;
  /** true: rendered now from the current templates; false: the renderings frozen at approval. */
  live: boolean;
  templateVersion: string | null;
  renderings: Rendering[];
}

/**
 * How a revision looks on each target channel (the latest revision unless `number` is
 * given). A revision that was approved shows exactly what was frozen at approval.
 */
export async function previewItem(q: Queryable, deps: RenderDeps, caller: Caller, itemId: string, number?: number): Promise<Preview> {
  const item = await readableItem(q, caller, itemId);
  const rev = number === undefined ? await latestRevision(q, item) : await revisionByNumber(q, item.id, number);
  if (rev.frozenRenderings) {
    return {
      revision: rev.number,
      state: rev.state,
      live: false,
      templateVersion: rev.templateVersion,
      renderings: expandFrozen(rev.frozenRenderings) as Rendering[],
    };
  }
  const targets = await targetsOf(q, rev.id);
  const renderings = renderTargets(deps.render, await renderContentOf(q, item, rev), targets);
  return { revision: rev.number, state: rev.state, live: true, templateVersion: renderings[0]?.templateVersion ?? null, renderings };
}
