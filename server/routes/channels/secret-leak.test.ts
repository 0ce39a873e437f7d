import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials } from '../../../core/channels/credentials.ts';
import { channels } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';

const run = promisify(execFile);
const PG_DUMP = '/usr/bin/pg_dump';

/**
 * Every form in which `secret` could show up inside a larger text: raw, URL-encoded,
 * hex, and base64/base64url at each of the three byte alignments (the first and last
 * 4-character groups depend on the neighbouring bytes, so only the middle is searched).
 */
function encodedForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('hex')]);
  for (const shift of [0, 1, 2]) {
    for (const encoding of ['base64', 'base64url'] as const) {
      const full = Buffer.from('\0'.repeat(shift) + secret).toString(encoding);
      forms.add(full.slice(4, -4));
    }
  }
  return [...forms];
}

function leaksIn(text: string, secret: string): string[] {
  return encodedForms(secret).filter((form) => text.includes(form));
}

/**
 * The whole database as text, twice where possible: with `pg_dump`, and with
 * `COPY … TO STDOUT` of every table through the connection. pg_dump refuses a server
 * newer than itself (Debian's is 15; the embedded test cluster is 18), so there only the
 * COPY dump is taken; it reads the same rows.
 */
async function dumpDatabase(url: string): Promise<{ how: string; text: string }[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const dumps = [{ how: 'copy', text: await copyEveryTable(sql) }];
    const [server] = await sql<{ server_version_num: string }[]>`show server_version_num`;
    const { stdout: version } = await run(PG_DUMP, ['--version']);
    if (Number(/(\d+)\.\d+/.exec(version)?.[1]) >= Math.floor(Number(server!.server_version_num) / 10000)) {
      const { stdout } = await run(PG_DUMP, ['--no-owner', '--dbname', url], { maxBuffer: 256 * 1024 * 1024 });
      dumps.push({ how: 'pg_dump', text: stdout });
    }
    return dumps;
  } finally {
    await sql.end();
  }
}

async function copyEveryTable(sql: postgres.Sql): Promise<string> {
  const tables = await sql<{ schemaname: string; tablename: string }[]>`
    select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`;
  const parts: string[] = [];
  for (const t of tables) {
    const chunks: Buffer[] = [];
    for await (const chunk of await sql`copy ${sql(t.schemaname)}.${sql(t.tablename)} to stdout`.readable()) chunks.push(Buffer.from(chunk));
    parts.push(`-- ${t.schemaname}.${t.tablename}\n${Buffer.concat(chunks).toString('utf8')}`);
  }
  return parts.join('\n');
}

