import { openDatabase, type Database } from '../../db/open.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { createLogger, type Logger } from '../../lib/logger.ts';
import { loadSecretBox } from '../../lib/secret-key.ts';
import type { SecretBox } from '../../lib/secrets.ts';

export interface Booted {
  config: Config;
  log: Logger;
  database: Database;
  secrets: SecretBox;
}

/** Config, logger, database (embedded or DATABASE_URL, migrated) and the secret box. */
export async function boot(options: { migrate?: boolean } = {}): Promise<Booted> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const secrets = loadSecretBox(config);
  const database = await openDatabase(config, log, options);
  return { config, log, database, secrets };
}

