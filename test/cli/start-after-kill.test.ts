import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The first-run promise of the README: `npm start` on a bare machine (embedded PostgreSQL),
 * and a second start after `kill -9` left the postmaster orphaned. Runs the real CLI.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-start-'));
fs.chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function start(port: number): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOA_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.LOA_SECRET_KEY;
  const child = spawn(process.execPath, ['scripts/loa.mjs', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  children.push(child);
  return { child, output: () => out };
}

async function waitHealthy(port: number, child: ChildProcess, output: () => string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`loa exited ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy in 60 s:\n${output()}`);
}

const setupLink = (output: string) => /\/setup\?token=(setup_\S+)/.exec(output)?.[1];

function postmasterPid(): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) {
    const pid = postmasterPid();
    if (alive(pid)) process.kill(pid, 'SIGINT');
  }
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('loa start on the embedded database', () => {
  it('serves /health and /docs, prints the one-time setup link, and starts again after kill -9 with a new one', async () => {
    const port = await freePort();
    const first = start(port);
    const health = await waitHealthy(port, first.child, first.output);
    expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    // Private by default (LOA_PUBLIC_DOCS): served, but only to a signed-in user.
    expect((await fetch(`http://127.0.0.1:${port}/docs/json`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/docs/`)).status).toBe(401);
    // The link is printed once the server listens, so /health can answer a moment before it.
    await expect.poll(() => setupLink(first.output())).toBeDefined();
    const firstLink = setupLink(first.output());
    const orphan = postmasterPid();

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(alive(orphan)).toBe(true);

    const second = start(port);
    await waitHealthy(port, second.child, second.output);
    // Still no user: a lost link is one restart away, so this start prints a new one (the first's is retired).
    await expect.poll(() => setupLink(second.output())).toBeDefined();
    const secondLink = setupLink(second.output());
    expect(secondLink).not.toBe(firstLink);
    expect((await fetch(`http://127.0.0.1:${port}/setup?token=${firstLink}`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/setup?token=${secondLink}`)).status).toBe(200);
    expect(alive(orphan)).toBe(false);

    const ownPostmaster = postmasterPid();
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', r));
    expect(code).toBe(0);
    // A clean shutdown stops the cluster it started and removes its lock file.
    expect(alive(ownPostmaster)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 150_000);

  it('says a port already taken in words and exits 1, leaving no worker or database running', async () => {
    const port = await freePort();
    const taken = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    try {
      const blocked = start(port);
      const code = await new Promise((r) => blocked.child.once('exit', r));
      expect(code).toBe(1);
      expect(blocked.output()).toContain(`loa: cổng ${port} đang được dùng`);
      // The cluster it started for itself is stopped again.
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 120_000);
});
