import fs from 'node:fs';
import { cliActor } from '../../core/actor.ts';
import { resealCredentials } from '../../core/reseal-credentials.ts';
import { keyFiles, loadSecretBox } from '../../lib/secret-key.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { boot } from './boot.ts';

/**
 * `loa secrets rotate`.
 * - DATABASE_URL mode: set LOA_SECRET_KEY to the new key and LOA_SECRET_KEY_PREVIOUS to
 *   the old one on every process, run this once, then drop LOA_SECRET_KEY_PREVIOUS.
 * - Embedded mode: a new key is generated and swapped in on disk; the order (write next,
 *   re-encrypt, rename) means a crash at any point leaves every row readable.
 */
export async function rotateSecrets(): Promise<void> {
  const { config, database, log } = await boot();
  try {
    if (config.secretKey) {
      const result = await resealCredentials(database.db, loadSecretBox(config), cliActor);
      log.info(result, 'credentials re-encrypted under LOA_SECRET_KEY');
      return;
    }
    const files = keyFiles(config);
    const current = fs.readFileSync(files.current, 'utf8').trim();
    const next = generateSecretKey();
    fs.writeFileSync(files.next, next + '\n', { mode: 0o600 });
    const result = await resealCredentials(database.db, createSecretBox(next, [current]), cliActor);
    fs.renameSync(files.current, files.previous);
    fs.renameSync(files.next, files.current);
    log.info({ ...result, keyFile: files.current }, 'credentials re-encrypted under a new key');
  } finally {
    await database.close();
  }
}
