import type { Queryable } from '../../db/client.ts';
import { ability, allowed, type Ability } from '../ability.ts';
import { publishProblems, type PublishProblem } from './checks.ts';
import { consentsOfRevision } from '../consents/validity.ts';
import { assertDecidable } from './decision.ts';
import { assertEditable } from './edit.ts';
import { latestRevision, type ContentItemRow, type RevisionRow } from './load.ts';
import type { Caller } from './permissions.ts';
import type { RenderDeps } from './rendering.ts';
import { assertSubmittable } from './submit.ts';
import { targetsOf, type TargetChannel } from './targets.ts';

export interface ItemAbilities {
  edit: Ability;
  submit: Ability;
  approve: Ability;
  reject: Ability;
}

const refused = (p: PublishProblem): Ability => ({ allowed: false, code: p.code, field: p.field || null, messages: p.messages });

/**
 * What the caller may do with the item's latest revision: the permission checks of
 * edit, submit, approve and reject, then (for submit and approve) the first problem
 * that would refuse the revision as it stands.
 */
export async function itemAbilities(q: Queryable, deps: RenderDeps, caller: Caller, item: ContentItemRow, now: Date): Promise<ItemAbilities> {
  const rev = await latestRevision(q, item);
  const targets = await targetsOf(q, rev.id);
  const publishable = lazyPublishable(q, deps, item, rev, targets, now);
  const edit = await ability(() => assertEditable(q, caller, item, rev));
  let submit = await ability(() => assertSubmittable(q, caller, item, rev, targets));
  if (submit.allowed) submit = await publishable();
  const reject = await ability(() => assertDecidable(q, caller, item, rev, targets));
  const approve = reject.allowed ? await publishable() : reject;
  return { edit, submit, approve, reject };
}

function lazyPublishable(q: Queryable, deps: RenderDeps, item: ContentItemRow, rev: RevisionRow, targets: TargetChannel[], now: Date) {
  let result: Promise<Ability> | undefined;
  return () =>
    (result ??= (async () => {
      const consents = await consentsOfRevision(q, rev.id);
      const { problems } = await publishProblems(q, deps, { item, rev, consents, targets }, now);
      return problems[0] ? refused(problems[0]) : allowed;
    })());
}
