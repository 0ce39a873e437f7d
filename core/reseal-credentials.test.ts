import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channels, units } from '../db/schema/index.ts';
import { createSecretBox, generateSecretKey, sealedKeyId } from '../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { cliActor } from './actor.ts';
import { resealCredentials } from './reseal-credentials.ts';

describe('resealCredentials', () => {
  let database: TestDatabase;
  let unitId: string;
  const oldKey = generateSecretKey();
  const newKey = generateSecretKey();
  const oldBox = createSecretBox(oldKey);
  const newOnly = createSecretBox(newKey);

  beforeAll(async () => {
    database = await createTestDatabase();
    const [unit] = await database.db.insert(units).values({ name: 'Công an tỉnh Sơn La' }).returning();
    unitId = unit!.id;
  });
  afterAll(() => database.close());

  async function addChannel(name: string, sealed: string | null): Promise<string> {
    const [row] = await database.db
      .insert(channels)
      .values({ unitId, platform: sealed ? 'facebook_page' : 'site', name, credentialsSealed: sealed })
      .returning({ id: channels.id });
    return row!.id;
  }

  async function sealedOf(id: string): Promise<string | null> {
    const [row] = await database.db.select({ s: channels.credentialsSealed }).from(channels).where(eq(channels.id, id));
    return row!.s;
  }

  it('re-seals rows under the old key so they open with the new key alone, leaving the rest untouched', async () => {
    const a = await addChannel('Fanpage A', oldBox.seal('{"pageAccessToken":"EAAB-a"}'));
    const b = await addChannel('Fanpage B', oldBox.seal('{"pageAccessToken":"EAAB-b"}'));
    const alreadyNew = newOnly.seal('{"pageAccessToken":"EAAB-c"}');
    const c = await addChannel('Fanpage C', alreadyNew);
    const site = await addChannel('Website', null);

    const result = await resealCredentials(database.db, createSecretBox(newKey, [oldKey]), cliActor);
    expect(result).toEqual({ resealed: 2, total: 3 });

    expect(newOnly.open((await sealedOf(a))!)).toBe('{"pageAccessToken":"EAAB-a"}');
    expect(newOnly.open((await sealedOf(b))!)).toBe('{"pageAccessToken":"EAAB-b"}');
    expect(sealedKeyId((await sealedOf(a))!)).toBe(newOnly.keyId);
    expect(await sealedOf(c)).toBe(alreadyNew);
    expect(await sealedOf(site)).toBeNull();
    const resealedA = (await sealedOf(a))!;
    expect(() => oldBox.open(resealedA)).toThrow(/not configured/);

    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'secrets.rotate'));
    expect(entry).toMatchObject({ actorKind: 'cli', data: { resealed: 2, keyId: newOnly.keyId } });
  });

  it('changes nothing when one row cannot be opened (a key is missing)', async () => {
    const strangerBox = createSecretBox(generateSecretKey());
    await addChannel('Fanpage D', strangerBox.seal('{"pageAccessToken":"EAAB-d"}'));
    const snapshot = () => database.db.select({ id: channels.id, s: channels.credentialsSealed }).from(channels).orderBy(channels.id);
    const before = await snapshot();

    await expect(resealCredentials(database.db, createSecretBox(generateSecretKey(), [newKey]), cliActor)).rejects.toThrow(/not configured/);
    expect(await snapshot()).toEqual(before);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'secrets.rotate'))).toHaveLength(1);
  });
});
