import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_LABELS } from '../../core/reports/labels.ts';
import { deliveryStates, platforms, revisionStates, roles, themes, unitKinds } from '../../db/schema/enums.ts';
import en from '../../web/i18n/en.json' with { type: 'json' };
import vi from '../../web/i18n/vi.json' with { type: 'json' };

/** Every visible string of the web app comes from both catalogs. */
type Catalog = { [key: string]: string | Catalog };

function keysOf(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return /^(dist|node_modules|i18n)/.test(e.name) ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && e.name !== 'api-types.ts' ? [p] : [];
  });
}

/** Literal keys: t('a.b'), t("a.b"), i18nKey="a.b", and the route table's titleKey: 'a.b'. */
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of sourceFiles('web')) {
    // Comments may show examples (the route table's how-to); only code counts.
    const src = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of src.matchAll(/\bt\(\s*['"]([\w.-]+)['"]|i18nKey=["']([\w.-]+)["']|[tT]itleKey:\s*['"]([\w.-]+)['"]|labelKey:\s*['"]([\w.-]+)['"]/g)) {
      used.set(m[1] ?? m[2] ?? m[3] ?? m[4]!, file);
    }
  }
  return used;
}

describe('web app catalogs (web/i18n)', () => {
  const viKeys = new Set(keysOf(vi as Catalog));
  const enKeys = new Set(keysOf(en as Catalog));

  it('have the same keys in vi and en, none empty', () => {
    expect([...viKeys].filter((k) => !enKeys.has(k)), 'keys missing in en.json').toEqual([]);
    expect([...enKeys].filter((k) => !viKeys.has(k)), 'keys missing in vi.json').toEqual([]);
    const empty = [...viKeys].filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Catalog)[p], vi) === '');
    expect(empty, 'empty Vietnamese strings').toEqual([]);
  });

  it('hold every key the code uses', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter(([k]) => !viKeys.has(k)).map(([k, file]) => `${k} (${file})`);
    expect(missing, 'keys used in web/ but missing in the catalogs').toEqual([]);
  });

  it('name every role, theme, platform and state in both languages (keys built at run time, e.g. themes.<theme>)', () => {
    const vocabularies = { roles, themes, platforms, deliveryStates, revisionStates, unitKinds };
    const missing = Object.entries(vocabularies).flatMap(([group, values]) => values.map((v) => `${group}.${v}`)).filter((k) => !viKeys.has(k) || !enKeys.has(k));
    expect(missing).toEqual([]);
  });

  it('name each platform as the reports and their exports do (one name per platform on screen and on paper)', () => {
    expect(vi.platforms).toEqual(PLATFORM_LABELS);
  });
});
