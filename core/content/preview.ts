import type { Queryable } from '../../db/client.ts';
import type { RevisionState } from '../../db/schema/index.ts';
import { latestRevision, revisionByNumber, type RevisionRow } from './load.ts';
import type { Caller } from './permissions.ts';
import { readableItem } from './queries.ts';
import type { RenderDeps, Rendering } from './rendering.ts';
import { publishProblems, type PublishProblem } from './checks.ts';
import { consentsOfRevision } from '../consents/validity.ts';
import { targetsOf } from './targets.ts';
import { expandFrozen } from './frozen.ts';
import { planCorrections, type PlannedCorrection } from '../corrections/plan.ts';
import type { CorrectionPolicy } from '../corrections/policy.ts';

export interface Preview {
  slug: string;
  unitId: string;
  /** The revision's text, for the shared card when no `site` rendering gives it. */
  fields: Pick<RevisionRow, 'title' | 'summary' | 'body' | 'theme'>;
  revision: number;
  state: RevisionState;
  /** true: rendered now from the current templates; false: the renderings frozen at approval. */
  live: boolean;
  templateVersion: string | null;
  renderings: Rendering[];
  /** What submit would refuse now; none once the revision has been approved (frozen). */
  problems: PublishProblem[];
  /** Per target channel already showing an older revision: what approving this one does there. */
  corrections: PlannedCorrection[];
}

/**
 * How a revision looks on each target channel (the latest revision unless `number` is
 * given). A revision that was approved shows exactly what was frozen at approval.
 */
export async function previewItem(
  q: Queryable,
  deps: RenderDeps & { corrections: CorrectionPolicy },
  caller: Caller,
  itemId: string,
  number: number | undefined,
  now: Date,
): Promise<Preview> {
  const item = await readableItem(q, caller, itemId);
  const rev = number === undefined ? await latestRevision(q, item) : await revisionByNumber(q, item.id, number);
  const about = { slug: item.slug, unitId: item.unitId, fields: rev, corrections: await planCorrections(q, deps.corrections, { id: rev.id, itemId: item.id }) };
  const targets = await targetsOf(q, rev.id);
  if (rev.frozenRenderings) {
    return {
      ...about,
      problems: [],
      revision: rev.number,
      state: rev.state,
      live: false,
      templateVersion: rev.templateVersion,
      renderings: expandFrozen(rev.frozenRenderings, targets) as Rendering[],
    };
  }
  const consents = await consentsOfRevision(q, rev.id);
  const { problems, renderings } = await publishProblems(q, deps, { item, rev, consents, targets }, now);
  return { ...about, revision: rev.number, state: rev.state, live: true, templateVersion: renderings[0]?.templateVersion ?? null, renderings, problems };
}
