import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secrets.ts';
import type { Storage } from '../lib/storage.ts';

/** Everything the HTTP app needs, passed in by the entry point or a test. */
export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
  secrets: SecretBox;
  /** Media bytes (uploads, downloads). */
  storage: Storage;
}
