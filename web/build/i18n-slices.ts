import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Each module of the app carries the Vietnamese strings it uses, so a page's strings load with
 * the page: the whole catalogue (~13 KB gzipped) used to sit in the first download of the
 * sign-in page and weighed on every phone. i18n/vi.json stays the one catalogue people edit;
 * at build (and in the dev server) every web/ module that names a key gets an import of a
 * small generated module holding those keys, which adds them to i18next before the module's
 * own code runs — so a page never renders a key it has not loaded (no flash of raw keys).
 *
 * A key counts as used when a string literal in the module is a catalogue path with a dot
 * ('admin.audit.title', or a group such as 'admin.audit.actions'), or a template literal
 * starts with one ('board.actions.${action}' takes the whole 'board.actions' group). A key
 * built any other way would show raw: test/web/i18n.test.ts asks for literal keys already.
 * English (en.json) still loads whole on first use (web/lib/i18n.ts).
 */
const PREFIX = '\0loa-texts:';
type Catalog = { [key: string]: string | Catalog };

export function i18nSlices(webRoot: string): Plugin {
  const catalogPath = path.join(webRoot, 'i18n', 'vi.json');
  const i18nModule = path.join(webRoot, 'lib', 'i18n.ts');
  const slices = new Map<string, string>();
  let catalog: { mtimeMs: number; texts: Catalog } | undefined;

  function texts(): Catalog {
    const { mtimeMs } = fs.statSync(catalogPath);
    if (catalog?.mtimeMs !== mtimeMs) catalog = { mtimeMs, texts: JSON.parse(fs.readFileSync(catalogPath, 'utf8')) as Catalog };
    return catalog.texts;
  }

  return {
    name: 'loa-i18n-slices',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.tsx?$/.test(file) || !file.startsWith(webRoot) || file === i18nModule || file.startsWith(path.join(webRoot, 'build'))) return null;
      const slice = sliceFor(code, texts());
      if (!slice) return null;
      const sliceId = `${PREFIX}${path.relative(webRoot, file)}`;
      slices.set(sliceId, `import { addTexts } from ${JSON.stringify(i18nModule)};\naddTexts(${JSON.stringify(slice)});\n`);
      this.addWatchFile(catalogPath);
      return { code: `import ${JSON.stringify(sliceId)};\n${code}`, map: null };
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? id : null;
    },
    load(id) {
      return id.startsWith(PREFIX) ? (slices.get(id) ?? null) : null;
    },
  };
}

/** The part of the catalogue a module names, nested as in vi.json; null when it names none. */
export function sliceFor(code: string, texts: Catalog): Catalog | null {
  const src = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const paths = new Set<string>();
  for (const m of src.matchAll(/(['"`])([\w-]+(?:\.[\w-]+)+)\1|`([\w-]+(?:\.[\w-]+)*)\.\$\{/g)) paths.add(m[2] ?? m[3]!);
  const slice: Catalog = {};
  let found = false;
  for (const p of paths) {
    const parts = p.split('.');
    const value = parts.reduce<string | Catalog | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), texts);
    if (value === undefined) continue;
    let into = slice;
    for (const part of parts.slice(0, -1)) into = (typeof into[part] === 'object' ? into[part] : (into[part] = {})) as Catalog;
    into[parts.at(-1)!] = typeof value === 'object' ? structuredClone(value) : value;
    found = true;
  }
  return found ? slice : null;
}
