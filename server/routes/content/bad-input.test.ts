import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, consents, contentItems, memberships, revisionTargets, revisions, users } from '../../../db/schema/index.ts';
import { login, type Session } from '../../../test/app.ts';
import { createContentWorld, itemBody, type ContentWorld } from './test-fixtures.ts';

describe('bad input to the content API', () => {
  let w: ContentWorld;
  let english: Session;
  beforeAll(async () => {
    w = await createContentWorld();
    // A reader whose profile says English (the profile wins over Accept-Language), who may write.
    await w.t.db.update(users).set({ locale: 'en' }).where(eq(users.id, w.userId.approver));
    await w.t.db.insert(memberships).values({ userId: w.userId.approver, unitId: w.unit.province, role: 'editor' });
    english = await login(w.t.app, 'pheduyet@ca.vn');
  });
  afterAll(() => w.t.close());

  async function rowCounts() {
    const n = async (table: typeof contentItems | typeof revisions | typeof revisionTargets | typeof consents) =>
      (await w.t.db.select({ n: count() }).from(table))[0]!.n;
    const audits = (await w.t.db.select({ n: count() }).from(auditLog).where(like(auditLog.action, 'con%')))[0]!.n;
    return { items: await n(contentItems), revisions: await n(revisions), targets: await n(revisionTargets), consents: await n(consents), audits };
  }

  const valid = () => itemBody(w.unit.province, [w.channel.provincePage]);
  const cases: [string, () => Record<string, unknown>, number, string, string][] = [
    ['wrong type (object as title)', () => ({ ...valid(), title: { text: 'x' } }), 400, '/title', 'VALIDATION_FAILED'],
    ['wrong enum (theme)', () => ({ ...valid(), theme: 'blog' }), 400, '/theme', 'VALIDATION_FAILED'],
    ['not a uuid in targets', () => ({ ...valid(), targets: [{ channelId: 'kenh-1' }] }), 400, '/targets/0/channelId', 'VALIDATION_FAILED'],
    ['missing title', () => ({ ...valid(), title: undefined }), 400, '/title', 'VALIDATION_FAILED'],
    ['title of 301 characters', () => ({ ...valid(), title: 'ư'.repeat(301) }), 400, '/title', 'VALIDATION_FAILED'],
    ['body over 50,000 characters', () => ({ ...valid(), body: 'a'.repeat(50_001) }), 400, '/body', 'VALIDATION_FAILED'],
    ['31 hashtags', () => ({ ...valid(), hashtags: Array.from({ length: 31 }, (_, i) => `tag${i}`) }), 400, '/hashtags', 'VALIDATION_FAILED'],
    ['unknown field', () => ({ ...valid(), author: 'ai đó' }), 400, '/author', 'VALIDATION_FAILED'],
    ['a javascript: link', () => ({ ...valid(), links: [{ url: 'javascript:alert(1)' }] }), 400, '/links/0/url', 'VALIDATION_FAILED'],
    ['a target naming both a channel and a set', () => ({ ...valid(), targets: [{ channelId: w.channel.provincePage, channelSetId: w.channel.provincePage }] }), 422, '/targets/0', 'TARGET_SHAPE_INVALID'],
    ['a channel that does not exist', () => ({ ...valid(), targets: [{ channelId: '00000000-0000-4000-8000-000000000000' }] }), 422, '/targets/0/channelId', 'TARGET_CHANNEL_NOT_FOUND'],
    ['media that does not exist', () => ({ ...valid(), mediaIds: ['00000000-0000-4000-8000-000000000000'] }), 422, '/mediaIds/0', 'MEDIA_NOT_FOUND'],
    ['an override key that is neither platform nor channel', () => ({ ...valid(), overrides: { tiktok: { body: 'x' } } }), 422, '/overrides/tiktok', 'OVERRIDE_KEY_INVALID'],
    ['expiry before publish', () => ({ ...valid(), publishAt: '2026-12-02T01:00:00Z', expiresAt: '2026-12-01T01:00:00Z' }), 422, '/expiresAt', 'EXPIRY_BEFORE_PUBLISH'],
  ];

  it.each(cases)('refuses %s with problem+json naming the field, writing nothing', async (_name, body, status, field, code) => {
    const before = await rowCounts();
    const res = await w.author.request('POST', '/api/v1/content', body());
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code, field });
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses malformed JSON and a 10 MB body, writing nothing', async () => {
    const before = await rowCounts();
    const malformed = await w.author.request('POST', '/api/v1/content', '{"title": "Thiếu ngoặc"', { 'content-type': 'application/json' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'MALFORMED_JSON', field: '/', detail: 'JSON không hợp lệ' });
    const huge = JSON.stringify({ ...valid(), body: 'x'.repeat(10 * 1024 * 1024) });
    const tooBig = await w.author.request('POST', '/api/v1/content', huge, { 'content-type': 'application/json' });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toContain('application/problem+json');
    expect(tooBig.json()).toMatchObject({ code: 'BODY_TOO_LARGE', field: '/' });
    expect(await rowCounts()).toEqual(before);
  });

  it('answers in Vietnamese by default and in English for English readers', async () => {
    const vi = await w.author.request('POST', '/api/v1/content', { ...valid(), title: 'a'.repeat(301) });
    expect(vi.json().detail).toBe('Dữ liệu không hợp lệ ở /title: Dài quá 300 ký tự');
    // Both languages under `messages`, each wholly in its own language, whichever the reader asked for.
    expect(vi.json().messages).toEqual({ vi: 'Dữ liệu không hợp lệ ở /title: Dài quá 300 ký tự', en: 'Invalid input at /title: Must be at most 300 characters' });
    const en = await english.request('POST', '/api/v1/content', { ...valid(), title: 'a'.repeat(301) }, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    expect(en.json().detail).toBe('Invalid input at /title: Must be at most 300 characters');
    expect(en.json().messages.vi).toBe('Dữ liệu không hợp lệ ở /title: Dài quá 300 ký tự');
    const wrongType = await w.author.request('POST', '/api/v1/content', { ...valid(), title: { text: 'x' } });
    expect(wrongType.statusCode, wrongType.body).toBe(400);
    expect(wrongType.json().detail).toBe('Dữ liệu không hợp lệ ở /title: Sai kiểu dữ liệu, cần chuỗi ký tự');
    const empty = await w.author.request('POST', '/api/v1/content', { ...valid(), title: '' });
    expect(empty.json().errors).toEqual([expect.objectContaining({ field: '/title', message: 'Không được để trống' })]);
    const anonymous = await w.t.app.inject({ method: 'POST', url: '/api/v1/content', payload: valid(), headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().detail).toBe('You need to sign in');
    const anonymousVi = await w.t.app.inject({ method: 'POST', url: '/api/v1/content', payload: valid() });
    expect(anonymousVi.json().detail).toBe('Bạn cần đăng nhập');
  });

  it('counts lengths on NFC: 300 Vietnamese letters typed decomposed fit the 300 limit and are stored composed', async () => {
    const decomposed = 'ệ'.normalize('NFD').repeat(300);
    expect(decomposed.length).toBe(900);
    const res = await w.author.request('POST', '/api/v1/content', { ...valid(), title: decomposed });
    expect(res.statusCode).toBe(201);
    expect(res.json().revisions[0].title).toBe('ệ'.repeat(300));
    expect(res.json().item.slug).toBe('e'.repeat(80));
    const second = await w.author.request('POST', '/api/v1/content', { ...valid(), title: 'ệ'.repeat(300) });
    expect(second.json().item.slug).toBe(`${'e'.repeat(80)}-2`);
  });

  it('leaves a draft untouched when an edit is refused', async () => {
    const created = await w.author.request('POST', '/api/v1/content', valid());
    const id = created.json().item.id as string;
    const before = await rowCounts();
    const bad = await w.author.request('PATCH', `/api/v1/content/${id}`, { title: 'Tiêu đề mới', targets: [{ channelId: '00000000-0000-4000-8000-000000000000' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().field).toBe('/targets/0/channelId');
    const empty = await w.author.request('PATCH', `/api/v1/content/${id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(await rowCounts()).toEqual(before);
    const after = await w.author.request('GET', `/api/v1/content/${id}`);
    expect(after.json().revisions[0].title).toBe(created.json().revisions[0].title);
    expect(after.json().targets).toHaveLength(1);
  });

  it('refuses bad consents the same way', async () => {
    const before = await rowCounts();
    const base = { unitId: w.unit.province, personName: 'Trần Thị B', scope: 'Ảnh và tên', platforms: [], grantedAt: '2026-01-01T00:00:00Z' };
    const missing = await w.author.request('POST', '/api/v1/consents', { ...base, personName: undefined });
    expect(missing.json()).toMatchObject({ status: 400, field: '/personName' });
    const badPlatform = await w.author.request('POST', '/api/v1/consents', { ...base, platforms: ['tiktok'] });
    expect(badPlatform.json()).toMatchObject({ status: 400, field: '/platforms/0' });
    const future = await w.author.request('POST', '/api/v1/consents', { ...base, grantedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.json()).toMatchObject({ status: 422, code: 'GRANTED_IN_FUTURE', field: '/grantedAt' });
    const expiry = await w.author.request('POST', '/api/v1/consents', { ...base, expiresAt: '2025-01-01T00:00:00Z' });
    expect(expiry.json()).toMatchObject({ status: 422, code: 'EXPIRY_BEFORE_GRANT', field: '/expiresAt' });
    const officer = await w.officerA.request('POST', '/api/v1/consents', { ...base, unitId: w.unit.communeA });
    expect(officer.json()).toMatchObject({ status: 403, code: 'CONSENT_MANAGE_FORBIDDEN' });
    expect(await rowCounts()).toEqual(before);
  });
});
