import fs from 'node:fs';
import path from 'node:path';
import { cliActor } from '../../core/actor.ts';
import { resealCredentials } from '../../core/reseal-credentials.ts';
import type { Db } from '../../db/client.ts';
import type { Config } from '../../lib/config.ts';
import { keyFiles, loadSecretBox } from '../../lib/secret-key.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { boot } from './boot.ts';

/** `loa secrets rotate`. Restart every Loa process afterwards so they load the new key. */
export async function rotateSecrets(): Promise<void> {
  const { config, database, log } = await boot();
  try {
    const result = await rotateCredentialsKey(database.db, config);
    log.info(result, result.mode === 'env' ? 'credentials re-encrypted under LOA_SECRET_KEY' : 'credentials re-encrypted under a new key');
  } finally {
    await database.close();
  }
}

export interface RotationResult {
  mode: 'env' | 'key-file';
  keyId: string;
  resealed: number;
  total: number;
}

/**
 * - DATABASE_URL mode (LOA_SECRET_KEY set): re-encrypts everything under LOA_SECRET_KEY,
 *   opening rows with LOA_SECRET_KEY_PREVIOUS; the operator swaps the variables.
 * - Embedded mode: a new key is written to `secret.key.next`, every row is re-encrypted
 *   under it in one transaction, the old key is kept as `secret.key.previous`, and `next`
 *   is renamed over `secret.key`. `secret.key` exists at every moment and every row opens
 *   with the keys on disk, so a crash anywhere loses nothing; a `next` left by a crash
 *   already encrypts rows, so the next run finishes that rotation instead of starting one.
 */
export async function rotateCredentialsKey(db: Db, config: Config): Promise<RotationResult> {
  if (config.secretKey) {
    const box = loadSecretBox(config);
    return { mode: 'env', keyId: box.keyId, ...(await resealCredentials(db, box, cliActor)) };
  }
  const files = keyFiles(config);
  const current = read(files.current);
  if (!fs.existsSync(files.next)) writeDurably(files.next, generateSecretKey());
  const next = read(files.next);
  const older = [current, ...(fs.existsSync(files.previous) ? [read(files.previous)] : [])];
  const box = createSecretBox(next, older);
  const result = await resealCredentials(db, box, cliActor);
  writeDurably(`${files.previous}.tmp`, current);
  fs.renameSync(`${files.previous}.tmp`, files.previous);
  fs.renameSync(files.next, files.current);
  syncDirectory(files.current);
  return { mode: 'key-file', keyId: box.keyId, ...result };
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8').trim();
}

/** Writes a key file (0600) and flushes it and its directory to disk before anything relies on it. */
function writeDurably(file: string, key: string): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, `${key}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncDirectory(file);
}

function syncDirectory(file: string): void {
  const fd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
