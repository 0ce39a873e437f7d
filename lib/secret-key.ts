import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { createSecretBox, generateSecretKey, parseSecretKey, type SecretBox } from './secrets.ts';

/**
 * The credentials key: LOA_SECRET_KEY when set (plus LOA_SECRET_KEY_PREVIOUS during a
 * rotation). In embedded mode (no DATABASE_URL) a key is generated once into
 * `<dataDir>/secret.key` (mode 0600) so `npm start` needs no setup; with DATABASE_URL,
 * lib/config.ts already refused to start without the variable.
 */
export function loadSecretBox(config: Config): SecretBox {
  if (config.secretKey) {
    parseSecretKey(config.secretKey);
    return createSecretBox(config.secretKey, config.previousSecretKey ? [config.previousSecretKey] : []);
  }
  const files = keyFiles(config);
  if (!fs.existsSync(files.current)) {
    fs.mkdirSync(path.dirname(files.current), { recursive: true, mode: 0o755 });
    fs.writeFileSync(files.current, generateSecretKey() + '\n', { mode: 0o600, flag: 'wx' });
  }
  // A rotation interrupted between re-encrypting and renaming leaves rows under `next`:
  // opening with every key on disk keeps them readable.
  const older = [files.next, files.previous].filter((f) => fs.existsSync(f)).map(read);
  return createSecretBox(read(files.current), older);
}

export function keyFiles(config: Config) {
  const current = path.join(config.dataDir, 'secret.key');
  return { current, next: `${current}.next`, previous: `${current}.previous` };
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8').trim();
}
