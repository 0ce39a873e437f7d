import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cliActor } from '../../core/actor.ts';
import { resealCredentials } from '../../core/reseal-credentials.ts';
import { channels, units } from '../../db/schema/index.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { keyFiles, loadSecretBox } from '../../lib/secret-key.ts';
import { createSecretBox, generateSecretKey, sealedKeyId, type SecretBox } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { rotateCredentialsKey } from './rotate-secrets.ts';

/** `loa secrets rotate` against a real database, with the key files of embedded mode in a temporary data dir. */
describe('loa secrets rotate', () => {
  let database: TestDatabase;
  let unitId: string;
  let dataDir: string;
  let config: Config;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [unit] = await database.db.insert(units).values({ name: 'Công an tỉnh Bình Định' }).returning();
    unitId = unit!.id;
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.db.delete(channels);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-rotate-'));
    config = loadConfig({ LOA_DATA_DIR: dataDir });
    return () => fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function seedChannels(box: SecretBox, n = 3): Promise<void> {
    for (let i = 0; i < n; i++) {
      await database.db.insert(channels).values({
        unitId,
        platform: 'facebook_page',
        name: `Fanpage ${i}`,
        credentialsSealed: box.seal(JSON.stringify({ pageAccessToken: `EAAB-${i}` })),
      });
    }
  }

  async function openAll(box: SecretBox): Promise<string[]> {
    const rows = await database.db.select().from(channels).orderBy(channels.name);
    return rows.map((r) => box.open(r.credentialsSealed!));
  }

  const readKey = (file: string) => fs.readFileSync(file, 'utf8').trim();

  it('embedded mode: generates a new key file, re-encrypts every row under it and keeps the old key as previous', async () => {
    const before = loadSecretBox(config);
    const files = keyFiles(config);
    const oldKey = readKey(files.current);
    await seedChannels(before);

    const result = await rotateCredentialsKey(database.db, config);
    expect(result).toMatchObject({ mode: 'key-file', resealed: 3, total: 3 });

    expect(readKey(files.previous)).toBe(oldKey);
    expect(readKey(files.current)).not.toBe(oldKey);
    expect(fs.existsSync(files.next)).toBe(false);
    expect(fs.statSync(files.current).mode & 0o777).toBe(0o600);
    expect(fs.statSync(files.previous).mode & 0o777).toBe(0o600);

    const after = loadSecretBox(config);
    expect(after.keyId).toBe(result.keyId);
    expect(after.keyId).not.toBe(before.keyId);
    const newKeyOnly = createSecretBox(readKey(files.current));
    expect(await openAll(newKeyOnly)).toEqual(['{"pageAccessToken":"EAAB-0"}', '{"pageAccessToken":"EAAB-1"}', '{"pageAccessToken":"EAAB-2"}']);
    const rows = await database.db.select().from(channels);
    expect(rows.every((r) => sealedKeyId(r.credentialsSealed!) === after.keyId)).toBe(true);

    const second = await rotateCredentialsKey(database.db, config);
    expect(second.resealed).toBe(3);
    expect(await openAll(createSecretBox(readKey(files.current)))).toHaveLength(3);
  });

  it('embedded mode: finishes a rotation that crashed after re-encrypting, instead of losing its key', async () => {
    const files = keyFiles(config);
    const original = loadSecretBox(config);
    await seedChannels(original);
    // The crash: `next` was written and the rows committed under it, the renames never happened.
    const crashedNext = generateSecretKey();
    fs.writeFileSync(files.next, `${crashedNext}\n`, { mode: 0o600 });
    await resealCredentials(database.db, createSecretBox(crashedNext, [readKey(files.current)]), cliActor);
    expect(await openAll(loadSecretBox(config))).toHaveLength(3);

    const result = await rotateCredentialsKey(database.db, config);
    expect(readKey(files.current)).toBe(crashedNext);
    expect(result).toMatchObject({ resealed: 0, total: 3 });
    expect(await openAll(createSecretBox(crashedNext))).toHaveLength(3);
  });

  it('DATABASE_URL mode: re-encrypts under LOA_SECRET_KEY, opening rows with LOA_SECRET_KEY_PREVIOUS', async () => {
    const oldKey = generateSecretKey();
    const newKey = generateSecretKey();
    await seedChannels(createSecretBox(oldKey));
    const envConfig = loadConfig({ LOA_DATA_DIR: dataDir, DATABASE_URL: database.url, LOA_SECRET_KEY: newKey, LOA_SECRET_KEY_PREVIOUS: oldKey });

    const result = await rotateCredentialsKey(database.db, envConfig);
    expect(result).toMatchObject({ mode: 'env', resealed: 3, total: 3, keyId: createSecretBox(newKey).keyId });
    expect(await openAll(createSecretBox(newKey))).toHaveLength(3);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('DATABASE_URL mode: without the previous key, refuses and changes nothing', async () => {
    const oldBox = createSecretBox(generateSecretKey());
    await seedChannels(oldBox);
    const envConfig = loadConfig({ LOA_DATA_DIR: dataDir, DATABASE_URL: database.url, LOA_SECRET_KEY: generateSecretKey() });
    await expect(rotateCredentialsKey(database.db, envConfig)).rejects.toThrow(`sealed with key ${oldBox.keyId}, which is not configured`);
    expect(await openAll(oldBox)).toHaveLength(3);
  });
});
