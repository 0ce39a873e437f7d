import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, type Session } from '../app.ts';
import { createContentWorld, itemBody, type ContentWorld } from '../../server/routes/content/test-fixtures.ts';
import { changeCount, installChangeCounter, mediaSnapshot } from './change-watch.ts';
import { casesFor, operationsOf, type BadCase, type Known } from './openapi-cases.ts';

/**
 * #11 part E: every operation of the OpenAPI document × every kind of bad value found by
 * outside testing (NUL, overlong, wrong types, Infinity, year 0000, leap seconds, deep JSON,
 * forged cursors, lone surrogates, bad UUIDs…). No answer may be ≥ 500, and a refused
 * request (4xx) may change no row and no media file.
 */
describe('bad-input corpus generated from the OpenAPI document', () => {
  let w: ContentWorld;
  let admin: Session;
  let known: Known;

  beforeAll(async () => {
    w = await createContentWorld();
    await createUser(w.t.db, 'quantri@ca.vn', [{ role: 'admin', unitId: w.unit.province }]);
    admin = await login(w.t.app, 'quantri@ca.vn');
    const item = (await admin.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage]))).json().item;
    const set = (await admin.request('POST', '/api/v1/channel-sets', { unitId: w.unit.province, name: 'Bộ kênh tỉnh', channelIds: [w.channel.provincePage] })).json();
    const link = (await admin.request('POST', '/api/v1/links', { itemId: item.id, label: 'Áp phích' })).json();
    const byPath: [RegExp, string][] = [
      [/\/channel-sets\//, set.id],
      [/\/channels\//, w.channel.provincePage],
      [/\/units\//, w.unit.communeA],
      [/\/users\//, w.userId.officerA],
      [/\/content\/|\/items\//, item.id],
      [/\/links\//, link.id],
    ];
    known = (name, path) => {
      switch (name) {
        case 'unitId':
        case 'parentId':
          return w.unit.province;
        case 'channelId':
          return w.channel.provincePage;
        case 'channelIds':
          return [w.channel.provincePage];
        case 'itemId':
          return item.id;
        case 'targets':
          return [{ channelId: w.channel.provincePage }];
        case 'n':
          return 1;
        case 'slug':
          return item.slug;
        case 'code':
          return link.code;
        case 'theme':
          return 'policy';
        case 'id':
          return byPath.find(([re]) => re.test(path))?.[1] ?? randomUUID();
        default:
          return undefined;
      }
    };
    await installChangeCounter(w.t.db);
  }, 120_000);
  afterAll(() => w.t.close());

  it('answers every bad request below 500, and a refused one changes nothing', async () => {
    const doc = w.t.app.swagger() as unknown as Parameters<typeof operationsOf>[0];
    const cases: BadCase[] = operationsOf(doc).flatMap((op) => casesFor(op, known));
    expect(cases.length).toBeGreaterThanOrEqual(2000);

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let before = await changeCount(w.t.db);
    let files = mediaSnapshot(w.t.deps.config.mediaDir);
    for (const c of cases) {
      const headers: Record<string, string> = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
      if (c.contentType) headers['content-type'] = c.contentType;
      // From an address of its own, so its failed logins do not rate-limit signing in again below.
      const res = await w.t.app
        .inject({ method: c.method as 'GET', url: c.url, headers, remoteAddress: '203.0.113.7', ...(c.body === undefined ? {} : { payload: c.body }) })
        .catch((e: Error) => e);
      if (res instanceof Error) {
        failures.push(`answer cut (${res.message}) ${c.method} ${c.url.slice(0, 120)} [${c.label}]`);
        continue;
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const after = await changeCount(w.t.db);
      const filesAfter = mediaSnapshot(w.t.deps.config.mediaDir);
      const what = `${c.method} ${c.url.slice(0, 120)} [${c.label}]`;
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${what}: ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && after.n !== before.n) failures.push(`refused ${res.statusCode} but wrote (${after.last}) ${what}`);
      else if (res.statusCode >= 400 && filesAfter !== files) failures.push(`refused ${res.statusCode} but changed media files ${what}`);
      else if (res.statusCode >= 400 && c.url.startsWith('/api/') && !String(res.headers['content-type']).startsWith('application/problem+json')) {
        failures.push(`refused ${res.statusCode} without problem+json ${what}`);
      }
      // Some bodies are ignored by routes that take none (a logout, say): sign in again when that ended the session.
      if (res.statusCode < 400 && (await admin.request('GET', '/api/v1/auth/me')).statusCode === 401) admin = await login(w.t.app, 'quantri@ca.vn');
      before = await changeCount(w.t.db);
      files = filesAfter;
    }
    console.info(`bad-input corpus: ${cases.length} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures).toEqual([]);
  }, 600_000);
});
