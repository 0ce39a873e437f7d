import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, generateSecretKey, keyIdOf, parseSecretKey, sealedKeyId, SecretKeyError } from './secrets.ts';

/** Replaces part `index` of a sealed value (v1.keyId.iv.tag.body). */
function withPart(sealed: string, index: number, value: string): string {
  const parts = sealed.split('.');
  parts[index] = value;
  return parts.join('.');
}

function flipFirstByte(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0]! ^= 0x01;
  return bytes.toString('base64url');
}

describe('SecretBox (AES-256-GCM)', () => {
  const key = generateSecretKey();
  const box = createSecretBox(key);
  const plaintext = JSON.stringify({ pageAccessToken: 'EAAB-test-token', note: 'Công an tỉnh Sơn La' });

  it('opens what it sealed, Vietnamese and empty text included, without the plaintext showing', () => {
    const sealed = box.seal(plaintext);
    expect(sealed.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(sealed).not.toContain('EAAB');
    expect(box.open(sealed)).toBe(plaintext);
    expect(box.open(box.seal(''))).toBe('');
  });

  it('uses a fresh IV for every seal', () => {
    const a = box.seal(plaintext);
    const b = box.seal(plaintext);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it.each([
    ['the ciphertext', 4],
    ['the authentication tag', 3],
    ['the IV', 2],
  ])('detects a change to %s', (_what, index) => {
    const sealed = box.seal(plaintext);
    const tampered = withPart(sealed, index, flipFirstByte(sealed.split('.')[index]!));
    expect(() => box.open(tampered)).toThrow(SecretKeyError);
    expect(() => box.open(tampered)).toThrow(/failed authentication/);
  });

  it('refuses a truncated authentication tag', () => {
    const sealed = box.seal(plaintext);
    const shortTag = Buffer.from(sealed.split('.')[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open(withPart(sealed, 3, shortTag))).toThrow(SecretKeyError);
  });

  it('binds the key id: a value relabelled to another configured key does not open', () => {
    const other = generateSecretKey();
    const both = createSecretBox(key, [other]);
    const sealed = both.seal(plaintext);
    const relabelled = withPart(sealed, 1, keyIdOf(parseSecretKey(other)));
    expect(() => both.open(relabelled)).toThrow(/failed authentication/);
  });

  it('names the missing key when a value was sealed under a key it does not hold', () => {
    const sealed = box.seal(plaintext);
    const stranger = createSecretBox(generateSecretKey());
    expect(() => stranger.open(sealed)).toThrow(SecretKeyError);
    expect(() => stranger.open(sealed)).toThrow(`Secret was sealed with key ${box.keyId}, which is not configured`);
  });

  it('refuses malformed values', () => {
    expect(() => box.open('not sealed')).toThrow('Malformed sealed secret');
    expect(() => box.open(box.seal(plaintext).replace(/^v1/, 'v9'))).toThrow('Malformed sealed secret');
  });

  it('opens values sealed under an older key, and seals only under the current one', () => {
    const oldKey = generateSecretKey();
    const sealedOld = createSecretBox(oldKey).seal(plaintext);
    const rotated = createSecretBox(key, [oldKey]);
    expect(rotated.open(sealedOld)).toBe(plaintext);
    expect(sealedKeyId(rotated.seal(plaintext))).toBe(box.keyId);
    expect(rotated.keyId).toBe(box.keyId);
  });

  it('derives a stable 8-character key id that differs between keys', () => {
    const raw = randomBytes(32);
    expect(keyIdOf(raw)).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(createSecretBox(raw.toString('base64')).keyId).toBe(keyIdOf(raw));
    expect(createSecretBox(raw.toString('hex')).keyId).toBe(keyIdOf(raw));
    expect(keyIdOf(randomBytes(32))).not.toBe(keyIdOf(raw));
  });

  it('accepts a key as 64 hex characters or base64, and refuses other lengths clearly', () => {
    const raw = randomBytes(32);
    expect(parseSecretKey(raw.toString('hex'))).toEqual(raw);
    expect(parseSecretKey(` ${raw.toString('base64')}\n`)).toEqual(raw);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/must be 32 bytes/);
    expect(() => createSecretBox('short')).toThrow(SecretKeyError);
  });
});
