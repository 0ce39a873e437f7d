import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { units, type UnitKind } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { allows } from '../policy.ts';
import { membershipsOf, unitAncestry, unitTree, type UnitNode } from '../units.ts';
import { actingUserId, assertAllowedOnUnit, isUniqueViolation } from './access.ts';

export type UnitRow = typeof units.$inferSelect;

export interface UnitFields {
  name: string;
  kind?: UnitKind | undefined;
  code?: string | null | undefined;
}

const unitWord = { vi: 'đơn vị', en: 'Unit' };
function cleanName(name: string): string {
  const clean = nfc(name.trim());
  if (!clean) throw invalid('UNIT_NAME_REQUIRED', '/name', { vi: 'Tên đơn vị không được để trống', en: 'The unit name is required' });
  return clean;
}

const codeTaken = () => conflict('UNIT_CODE_TAKEN', { vi: 'Mã đơn vị đã được dùng', en: 'This unit code is already in use' }, '/code');

/** Every unit in the subtrees where the actor holds any role, in tree order. */
export async function listUnits(db: Db, actor: Actor): Promise<UnitNode[]> {
  const grants = await membershipsOf(db, actingUserId(actor));
  return unitTree(db, [...new Set(grants.map((g) => g.unitId))]);
}

/** A new child of `parentId`; needs `unit.manage` covering the parent. Root units come only from setup. */
export async function createUnit(db: Db, actor: Actor, parentId: string, fields: UnitFields): Promise<UnitRow> {
  await assertAllowedOnUnit(db, actor, 'unit.manage', parentId, '/parentId');
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(units)
        .values({ parentId, name: cleanName(fields.name), kind: fields.kind ?? 'unit', code: fields.code?.trim() || null })
        .returning();
      await audit(tx, actor, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: row!.id,
        unitId: row!.id,
        data: { name: row!.name, kind: row!.kind, code: row!.code, parentId },
      });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'units_code_key')) throw codeTaken();
    throw error;
  }
}

/** Renames (or relabels) a unit; needs `unit.manage` covering it. */
export async function updateUnit(db: Db, actor: Actor, unitId: string, fields: Partial<UnitFields>): Promise<UnitRow> {
  await assertAllowedOnUnit(db, actor, 'unit.manage', unitId);
  const patch: Partial<UnitRow> = {};
  if (fields.name !== undefined) patch.name = cleanName(fields.name);
  if (fields.kind !== undefined) patch.kind = fields.kind;
  if (fields.code !== undefined) patch.code = fields.code?.trim() || null;
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(units).where(eq(units.id, unitId)).for('update');
      if (!before) throw notFound(unitWord);
      if (Object.keys(patch).length === 0) return before;
      const [after] = await tx.update(units).set(patch).where(eq(units.id, unitId)).returning();
      const changed = Object.fromEntries(
        (Object.keys(patch) as (keyof typeof patch)[]).map((k) => [k, { old: before[k], new: after![k] }]),
      );
      await audit(tx, actor, { action: 'unit.update', entityType: 'unit', entityId: unitId, unitId, data: changed });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'units_code_key')) throw codeTaken();
    throw error;
  }
}

/**
 * Moves a unit (with its whole subtree) under `newParentId`. The actor needs `unit.manage`
 * covering both the old parent (for a root unit: the unit itself) and the new parent, so
 * nobody can pull a unit out of, or push one into, a subtree they do not manage.
 */
export async function moveUnit(db: Db, actor: Actor, unitId: string, newParentId: string): Promise<UnitRow> {
  const userId = actingUserId(actor);
  return db.transaction(async (tx) => {
    // Serialises moves: two concurrent moves (A under B, B under A) could otherwise each
    // pass the cycle check and together make a cycle.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('loa:units:move'))`);
    const [unit] = await tx.select().from(units).where(eq(units.id, unitId));
    if (!unit) throw notFound(unitWord);
    const grants = await membershipsOf(tx, userId);
    const oldSide = await unitAncestry(tx, unit.parentId ?? unit.id);
    if (!allows(grants, 'unit.manage', oldSide)) throw forbidden();
    const newAncestry = await unitAncestry(tx, newParentId);
    if (newAncestry.length === 0) throw notFound(unitWord, '/parentId');
    if (newAncestry.includes(unitId)) {
      throw invalid('UNIT_MOVE_CYCLE', '/parentId', {
        vi: 'Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị cấp dưới của nó',
        en: 'A unit cannot be moved under itself or one of its own descendants',
      });
    }
    if (!allows(grants, 'unit.manage', newAncestry)) throw forbidden();
    if (unit.parentId === newParentId) return unit;
    const [moved] = await tx.update(units).set({ parentId: newParentId }).where(eq(units.id, unitId)).returning();
    // Item rollups are kept per ancestor unit; the moved subtree's ancestors changed.
    await tx.execute(sql`select loa_rebuild_report_rollups()`);
    await audit(tx, actor, {
      action: 'unit.move',
      entityType: 'unit',
      entityId: unitId,
      unitId,
      data: { oldParentId: unit.parentId, newParentId },
    });
    return moved!;
  });
}
