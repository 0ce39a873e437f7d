import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Builds the officer web app (web/) into web/dist when it is missing or stale, so that
 * `npm install && npm start` on a fresh clone serves the built app and the test run
 * exercises the current sources. Staleness is a hash of every web source file plus the
 * lockfile, stored with the build as web/dist/.source-hash.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webRoot = path.join(repoRoot, 'web');
export const webDistDir = path.join(webRoot, 'dist');
const hashFile = path.join(webDistDir, '.source-hash');

export function webSourceHash(): string {
  const hash = crypto.createHash('sha256');
  const files = listSources(webRoot).sort();
  for (const file of [...files, path.join(repoRoot, 'package-lock.json')]) {
    hash.update(path.relative(repoRoot, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8').trim() === webSourceHash();
}

/** Builds when stale; returns whether a build ran. */
export async function ensureWebBuild(say: (line: string) => void = () => {}): Promise<boolean> {
  if (webBuildIsCurrent()) return false;
  say('Đang dựng ứng dụng web (web/dist)… / Building the web app…');
  await buildWeb();
  return true;
}

export async function buildWeb(): Promise<void> {
  const sourceHash = webSourceHash();
  // Build beside the old output, then swap: a server already running keeps whole files,
  // and two builds racing in one checkout never mix their outputs.
  const staging = `${webDistDir}.tmp-${process.pid}`;
  const { build } = await import('vite');
  await asProduction(() =>
    build({
      configFile: path.join(webRoot, 'vite.config.ts'),
      mode: 'production',
      build: { outDir: staging, emptyOutDir: true },
      logLevel: 'warn',
    }),
  );
  precompress(path.join(staging, 'assets'));
  fs.writeFileSync(path.join(staging, '.source-hash'), `${sourceHash}\n`);
  const old = `${webDistDir}.old-${process.pid}`;
  if (fs.existsSync(webDistDir)) fs.renameSync(webDistDir, old);
  fs.renameSync(staging, webDistDir);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Always the production bundle, also when the test runner (NODE_ENV=test) builds it: Vite and
 * the React plugin follow NODE_ENV, and a development bundle would then be what the browser
 * tests judge and what `npm start` serves after a test run.
 */
async function asProduction<T>(run: () => Promise<T>): Promise<T> {
  // eslint-disable-next-line no-restricted-properties -- sets, for the build only, the variable Vite itself reads
  const env = process.env;
  const before = env.NODE_ENV;
  env.NODE_ENV = 'production';
  try {
    return await run();
  } finally {
    if (before === undefined) delete env.NODE_ENV;
    else env.NODE_ENV = before;
  }
}

/** Gzip once at build time; the server sends the .gz to browsers that accept it. */
function precompress(assetsDir: string): void {
  for (const name of fs.readdirSync(assetsDir)) {
    if (!/\.(js|css|svg)$/.test(name)) continue;
    const file = path.join(assetsDir, name);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
  }
}

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || /^dist(\.|$)/.test(entry.name)) return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listSources(full) : [full];
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb();
  process.stdout.write(`web app built into ${path.relative(process.cwd(), webDistDir)}\n`);
}
