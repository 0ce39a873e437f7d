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
