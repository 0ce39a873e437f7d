import { and, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, units, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { requireGrantRoots } from './access.ts';
import { decodeCursor, DEFAULT_LIMIT, toPage, type Page } from './pagination.ts';
import { subtreeUnitIds } from '../units.ts';

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** User id of whoever acted. */
  actorId?: string | undefined;
  action?: string | undefined;
  /** Inclusive lower bound. */
  from?: Date | undefined;
  /** Exclusive upper bound. */
  to?: Date | undefined;
}

export interface AuditItem {
  id: number;
  at: Date;
  actor: { id: string | null; kind: string; email: string | null; displayName: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  unitId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
}

/**
 * Which rows an admin may read: those of units inside the subtrees where they hold
 * `audit.read`, and installation-wide rows (no unit: logins, key rotation …) only for
 * admins of a top-level unit.
 */
export interface AuditScope {
  unitIds: string[];
  installationWide: boolean;
}

/** 403 for anyone without `audit.read` (only admins have it). */
export async function auditScope(db: Db, actor: Actor): Promise<AuditScope> {
  const { roots } = await requireGrantRoots(db, actor, 'audit.read');
  const topLevel = await db.select({ id: units.id }).from(units).where(and(inArray(units.id, roots), isNull(units.parentId)));
  return { unitIds: await subtreeUnitIds(db, roots), installationWide: topLevel.length > 0 };
}

/** Newest first. */
export async function readAudit(
  db: Db,
  scope: AuditScope,
  filter: AuditFilter,
  page: { limit?: number | undefined; cursor?: string | undefined },
): Promise<Page<AuditItem>> {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const beforeId = page.cursor ? decodeCursor(page.cursor, ['integer'] as const)[0] : undefined;
  const rows = await auditRows(db, scope, filter, beforeId, limit + 1);
  return toPage(rows, limit, (r) => r, (r) => [r.id]);
}

/** Every matching row, newest first, fetched in keyset batches so an export never holds the whole log. */
export async function* iterateAudit(db: Db, scope: AuditScope, filter: AuditFilter, batchSize = 1000): AsyncGenerator<AuditItem> {
  let beforeId: number | undefined;
  for (;;) {
    const rows = await auditRows(db, scope, filter, beforeId, batchSize);
    yield* rows;
    if (rows.length < batchSize) return;
    beforeId = rows[rows.length - 1]!.id;
  }
}

async function auditRows(db: Db, scope: AuditScope, filter: AuditFilter, beforeId: number | undefined, limit: number): Promise<AuditItem[]> {
  const where: (SQL | undefined)[] = [
    or(inArray(auditLog.unitId, scope.unitIds), scope.installationWide ? isNull(auditLog.unitId) : undefined),
    filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
    filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
    beforeId !== undefined ? lt(auditLog.id, beforeId) : undefined,
  ];
  const rows = await db
    .select({ row: auditLog, email: users.email, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows.map(({ row, email, displayName }) => ({
    id: row.id,
    at: row.at,
    actor: { id: row.actorId, kind: row.actorKind, email, displayName },
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    unitId: row.unitId,
    data: row.data,
    ip: row.ip,
  }));
}
