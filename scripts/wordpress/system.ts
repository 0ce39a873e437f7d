import { execFileSync, spawnSync } from 'node:child_process';

/** A step that cannot be done here: the message says what is missing and how to fix it. */
export class WordpressSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WordpressSetupError';
  }
}

/** Debian packages of a real WordPress served by Apache with mod_php (MariaDB checked separately). */
const PACKAGES = ['wordpress', 'apache2', 'libapache2-mod-php', 'php-mysql', 'mariadb-client'];

export const isRoot = () => process.getuid?.() === 0;

function installed(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** apt-get update + install of what is missing; as root only, otherwise it says what to run. */
export function ensurePackages(extra: string[] = [], log: (line: string) => void = () => {}): void {
  const missing = [...PACKAGES, ...extra].filter((p) => !installed(p));
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new WordpressSetupError(`Debian packages missing: ${missing.join(' ')}. Install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing ${missing.join(' ')} (apt-get)`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit' });
  } catch (cause) {
    throw new WordpressSetupError(`apt-get install ${missing.join(' ')} failed: ${(cause as Error).message}`);
  }
}

export interface MariadbTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Runs SQL through the `mysql` client (no driver in Loa's dependencies); returns tab-separated rows. */
export function mysql(db: MariadbTarget, sql: string, database?: string): string {
  const args = ['-h', db.host, '-P', String(db.port), '-u', db.user, '--batch', '--skip-column-names', ...(database ? [database] : []), '-e', sql];
  // mysql reads the password from MYSQL_PWD (empty: none); `env` sets it without touching process.env.
  const r = spawnSync('env', [`MYSQL_PWD=${db.password}`, 'mysql', ...args], { encoding: 'utf8' });
  if (r.error) throw new WordpressSetupError(`cannot run the mysql client: ${r.error.message}`);
  if (r.status !== 0) throw new WordpressSetupError(`MariaDB at ${db.host}:${db.port} refused: ${r.stderr.trim()}`);
  return r.stdout;
}

function reachable(db: MariadbTarget): boolean {
  try {
    mysql(db, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * MariaDB must answer on db.host:db.port. When it does not and this is root, the server
 * package is installed if needed and started with `service`; otherwise the error says why.
 */
export async function ensureMariadb(db: MariadbTarget, log: (line: string) => void = () => {}): Promise<void> {
  if (reachable(db)) return;
  if (!isRoot()) throw new WordpressSetupError(`MariaDB does not answer on ${db.host}:${db.port} as ${db.user}; start it (service mariadb start) or pass --db-*`);
  ensurePackages(['mariadb-server'], log);
  log('starting MariaDB (service mariadb start)');
  spawnSync('service', ['mariadb', 'start'], { stdio: 'inherit' });
  for (let i = 0; i < 30; i++) {
    if (reachable(db)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new WordpressSetupError(`MariaDB still does not answer on ${db.host}:${db.port} as ${db.user} after "service mariadb start"`);
}

/** SQL string literal for MariaDB (values we generate: names and random passwords). */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
