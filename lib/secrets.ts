import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Credentials at rest: AES-256-GCM under LOA_SECRET_KEY. A sealed value reads
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); keyId names the key so a
 * rotation can tell which rows still use the old one.
 */
export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export class SecretKeyError extends Error {}

export function parseSecretKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new SecretKeyError('LOA_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)');
  }
  return key;
}

export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/** Builds a box that seals with `current` and opens values sealed by `current` or any of `older`. */
export function createSecretBox(current: string, older: string[] = []): SecretBox {
  const keys = new Map<string, Buffer>();
  const currentKey = parseSecretKey(current);
  const keyId = keyIdOf(currentKey);
  keys.set(keyId, currentKey);
  for (const k of older) {
    const buf = parseSecretKey(k);
    keys.set(keyIdOf(buf), buf);
  }
  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(keyId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, id, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !id || !iv || !tag || body === undefined) throw new SecretKeyError('Malformed sealed secret');
      const key = keys.get(id);
      if (!key) throw new SecretKeyError(`Secret was sealed with key ${id}, which is not configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
        decipher.setAAD(Buffer.from(id));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError(`Sealed secret (key ${id}) failed authentication: it was altered or is corrupt`);
      }
    },
  };
}

export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split('.')[1];
}
