import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web app loads Mantine's stylesheet in two parts (web/app/sign-in-styles.css first,
 * web/app/shell-styles.css with the signed-in shell). Together they must be all of
 * @mantine/core/styles.css: every component file once, each part in Mantine's order (later
 * rules win ties). A Mantine upgrade that adds, drops or reorders a component fails here.
 */
const stylesDir = path.resolve('node_modules/@mantine/core/styles');
const full = fs.readFileSync(path.resolve('node_modules/@mantine/core/styles.css'), 'utf8');
const read = (name: string) => fs.readFileSync(path.join(stylesDir, `${name}.css`), 'utf8');
const imports = (file: string) => [...fs.readFileSync(path.resolve('web/app', file), 'utf8').matchAll(/@import '@mantine\/core\/styles\/([\w-]+)\.css';/g)].map((m) => m[1]!);
const positionInFull = (name: string) => full.indexOf(read(name).trim().slice(0, 300));

describe('the web app’s Mantine styles, split for the sign-in page', () => {
  const signIn = imports('sign-in-styles.css');
  const shell = imports('shell-styles.css');

  it('hold every Mantine component stylesheet exactly once', () => {
    const mantine = fs.readdirSync(stylesDir).filter((f) => f.endsWith('.css') && !f.endsWith('.layer.css')).map((f) => f.slice(0, -4));
    expect([...signIn, ...shell].sort()).toEqual(mantine.sort());
  });

  it('are styles.css when put back in Mantine’s order, and each part keeps that order', () => {
    const inOrder = [...signIn, ...shell].sort((a, b) => positionInFull(a) - positionInFull(b));
    const squash = (css: string) => css.replace(/\s+/g, '');
    expect(squash(inOrder.map(read).join('')) === squash(full)).toBe(true);
    for (const part of [signIn, shell]) expect(part.map(positionInFull)).toEqual(part.map(positionInFull).sort((a, b) => a - b));
  });
});