describe('a channel token never leaks', () => {
  let t: TestApp;
  let unit: string;
  let admin: Session;
  const token = `EAAB-test-token-${randomBytes(16).toString('hex')}|${randomBytes(8).toString('hex')}`;
  const replacement = `EAAB-test-token-${randomBytes(16).toString('hex')}|replaced`;
  const responses: LightMyRequestResponse[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    unit = await createUnit(t.db, 'Công an tỉnh Bình Định');
    await createUser(t.db, 'admin@ca.vn', [{ role: 'admin', unitId: unit }]);
    admin = await login(t.app, 'admin@ca.vn');
  });
  afterAll(() => t.close());

  const send = async (res: Promise<LightMyRequestResponse>, status: number) => {
    const r = await res;
    responses.push(r);
    expect(r.statusCode, r.body).toBe(status);
    return r;
  };
  const fanpage = (extra: Record<string, unknown> = {}) => ({
    unitId: unit,
    platform: 'facebook_page',
    name: 'Fanpage Con đường hướng thiện',
    settings: { pageId: '104857600123' },
    credentials: { pageAccessToken: token },
    ...extra,
  });

  it('finds the token in any encoding it looks for (the detector itself works)', () => {
    expect(leaksIn(`x${Buffer.from(`ab${token}cd`).toString('base64')}y`, token)).not.toEqual([]);
    expect(leaksIn(Buffer.from(`a${token}`).toString('base64url'), token)).not.toEqual([]);
    expect(leaksIn(`url?t=${encodeURIComponent(token)}`, token)).not.toEqual([]);
    expect(leaksIn('nothing here', token)).toEqual([]);
  });

  it('is absent from responses, debug logs (error paths included) and a dump of the database', async () => {
    // The happy path: create, read, list, replace.
    const created = await send(admin.request('POST', '/api/v1/channels', fanpage()), 201);
    const id = created.json().id as string;
    await send(admin.request('GET', `/api/v1/channels/${id}`), 200);
    await send(admin.request('GET', '/api/v1/channels'), 200);
    await send(admin.request('PUT', `/api/v1/channels/${id}/credentials`, { credentials: { pageAccessToken: replacement } }), 200);
    await send(admin.request('PUT', `/api/v1/channels/${id}/credentials`, { credentials: { pageAccessToken: token } }), 200);

    // Refusals after the body was parsed.
    await send(admin.request('POST', '/api/v1/channels', fanpage({ unitId: '00000000-0000-4000-8000-000000000000' })), 404);
    await send(admin.request('POST', '/api/v1/channels', fanpage({ settings: { pageId: 42 } })), 422);
    await send(admin.request('POST', '/api/v1/channels', fanpage({ credentials: { pageAccessToken: token, userToken: token } })), 422);
    await send(admin.request('POST', '/api/v1/channels', fanpage({ settings: { pageId: '1', accessToken: token } })), 422);
    await send(admin.request('POST', '/api/v1/channels', fanpage({ credentials: { pageAccessToken: { value: token } } })), 400);
    await send(admin.request('POST', '/api/v1/channels', fanpage({ extra: token })), 400);
    await send(admin.request('PATCH', `/api/v1/channels/${id}`, { settings: { pageId: '1', pageAccessToken: token } }), 422);
    // Refusals while parsing.
    const raw = JSON.stringify(fanpage());
    await send(admin.request('POST', '/api/v1/channels', raw.slice(0, -1), { 'content-type': 'application/json' }), 400);
    await send(admin.request('POST', '/api/v1/channels', `${raw.slice(0, -1)},"pad":"${'x'.repeat(t.deps.config.maxJsonBytes)}"}`, { 'content-type': 'application/json' }), 413);
    // The token where a token could be mistaken for a credential of Loa itself.
    await send(t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: { authorization: `Bearer ${token}` } }), 401);
    await send(t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: { cookie: `loa_session=${encodeURIComponent(token)}` } }), 401);
    await send(admin.request('GET', '/api/v1/channels', undefined, { 'x-api-key': token }), 200);
    await send(admin.request('GET', `/api/v1/channels?access_token=${encodeURIComponent(token)}`), 400);
    await send(t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@ca.vn', password: token } }), 401);

    // A failure inside the database while the sealed credentials are query parameters.
    await t.database.sql.unsafe(`
      create function refuse_channel_writes() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
      create trigger refuse_channel_writes before insert or update on channels for each row execute function refuse_channel_writes();`);
    try {
      await send(admin.request('POST', '/api/v1/channels', fanpage()), 500);
      await send(admin.request('PUT', `/api/v1/channels/${id}/credentials`, { credentials: { pageAccessToken: token } }), 500);
    } finally {
      await t.database.sql.unsafe('drop trigger refuse_channel_writes on channels; drop function refuse_channel_writes();');
    }

    // The token was stored (sealed) and the logs did capture every request, errors included.
    const [row] = await t.db.select().from(channels).where(eq(channels.id, id));
    expect(openCredentials(t.deps.secrets, row!.credentialsSealed)).toEqual({ pageAccessToken: token });
    const logs = t.logs.join('');
    expect(t.logs.filter((l) => l.includes('"incoming request"')).length).toBeGreaterThanOrEqual(responses.length);
    expect(logs).toContain('"request failed"');
    expect(logs).toContain('disk full');
    expect(logs, 'sealed values stay out of logs too').not.toContain(`v1.${t.deps.secrets.keyId}.`);

    const dumps = await dumpDatabase(t.database.url);
    for (const dump of dumps) {
      expect(dump.text, dump.how).toContain(row!.credentialsSealed);
      expect(dump.text, dump.how).toContain('channel.credentials.replace');
    }

    for (const secret of [token, replacement]) {
      for (const dump of dumps) expect(leaksIn(dump.text, secret), `database dump (${dump.how})`).toEqual([]);
      expect(leaksIn(logs, secret), 'log lines').toEqual([]);
      for (const r of responses) expect(leaksIn(r.body + JSON.stringify(r.headers), secret), `response ${r.statusCode}`).toEqual([]);
    }
  });
});
