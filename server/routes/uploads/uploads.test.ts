import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, media } from '../../../db/schema/index.ts';
import { systemActor } from '../../../core/actor.ts';
import { expireAbandonedUploads } from '../../../core/media/expire.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';
import { fakeExe, fakeMp4, filesUnder, jpeg, phonePhoto, pixelBombPng } from '../media/test-files.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const TUS = { 'tus-resumable': '1.0.0' };
const MAX_RESUMABLE = 16 * 1024 * 1024;

describe('resumable uploads (tus 1.0) over HTTP', () => {
  let t: TestApp;
  let unit: string;
  let officer: Session;
  let colleague: Session;

  const create = (s: Session, length: number, filename = 'phong-su.mp4', unitId = unit) =>
    s.request('POST', '/api/v1/uploads', undefined, { ...TUS, 'upload-length': String(length), 'upload-metadata': `filename ${b64(filename)},unitId ${b64(unitId)}` });
  const patch = (s: Session, url: string, offset: number, body: Buffer) =>
    s.request('PATCH', url, body, { ...TUS, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) });
  const head = (s: Session, url: string) => s.request('HEAD', url, undefined, TUS);
  const rowOf = async (url: string) => (await t.db.select().from(media).where(eq(media.id, url.split('/').pop()!)))[0];

  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_MAX_RESUMABLE_BYTES: String(MAX_RESUMABLE) } });
    unit = await createUnit(t.db, 'Công an xã Mường Bú');
    await createUser(t.db, 'cskv@ca.vn', [{ role: 'commune_officer', unitId: unit }]);
    await createUser(t.db, 'dongnghiep@ca.vn', [{ role: 'commune_officer', unitId: unit }]);
    officer = await login(t.app, 'cskv@ca.vn');
    colleague = await login(t.app, 'dongnghiep@ca.vn');
  });
  afterAll(() => t.close());

  it('advertises the protocol on OPTIONS and demands Tus-Resumable elsewhere (412)', async () => {
    const options = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/uploads' });
    expect(options.statusCode).toBe(204);
    expect(options.headers['tus-version']).toBe('1.0.0');
    expect(options.headers['tus-max-size']).toBe(String(MAX_RESUMABLE));
    expect(options.headers['tus-extension']).toBe('creation,termination,expiration');
    const noVersion = await officer.request('POST', '/api/v1/uploads', undefined, { 'upload-length': '10' });
    expect(noVersion.statusCode).toBe(412);
    expect(noVersion.headers['tus-version']).toBe('1.0.0');
  });

  it('resumes after a dropped connection from the offset HEAD reports, ending with the source sha256', async () => {
    const file = fakeMp4(4 * 1024 * 1024);
    const created = await create(officer, file.length, 'Phóng sự hướng thiện.mp4');
    expect(created.statusCode).toBe(201);
    const url = created.headers.location as string;
    expect(url).toMatch(/^\/api\/v1\/uploads\/[0-9a-f-]{36}$/);
    expect(await rowOf(url)).toMatchObject({ status: 'uploading', receivedBytes: 0, sizeBytes: file.length });

    const first = await patch(officer, url, 0, file.subarray(0, 1024 * 1024));
    expect(first.statusCode).toBe(204);
    expect(first.headers['upload-offset']).toBe(String(1024 * 1024));

    // A phone losing its connection: a real socket announces the rest but dies midway.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'PATCH',
      path: url,
      headers: {
        ...TUS,
        cookie: officer.cookie,
        'x-csrf-token': officer.csrfToken,
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(1024 * 1024),
        'content-length': String(file.length - 1024 * 1024),
      },
    });
    req.on('error', () => {});
    req.write(file.subarray(1024 * 1024, 2 * 1024 * 1024 + 12_345));
    await until(async () => Number((await head(officer, url)).headers['upload-offset']) > 1024 * 1024);
    req.destroy();
    await until(async () => ((await rowOf(url))?.receivedBytes ?? 0) > 1024 * 1024);
    await until(async () => t.logs.some((l) => l.includes('UPLOAD_INTERRUPTED')));
    expect(t.logs.filter((l) => l.includes('"level":50'))).toEqual([]);

    const resumed = await head(officer, url);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.headers['cache-control']).toBe('no-store');
    expect(resumed.headers['upload-length']).toBe(String(file.length));
    const offset = Number(resumed.headers['upload-offset']);
    expect(offset).toBeGreaterThan(1024 * 1024);
    expect(offset).toBeLessThan(file.length);

    const wrong = await patch(officer, url, 0, file.subarray(0, 10));
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('UPLOAD_OFFSET_MISMATCH');

    const rest = await patch(officer, url, offset, file.subarray(offset));
    expect(rest.statusCode).toBe(204);
    expect(rest.headers['upload-offset']).toBe(String(file.length));
    const row = await rowOf(url);
    expect(row).toMatchObject({ status: 'ready', kind: 'video', mimeType: 'video/mp4', sha256: sha256(file), receivedBytes: file.length });
    expect(row!.originalName).toBe('Phóng sự hướng thiện.mp4');
    const content = await officer.request('GET', `/api/v1/media/${row!.id}/content`, undefined, { range: `bytes=${offset - 5}-${offset + 4}` });
    expect(content.rawPayload.equals(file.subarray(offset - 5, offset + 5))).toBe(true);
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.entityId, row!.id))).map((a) => a.action);
    expect(actions).toEqual(['media.upload_started', 'media.upload_completed']);
  });

  it('refuses an executable at its first bytes: 415, row and file gone', async () => {
    const file = fakeExe(1024 * 1024);
    const url = (await create(officer, file.length, 'video.mp4')).headers.location as string;
    const res = await patch(officer, url, 0, file.subarray(0, 64 * 1024));
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', field: '/file' });
    expect(await rowOf(url)).toBeUndefined();
    expect(filesUnder(t.deps.config.mediaDir).some((f) => f.endsWith(url.split('/').pop()!))).toBe(false);
    expect((await head(officer, url)).statusCode).toBe(404);
  });

  it('probes images that arrive through tus: a pixel bomb is refused, a JPEG gets its dimensions', async () => {
    const bomb = pixelBombPng();
    const bombUrl = (await create(officer, bomb.length, 'bom.png')).headers.location as string;
    const refused = await patch(officer, bombUrl, 0, bomb);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('IMAGE_TOO_MANY_PIXELS');
    expect(await rowOf(bombUrl)).toBeUndefined();

    const photo = await jpeg(800, 600);
    const url = (await create(officer, photo.length, 'anh.jpg')).headers.location as string;
    expect((await patch(officer, url, 0, photo)).statusCode).toBe(204);
    expect(await rowOf(url)).toMatchObject({ status: 'ready', kind: 'image', width: 800, height: 600, sha256: sha256(photo) });

    // A phone photo loses its location and camera data here too; HEAD then reports the stored file, complete.
    const phone = await phonePhoto(320, 240);
    const phoneUrl = (await create(officer, phone.length, 'dien-thoai.jpg')).headers.location as string;
    const done = await patch(officer, phoneUrl, 0, phone);
    expect([done.statusCode, done.headers['upload-offset']]).toEqual([204, String(phone.length)]);
    const row = (await rowOf(phoneUrl))!;
    expect(row).toMatchObject({ status: 'ready', width: 240, height: 320 });
    expect(row.sizeBytes).not.toBe(phone.length);
    const head = await officer.request('HEAD', phoneUrl, undefined, TUS);
    expect([head.headers['upload-offset'], head.headers['upload-length']]).toEqual([String(row.sizeBytes), String(row.sizeBytes)]);
  });

  it('refuses an upload over the resumable limit (413) and bytes past the declared length', async () => {
    const tooBig = await create(officer, MAX_RESUMABLE + 1);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().field).toBe('headers:/upload-length');
    const file = fakeMp4(1000);
    const url = (await create(officer, file.length)).headers.location as string;
    const over = await patch(officer, url, 0, Buffer.concat([file, Buffer.alloc(10)]));
    expect(over.statusCode).toBe(413);
    expect(over.json().code).toBe('UPLOAD_BEYOND_LENGTH');
    expect(Number((await head(officer, url)).headers['upload-offset'])).toBe(0);
  });

  it('keeps an upload to its uploader and terminates it on DELETE', async () => {
    const file = fakeMp4(512 * 1024);
    const url = (await create(officer, file.length)).headers.location as string;
    await patch(officer, url, 0, file.subarray(0, 100_000));
    expect((await head(colleague, url)).statusCode).toBe(404);
    expect((await patch(colleague, url, 100_000, file.subarray(100_000))).statusCode).toBe(404);
    expect((await colleague.request('DELETE', url, undefined, TUS)).statusCode).toBe(404);

    const id = url.split('/').pop()!;
    expect((await officer.request('DELETE', `/api/v1/media/${id}`)).statusCode).toBe(409);
    const terminated = await officer.request('DELETE', url, undefined, TUS);
    expect(terminated.statusCode).toBe(204);
    expect(await rowOf(url)).toBeUndefined();
    expect(filesUnder(t.deps.config.mediaDir).some((f) => f.endsWith(id))).toBe(false);
    expect((await head(officer, url)).statusCode).toBe(404);
  });

  it('tells each unfinished upload its expiry, and removes one silent past it (row, bytes, audit) but not a live or finished one', async () => {
    const file = fakeMp4(200_000);
    const created = await create(officer, file.length);
    const url = created.headers.location as string;
    const hours = t.deps.config.uploadExpiryHours;
    const inHours = (header: unknown) => (new Date(String(header)).getTime() - Date.now()) / 3600_000;
    expect(inHours(created.headers['upload-expires'])).toBeCloseTo(hours, 0);
    const partial = await patch(officer, url, 0, file.subarray(0, 50_000));
    expect(inHours(partial.headers['upload-expires'])).toBeCloseTo(hours, 0);
    expect(inHours((await head(officer, url)).headers['upload-expires'])).toBeCloseTo(hours, 0);

    const live = (await create(officer, file.length)).headers.location as string;
    await patch(officer, live, 0, file.subarray(0, 10));
    const done = (await create(officer, file.length)).headers.location as string;
    const finished = await patch(officer, done, 0, file);
    expect(finished.headers['upload-expires']).toBeUndefined();

    // The first upload goes silent past its expiry; so, in appearance, does the finished one.
    const longAgo = new Date(Date.now() - (hours + 1) * 3600_000);
    for (const u of [url, done]) await t.db.update(media).set({ lastActivityAt: longAgo }).where(eq(media.id, u.split('/').pop()!));
    expect(await expireAbandonedUploads(t.deps, systemActor, new Date(), hours)).toBe(1);

    const id = url.split('/').pop()!;
    expect(await rowOf(url)).toBeUndefined();
    expect(filesUnder(t.deps.config.mediaDir).some((f) => f.endsWith(id))).toBe(false);
    expect((await head(officer, url)).statusCode).toBe(404);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: 'media.upload_expired', actorKind: 'system', unitId: unit, data: { receivedBytes: 50_000, sizeBytes: file.length } });
    expect((await rowOf(live))?.status).toBe('uploading');
    expect((await rowOf(done))?.status).toBe('ready');
  });

  it('names the metadata field that is missing', async () => {
    const res = await officer.request('POST', '/api/v1/uploads', undefined, { ...TUS, 'upload-length': '100', 'upload-metadata': `filename ${b64('a.mp4')}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().field).toBe('headers:/upload-metadata/unitId');
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
