#!/usr/bin/env node
// `npm test`: type check, lint, import-cycle check, then the whole vitest suite against
// real PostgreSQL (embedded unless DATABASE_URL is set) and, for page tests, Debian's
// chromium, installed here when missing so a bare machine passes too.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function step(name, cmd, args) {
  process.stdout.write(`\n▶ ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`✗ ${name} failed\n`);
    process.exit(r.status ?? 1);
  }
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(`chromium is missing at ${CHROMIUM}. Install it: sudo apt-get install -y chromium\n`);
    process.exit(1);
  }
  process.stdout.write('\n▶ installing chromium for browser tests (apt-get install -y chromium)\n');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const vitestArgs = process.argv.slice(2);
if (vitestArgs.length === 0) {
  step('typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('typecheck web app (tsc --noEmit -p web)', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
  step('lint (eslint)', 'npx', ['eslint', '.']);
  step('import cycles', 'node', ['scripts/check-imports.mjs']);
}
ensureChromium();
process.stdout.write(`\n▶ tests on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}\n`);
step('vitest', 'npx', ['vitest', 'run', ...vitestArgs]);
