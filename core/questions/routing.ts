import { asc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { questionRouting, type Theme, themes, units } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { unitTree, type UnitNode } from '../units.ts';

/** The oldest top-level unit: where questions go when nothing else says. */
async function rootUnitId(q: Queryable): Promise<string | null> {
  const [root] = await q.select({ id: units.id }).from(units).where(isNull(units.parentId)).orderBy(asc(units.createdAt), asc(units.id)).limit(1);
  return root?.id ?? null;
}

/** The unit whose moderators get a question of `theme` when the citizen chose none. */
export async function unitForTheme(q: Queryable, theme: Theme): Promise<string | null> {
  const [row] = await q.select({ unitId: questionRouting.unitId }).from(questionRouting).where(eq(questionRouting.theme, theme));
  return row?.unitId ?? rootUnitId(q);
}

/** Every theme with its unit (set by an admin, or the root unit by default). */
export async function listRouting(q: Queryable): Promise<{ theme: Theme; unitId: string | null; isDefault: boolean }[]> {
  const rows = await q.select().from(questionRouting);
  const root = await rootUnitId(q);
  return themes.map((theme) => {
    const row = rows.find((r) => r.theme === theme);
    return { theme, unitId: row?.unitId ?? root, isDefault: !row };
  });
}

/**
 * Sends questions of `theme` to `unitId`. The caller needs `question.route` on the new unit
 * and on the unit that had the theme before (an admin cannot take a theme from another tree).
 */
export async function setRouting(q: Queryable, actor: Actor, theme: Theme, unitId: string): Promise<void> {
  await assertAllowedOnUnit(q, actor, 'question.route', unitId, '/unitId');
  const current = await unitForTheme(q, theme);
  if (current && current !== unitId) await assertAllowedOnUnit(q, actor, 'question.route', current);
  await q
    .insert(questionRouting)
    .values({ theme, unitId, updatedBy: actor.userId })
    .onConflictDoUpdate({ target: questionRouting.theme, set: { unitId, updatedBy: actor.userId, updatedAt: new Date() } });
  await audit(q, actor, { action: 'question.routing_set', entityType: 'question_routing', unitId, data: { theme, from: current, to: unitId } });
}

/** Units a citizen may pick on the form: the whole tree, indented by depth. */
export async function selectableUnits(q: Queryable): Promise<UnitNode[]> {
  const roots = await q.select({ id: units.id }).from(units).where(isNull(units.parentId));
  return unitTree(
    q,
    roots.map((r) => r.id),
  );
}
