import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  unitId?: string | null;
  data?: Record<string, unknown>;
}

/** Appends one audit row; call it inside the transaction that makes the change. */
export async function audit(q: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await q.insert(auditLog).values({
    actorId: actor.userId,
    actorKind: actor.kind,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    unitId: entry.unitId ?? null,
    data: entry.data ?? {},
    ip: actor.ip ?? null,
  });
}

/**
 * The same row as `audit`, one per row of the CTE named `source`, as SQL for a data-modifying
 * CTE: for statements that change rows and audit them at once (an audit row is written
 * exactly when the change happened). `entityId`, `unitId` and `data` (and `action`, where it varies) are SQL over
 * `source`'s columns.
 */
export function auditFrom(actor: Actor, source: string, entry: { action: string | SQL; entityType: string; entityId: SQL; unitId?: SQL; data: SQL }): SQL {
  return sql`insert into ${auditLog} (actor_id, actor_kind, action, entity_type, entity_id, unit_id, data, ip)
    select ${actor.userId}::uuid, ${actor.kind}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${entry.unitId ?? sql`null::uuid`}, ${entry.data}, ${actor.ip ?? null}
    from ${sql.identifier(source)}`;
}
