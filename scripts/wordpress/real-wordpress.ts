import { createHash, randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apacheConf, debianConfigPhp, sitePaths, wpConfigPhp, type SitePaths } from './site-files.ts';
import { ensureMariadb, ensurePackages, isRoot, mysql, sqlString, WordpressSetupError, type MariadbTarget } from './system.ts';

export { WordpressSetupError } from './system.ts';

export interface RealWordpressOptions {
  /** Files of this instance (Apache config, pid, logs, uploads, state). (Default: `.loa/wordpress`) */
  dataDir?: string;
  /** Loopback port; default derived from the data directory so two checkouts do not collide. */
  port?: number;
  /** MariaDB with rights to create a database and a user. (Default: root@127.0.0.1:3306, no password) */
  db?: MariadbTarget;
  log?: (line: string) => void;
}

export interface WpAccount {
  login: string;
  password: string;
  role: 'administrator' | 'editor' | 'author';
  /** Application Password (spaces as WordPress shows it) and its uuid, for the REST API. */
  applicationPassword?: string;
  applicationPasswordUuid?: string;
}

export interface RealWordpress {
  baseUrl: string;
  port: number;
  version: string;
  /** Instance name: Debian config `/etc/wordpress/config-<name>.php`, database and DB user. */
  name: string;
  database: string;
  admin: WpAccount;
  editor: Required<WpAccount>;
  author: Required<WpAccount>;
  dataDir: string;
  db: MariadbTarget;
}

interface SavedState {
  name: string;
  port: number;
  dbPassword: string;
  salt: string;
  admin: WpAccount;
  editor: WpAccount;
  author: WpAccount;
}

const WP_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wp-cli.php');
const DEFAULT_DB: MariadbTarget = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const RUN_AS = 'www-data';

const secret = () => randomBytes(12).toString('base64url');

/** Runs a command of wp-cli.php inside the instance's WordPress; its JSON answer. */
export function wpCli<T>(wp: Pick<RealWordpress, 'name' | 'baseUrl'>, command: string, args: unknown): T {
  const r = spawnSync('php', [WP_CLI, wp.name, wp.baseUrl, command, JSON.stringify(args)], { encoding: 'utf8' });
  if (r.error) throw new WordpressSetupError(`cannot run php: ${r.error.message}`);
  if (r.status !== 0) throw new WordpressSetupError(`WordPress ${command} failed: ${(r.stderr || r.stdout).trim()}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

function loadState(paths: SitePaths, dataDir: string, port: number | undefined): SavedState {
  if (fs.existsSync(paths.state)) {
    const saved = JSON.parse(fs.readFileSync(paths.state, 'utf8')) as SavedState;
    return port && port !== saved.port ? { ...saved, port } : saved;
  }
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex');
  return {
    name: `loa-${hash.slice(0, 8)}`,
    port: port ?? 20_000 + (parseInt(hash.slice(8, 14), 16) % 20_000),
    dbPassword: secret(),
    salt: randomBytes(32).toString('hex'),
    admin: { login: 'quantri', password: secret(), role: 'administrator' },
    editor: { login: 'bientap', password: secret(), role: 'editor' },
    author: { login: 'tacgia', password: secret(), role: 'author' },
  };
}

/** One setup at a time per data directory (vitest runs test files in parallel processes). */
async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  for (let waited = 0; ; waited += 200) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(fs.readFileSync(file, 'utf8'));
      if (!holder || !alive(holder)) fs.rmSync(file, { force: true });
      else if (waited > 300_000) throw new WordpressSetupError(`${file} held by process ${holder} for 5 minutes`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function apachePid(paths: SitePaths): number | null {
  if (!fs.existsSync(paths.pidFile)) return null;
  const pid = Number(fs.readFileSync(paths.pidFile, 'utf8').trim());
  return pid && alive(pid) ? pid : null;
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/wp-json/`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { namespaces?: string[] };
    return res.ok && Array.isArray(body.namespaces);
  } catch {
    return false;
  }
}

function createDatabase(db: MariadbTarget, s: SavedState): string {
  const database = s.name.replace(/-/g, '_');
  const user = database;
  const grants = ['localhost', '127.0.0.1']
    .map((host) => {
      const who = `${sqlString(user)}@${sqlString(host)}`;
      return `CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY ${sqlString(s.dbPassword)}; ALTER USER ${who} IDENTIFIED BY ${sqlString(s.dbPassword)}; GRANT ALL PRIVILEGES ON \`${database}\`.* TO ${who};`;
    })
    .join(' ');
  mysql(db, `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; ${grants} FLUSH PRIVILEGES;`);
  return database;
}

