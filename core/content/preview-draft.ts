import type { Queryable } from '../../db/client.ts';
import { consents } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { slugify } from '../../lib/text.ts';
import { inArray } from 'drizzle-orm';
import { consentsOfRevision } from '../consents/validity.ts';
import { asProblem, publishProblems, type PublishProblem } from './checks.ts';
import { mergeFields, type RevisionFields, type RevisionInput } from './input.ts';
import { latestRevision } from './load.ts';
import { assertMayWrite, type Caller } from './permissions.ts';
import { readableItem } from './queries.ts';
import { checkConsentRefs, checkMediaRefs } from './references.ts';
import type { RenderDeps, Rendering } from './rendering.ts';
import { describeTargets, resolveTargets, targetsOf, type TargetChannel } from './targets.ts';

export interface DraftInput extends RevisionInput {
  /** The item being edited (its slug, unit and latest revision are the base); absent for a new item. */
  itemId?: string | undefined;
  /** The unit of a new item (ignored when itemId is given). */
  unitId?: string | undefined;
}

export interface DraftPreview {
  slug: string;
  unitId: string;
  fields: RevisionFields | null;
  targets: TargetChannel[];
  renderings: Rendering[];
  /** Everything submit would refuse, in its order (the first is what submit answers). */
  problems: PublishProblem[];
}

/**
 * Renders typed, unsaved revision fields on each target channel with the rules of submit,
 * saving nothing. With `itemId` the input applies to the item's latest revision as a PATCH
 * would (absent fields keep their value); without it, to an empty new item of `unitId`.
 * A field the draft itself refuses (an empty title) comes back as a problem, not a 422.
 */
export async function previewDraft(q: Queryable, deps: RenderDeps, caller: Caller, input: DraftInput, now: Date): Promise<DraftPreview> {
  const { itemId, unitId: newUnitId, ...patch } = input;
  const item = itemId ? await readableItem(q, caller, itemId) : null;
  const unitId = item?.unitId ?? newUnitId;
  if (!unitId) throw new AppError('UNIT_REQUIRED', 422, { vi: 'Cần chọn đơn vị của bài', en: 'Choose the unit of the item' }, '/unitId');
  await assertMayWrite(q, caller, unitId);
  const base = item ? await latestRevision(q, item) : null;
  const slug = item?.slug ?? slugify(patch.title ?? '');

  const mediaIds = patch.mediaIds?.map((id) => id.toLowerCase());
  const consentIds = patch.consentIds?.map((id) => id.toLowerCase());
  if (mediaIds) await checkMediaRefs(q, caller, mediaIds);
  if (consentIds) await checkConsentRefs(q, caller, consentIds);
  const targets =
    patch.targets !== undefined ? await describeTargets(q, await resolveTargets(q, caller, patch.targets)) : base ? await targetsOf(q, base.id) : [];

  let fields: RevisionFields;
  try {
    fields = mergeFields(base, patch);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 422) throw e;
    return { slug, unitId, fields: null, targets, renderings: [], problems: [asProblem(e)] };
  }
  const linked = consentIds
    ? consentIds.length
      ? await q.select().from(consents).where(inArray(consents.id, consentIds))
      : []
    : base
      ? await consentsOfRevision(q, base.id)
      : [];
  // An unsaved revision has no id yet; renderings only carry it through, nothing stores it.
  const rev = { ...fields, id: base?.id ?? '00000000-0000-0000-0000-000000000000' };
  const { problems, renderings } = await publishProblems(q, deps, { item: { id: item?.id ?? rev.id, slug, unitId }, rev, consents: linked, targets }, now);
  return { slug, unitId, fields, targets, renderings, problems };
}
