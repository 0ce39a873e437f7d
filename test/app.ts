import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../core/auth/passwords.ts';
import { memberships, type Role, type UnitKind, units, users } from '../db/schema/index.ts';
import type { Db } from '../db/client.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { loadConfig, type Config } from '../lib/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { LocalStorage } from '../lib/storage.ts';
import { buildApp, type App } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestApp {
  app: App;
  db: Db;
  database: TestDatabase;
  deps: AppDeps;
  /** Every log line the app wrote, at debug level, for secret-leak checks. */
  logs: string[];
  close(): Promise<void>;
}

/** A real app over a fresh cloned database, logging at debug into `logs`. */
export async function createTestApp(
  overrides: { env?: Record<string, string>; clock?: Clock; configure?: (c: Config) => Config } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-test-'));
  let config = loadConfig({ LOA_DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...overrides.env });
  if (overrides.configure) config = overrides.configure(config);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const log = createLogger('debug', sink);
  const deps: AppDeps = { config, db: database.db, log, clock: overrides.clock ?? systemClock, secrets: createSecretBox(generateSecretKey()), storage: new LocalStorage(config.mediaDir) };
  const app = await buildApp(deps);
  return {
    app,
    db: database.db,
    database,
    deps,
    logs,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'mat-khau-du-dai-123';

export async function createUnit(db: Db, name: string, parentId: string | null = null, kind: UnitKind = 'unit'): Promise<string> {
  const [u] = await db.insert(units).values({ name, parentId, kind }).returning({ id: units.id });
  return u!.id;
}

let passwordHashCache: Promise<string> | undefined;

/** A user holding `role` on `unitId` (password TEST_PASSWORD). */
export async function createUser(db: Db, email: string, grants: { role: Role; unitId: string }[]): Promise<string> {
  passwordHashCache ??= hashPassword(TEST_PASSWORD);
  const [u] = await db
    .insert(users)
    .values({ email, displayName: email.split('@')[0]!, passwordHash: await passwordHashCache })
    .returning({ id: users.id });
  for (const g of grants) await db.insert(memberships).values({ userId: u!.id, unitId: g.unitId, role: g.role });
  return u!.id;
}

export interface Session {
  cookie: string;
  csrfToken: string;
  /** Sends a request as this user, with cookie and CSRF header. */
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function login(app: App, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'loa_session')!;
  const csrfToken = res.json().csrfToken as string;
  const cookieHeader = `loa_session=${cookie.value}`;
  return {
    cookie: cookieHeader,
    csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