function writeFiles(paths: SitePaths, s: SavedState, database: string, baseUrl: string, db: MariadbTarget): void {
  for (const dir of [paths.apacheDir, paths.logDir, path.join(paths.wpContent, 'uploads'), path.join(paths.wpContent, 'plugins'), path.join(paths.wpContent, 'themes')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(paths.wpConfig, wpConfigPhp({ paths, siteUrl: baseUrl, db: { name: database, user: database, password: s.dbPassword, host: `${db.host}:${db.port}` }, salt: s.salt }), { mode: 0o640 });
  fs.writeFileSync(paths.apacheConf, apacheConf({ paths, port: s.port, configName: s.name, runAs: isRoot() ? RUN_AS : null }));
  const debian = debianConfigPhp(paths);
  if (!fs.existsSync(paths.debianConfig) || fs.readFileSync(paths.debianConfig, 'utf8') !== debian) {
    if (!isRoot()) throw new WordpressSetupError(`${paths.debianConfig} must contain: ${debian.trim()} (writing it needs root)`);
    fs.writeFileSync(paths.debianConfig, debian);
  }
  if (isRoot()) {
    // Apache's children run as www-data: they read the config and write uploads.
    execFileSync('chown', ['-R', `root:${RUN_AS}`, paths.wpConfig]);
    execFileSync('chown', ['-R', `${RUN_AS}:${RUN_AS}`, paths.wpContent]);
  }
}

async function startApache(paths: SitePaths, baseUrl: string, port: number): Promise<void> {
  const running = apachePid(paths);
  const args = ['-f', paths.apacheConf, '-k', running ? 'graceful' : 'start'];
  const r = spawnSync('/usr/sbin/apache2', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new WordpressSetupError(`apache2 ${args.join(' ')} failed (port ${port} taken? pass --port): ${(r.stderr || r.stdout).trim()}`);
  }
  for (let i = 0; i < 100; i++) {
    if (apachePid(paths) && (await answers(baseUrl))) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  const errorLog = fs.existsSync(path.join(paths.logDir, 'error.log')) ? fs.readFileSync(path.join(paths.logDir, 'error.log'), 'utf8').slice(-1500) : '';
  throw new WordpressSetupError(`WordPress does not answer on ${baseUrl}/wp-json/ after starting Apache. Apache error log:\n${errorLog}`);
}

/** An Application Password that works now: the saved one when WordPress still accepts it, else a new one. */
async function ensureAppPassword(wp: Pick<RealWordpress, 'name' | 'baseUrl'>, account: WpAccount): Promise<Required<WpAccount>> {
  if (account.applicationPassword && account.applicationPasswordUuid) {
    const auth = Buffer.from(`${account.login}:${account.applicationPassword.replace(/\s+/g, '')}`).toString('base64');
    const res = await fetch(`${wp.baseUrl}/wp-json/wp/v2/users/me?context=edit`, { headers: { authorization: `Basic ${auth}` } });
    if (res.ok) return account as Required<WpAccount>;
  }
  const created = wpCli<{ password: string; uuid: string }>(wp, 'app-password-create', { user: account.login, name: 'loa' });
  return { ...account, applicationPassword: created.password, applicationPasswordUuid: created.uuid };
}

/**
 * Installs (apt-get, as root) and starts a real WordPress on 127.0.0.1 with its own Apache,
 * database and data directory, installs the site, an Editor and an Author with Application
 * Passwords. Idempotent: a running instance is reused. Throws WordpressSetupError saying why
 * when something cannot be installed or started; it never skips.
 */
export async function ensureRealWordpress(o: RealWordpressOptions = {}): Promise<RealWordpress> {
  const dataDir = path.resolve(o.dataDir ?? '.loa/wordpress');
  const db = o.db ?? DEFAULT_DB;
  const log = o.log ?? (() => {});
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const first = loadState(sitePaths(dataDir, 'x'), dataDir, o.port);
  const paths = sitePaths(dataDir, first.name);
  return withLock(paths.lock, async () => {
    const s = loadState(paths, dataDir, o.port);
    const baseUrl = `http://127.0.0.1:${s.port}`;
    ensurePackages([], log);
    await ensureMariadb(db, log);
    const database = createDatabase(db, s);
    writeFiles(paths, s, database, baseUrl, db);
    const site = { name: s.name, baseUrl };
    const installed = wpCli<{ version: string; applicationPasswords: boolean }>(site, 'install', {
      title: 'Cổng thông tin thử nghiệm (Loa)',
      timezone: 'Asia/Ho_Chi_Minh',
      admin: { login: s.admin.login, email: 'quantri@loa.test', password: s.admin.password },
      users: [s.editor, s.author].map((u) => ({ login: u.login, email: `${u.login}@loa.test`, password: u.password, role: u.role, name: u.login })),
    });
    if (!installed.applicationPasswords) throw new WordpressSetupError('WordPress reports Application Passwords unavailable (WP_ENVIRONMENT_TYPE local not applied?)');
    log(`starting Apache for WordPress ${installed.version} on ${baseUrl}`);
    await startApache(paths, baseUrl, s.port);
    const editor = await ensureAppPassword(site, s.editor);
    const author = await ensureAppPassword(site, s.author);
    fs.writeFileSync(paths.state, JSON.stringify({ ...s, editor, author }, null, 2), { mode: 0o600 });
    return { baseUrl, port: s.port, version: installed.version, name: s.name, database, admin: s.admin, editor, author, dataDir, db };
  });
}

/** Stops the instance's Apache (the database and files stay for the next start). */
export function stopRealWordpress(dataDir = '.loa/wordpress'): void {
  const dir = path.resolve(dataDir);
  const conf = path.join(dir, 'apache', 'httpd.conf');
  if (!fs.existsSync(conf)) return;
  spawnSync('/usr/sbin/apache2', ['-f', conf, '-k', 'stop'], { stdio: 'inherit' });
}
