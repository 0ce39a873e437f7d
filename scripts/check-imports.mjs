#!/usr/bin/env node
// Fails on import cycles between the project's own TypeScript files (ARCHITECTURE.md:
// "No import cycles"). Type-only imports are ignored: they vanish at runtime.
import fs from 'node:fs';
import path from 'node:path';

const roots = ['lib', 'db', 'core', 'connectors', 'templates', 'workers', 'server', 'scripts'];
const files = roots.flatMap((r) => walk(r)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const graph = new Map();
for (const file of files) {
  const src = fs.readFileSync(file, 'utf8');
  const deps = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    deps.push(path.normalize(path.join(path.dirname(file), m[1])));
  }
  graph.set(path.normalize(file), deps.filter((d) => graph.has(d) || files.includes(d)));
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
    if (e.name === 'node_modules' || e.name === 'migrations') return [];
    return e.isDirectory() ? walk(p) : [p];
  });
}
