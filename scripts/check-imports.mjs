#!/usr/bin/env node
// Fails on import cycles between the project's own TypeScript files (ARCHITECTURE.md:
// "No import cycles"). Type-only imports are ignored: they vanish at runtime.
// For the web app (STYLE.md Part 3) it also fails when a web/ file imports anything outside
// web/, a feature imports another feature or app/, or components/ and lib/ import a feature.
import fs from 'node:fs';
import path from 'node:path';

const roots = ['lib', 'db', 'core', 'connectors', 'templates', 'workers', 'server', 'scripts', 'web'];
const files = roots.flatMap((r) => walk(r)).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
const graph = new Map();
for (const file of files) {
  const src = fs.readFileSync(file, 'utf8');
  const deps = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    deps.push(path.normalize(path.join(path.dirname(file), m[1])));
  }
  graph.set(path.normalize(file), deps.filter((d) => graph.has(d) || files.includes(d)));
}
const webProblems = files.filter((f) => f.startsWith('web' + path.sep) && f !== path.join('web', 'vite.config.ts')).flatMap(webBoundary);
if (webProblems.length) {
  console.error(`Web app imports crossing a boundary (STYLE.md Part 3):\n  ${webProblems.join('\n  ')}`);
  process.exit(1);
}

/** Every relative import of a web file, static, type-only or lazy, checked against the web rules. */
function webBoundary(file) {
  const src = fs.readFileSync(file, 'utf8');
  const specs = [...src.matchAll(/(?:from\s+|import\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  const [, area, feature] = file.split(path.sep);
  return specs.flatMap((spec) => {
    const target = path.normalize(path.join(path.dirname(file), spec)).split(path.sep);
    const where = `${file} → ${spec}`;
    if (target[0] !== 'web') return [`${where}: web/ may not import server-side code`];
    if (area === 'features' && target[1] === 'features' && target[2] !== feature) return [`${where}: a feature never imports another feature`];
    if (area === 'features' && target[1] === 'app') return [`${where}: features do not import app/`];
    if ((area === 'components' || area === 'lib') && (target[1] === 'features' || target[1] === 'app')) return [`${where}: shared folders import no feature or app/`];
    return [];
  });
}

const state = new Map();
const cycles = [];
function visit(node, stack) {
  if (state.get(node) === 'done') return;
  if (state.get(node) === 'active') {
    cycles.push([...stack.slice(stack.indexOf(node)), node].join(' → '));
    return;
  }
  state.set(node, 'active');
  for (const dep of graph.get(node) ?? []) visit(dep, [...stack, node]);
  state.set(node, 'done');
}
for (const node of graph.keys()) visit(node, []);
if (cycles.length) {
  console.error(`Import cycles found:\n  ${cycles.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-imports: ${graph.size} files, no cycles`);

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.name === 'node_modules' || e.name === 'migrations' || /^dist(\.|$)/.test(e.name)) return [];
    return e.isDirectory() ? walk(p) : [p];
  });
}
