import { eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import { sealedKeyId, type SecretBox } from '../lib/secrets.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';

/** Re-encrypts every channel credential not yet under the box's current key, in one transaction. */
export async function resealCredentials(db: Db, box: SecretBox, actor: Actor): Promise<{ resealed: number; total: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: channels.id, sealed: channels.credentialsSealed })
      .from(channels)
      .where(isNotNull(channels.credentialsSealed))
      .for('update');
    let resealed = 0;
    for (const row of rows) {
      if (!row.sealed || sealedKeyId(row.sealed) === box.keyId) continue;
      await tx.update(channels).set({ credentialsSealed: box.seal(box.open(row.sealed)) }).where(eq(channels.id, row.id));
      resealed++;
    }
    await audit(tx, actor, { action: 'secrets.rotate', entityType: 'system', data: { resealed, keyId: box.keyId } });
    return { resealed, total: rows.length };
  });
}
