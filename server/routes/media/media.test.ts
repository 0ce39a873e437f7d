import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contentItems, media, revisions } from '../../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type Session, type TestApp } from '../../../test/app.ts';
import sharp from 'sharp';
import { fakeExe, fakeMp4, filesUnder, jpeg, phonePhoto, pixelBombPng } from './test-files.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MAX_UPLOAD = 2 * 1024 * 1024;

describe('media library over HTTP', () => {
  let t: TestApp;
  let province: string;
  let commune: string;
  let otherCommune: string;
  let editor: Session;
  let communeOfficer: Session;
  let viewer: Session;
  let communeViewer: Session;
  let editorId: string;

  const upload = (s: Session, unitId: string, filename: string, body: Buffer | Readable, contentType = 'image/jpeg') =>
    s.request('POST', `/api/v1/media?unitId=${unitId}&filename=${encodeURIComponent(filename)}`, body, { 'content-type': contentType });
  const mediaFiles = () => filesUnder(t.deps.config.mediaDir);

  beforeAll(async () => {
    t = await createTestApp({ env: { LOA_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
    province = await createUnit(t.db, 'Công an tỉnh Sơn La');
    commune = await createUnit(t.db, 'Công an xã Chiềng Cơi', province);
    otherCommune = await createUnit(t.db, 'Công an xã Hua La', province);
    editorId = await createUser(t.db, 'bientap@ca.vn', [{ role: 'editor', unitId: province }]);
    await createUser(t.db, 'cskv@ca.vn', [{ role: 'commune_officer', unitId: commune }]);
    await createUser(t.db, 'lanhdao@ca.vn', [{ role: 'viewer', unitId: otherCommune }]);
    await createUser(t.db, 'xem@ca.vn', [{ role: 'viewer', unitId: commune }]);
    editor = await login(t.app, 'bientap@ca.vn');
    communeOfficer = await login(t.app, 'cskv@ca.vn');
    viewer = await login(t.app, 'lanhdao@ca.vn');
    communeViewer = await login(t.app, 'xem@ca.vn');
  });
  afterAll(() => t.close());

  it('stores a real JPEG with its size, pixel dimensions, sha256, NFC name and an audit row', async () => {
    const file = await jpeg(640, 480);
    const decomposed = 'Ảnh tuyên truyền.jpg'.normalize('NFD');
    const res = await upload(editor, commune, decomposed, file, 'application/octet-stream');
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 640, height: 480, sizeBytes: file.length, sha256: sha256(file), status: 'ready' });
    expect(view.originalName).toBe('Ảnh tuyên truyền.jpg'.normalize('NFC'));
    const [row] = await t.db.select().from(media).where(eq(media.id, view.id));
    expect(row).toMatchObject({ width: 640, height: 480, sha256: sha256(file), uploadedBy: editorId, unitId: commune });
    expect(mediaFiles()).toContain(row!.storageKey);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, view.id));
    expect(audits.map((a) => a.action)).toEqual(['media.upload']);
  });

  it('publishes no location or camera data: a phone photo is stored upright without EXIF, its size and hash those of what is served', async () => {
    const photo = await phonePhoto(400, 300);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload(editor, commune, 'ảnh-điện-thoại.jpg', photo);
    expect(res.statusCode).toBe(201);
    const view = res.json();
    // Orientation 6 is applied: the stored pixels are the upright 300 × 400.
    expect(view).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 300, height: 400, status: 'ready' });
    const served = await editor.request('GET', `/api/v1/media/${view.id}/content`);
    expect(served.statusCode).toBe(200);
    const bytes = served.rawPayload;
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual(['jpeg', 300, 400, undefined, undefined, undefined, undefined]);
    expect(bytes.includes(Buffer.from('Galaxy A15'))).toBe(false);
    expect(view).toMatchObject({ sizeBytes: bytes.length, sha256: sha256(bytes) });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, view.id));
    expect(audit!.data).toMatchObject({ metadataRemoved: true, receivedBytes: photo.length, sizeBytes: bytes.length });

    // A photo without such data is kept byte for byte.
    const plain = await jpeg(64, 48);
    expect((await upload(editor, commune, 'sach.jpg', plain)).json()).toMatchObject({ sizeBytes: plain.length, sha256: sha256(plain) });
  });

  it('refuses an executable renamed to .jpg: 415 naming the field, no row, no file', async () => {
    const before = (await t.db.select().from(media)).length;
    const files = mediaFiles();
    const res = await upload(editor, commune, 'anh-dep.jpg', fakeExe());
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', field: '/file' });
    expect(res.json().messages.vi).toContain('MZ');
    expect((await t.db.select().from(media)).length).toBe(before);
    expect(mediaFiles()).toEqual(files);
  });

  it('refuses a pixel bomb before decoding it: 422, no row, no file', async () => {
    const before = (await t.db.select().from(media)).length;
    const files = mediaFiles();
    const res = await upload(editor, commune, 'bom.png', pixelBombPng(), 'image/png');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMAGE_TOO_MANY_PIXELS', field: '/file' });
    expect(res.json().messages.en).toContain('30000×30000');
    expect((await t.db.select().from(media)).length).toBe(before);
    expect(mediaFiles()).toEqual(files);
  });

  it('answers 413 for a body over the limit, announced or streamed, and leaves nothing behind', async () => {
    const before = (await t.db.select().from(media)).length;
    const files = mediaFiles();
    const big = fakeMp4(MAX_UPLOAD + 1);
    const announced = await upload(editor, commune, 'video.mp4', big, 'video/mp4');
    expect(announced.statusCode).toBe(413);
    expect(announced.json()).toMatchObject({ code: 'FILE_TOO_LARGE', field: '/file' });
    // No Content-Length: the limit is enforced while streaming, after part of it was written.
    const chunks = Array.from({ length: 10 }, (_, i) => big.subarray((i * big.length) / 10, ((i + 1) * big.length) / 10));
    const streamed = await upload(editor, commune, 'video.mp4', Readable.from(chunks), 'video/mp4');
    expect(streamed.statusCode).toBe(413);
    expect((await t.db.select().from(media)).length).toBe(before);
    expect(mediaFiles()).toEqual(files);
  });

  it('refuses an empty body and an upload to a unit the user does not cover', async () => {
    const empty = await editor.request('POST', `/api/v1/media?unitId=${commune}&filename=x.jpg`);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().field).toBe('/file');
    const sideways = await upload(communeOfficer, otherCommune, 'a.jpg', await jpeg(10, 10));
    expect(sideways.statusCode).toBe(403);
    const viewerUpload = await upload(viewer, otherCommune, 'a.jpg', await jpeg(10, 10));
    expect(viewerUpload.statusCode).toBe(403);
    const nowhere = await upload(editor, '00000000-0000-4000-8000-000000000000', 'a.jpg', await jpeg(10, 10));
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().field).toBe('querystring:/unitId');
  });

  it('lists media of readable units newest first, paginated with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(communeOfficer, commune, `xa-${i}.jpg`, await jpeg(20 + i, 20))).json().id);
    const other = (await upload(editor, otherCommune, 'hua-la.jpg', await jpeg(30, 30))).json().id as string;

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await communeOfficer.request('GET', `/api/v1/media?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.length).toBeLessThanOrEqual(2);
      seen.push(...res.json().items.map((m: { id: string }) => m.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
    expect(seen).not.toContain(other);
    expect(new Set(seen).size).toBe(seen.length);

    const provinceWide = await editor.request('GET', `/api/v1/media?limit=200`);
    expect(provinceWide.json().items.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([...ids, other]));
    const viewerList = await viewer.request('GET', '/api/v1/media');
    expect(viewerList.json().items.map((m: { id: string }) => m.id)).toEqual([other]);
    expect((await viewer.request('GET', `/api/v1/media?unitId=${commune}`)).statusCode).toBe(403);
    expect((await viewer.request('GET', `/api/v1/media/${ids[0]}`)).statusCode).toBe(403);
    expect((await editor.request('GET', '/api/v1/media?cursor=bm9wZQ')).statusCode).toBe(400);
  });

  it('streams content with HTTP Range (206), whole files with 200, and 416 past the end', async () => {
    const file = fakeMp4(300_000);
    const id = (await upload(editor, commune, 'clip.mp4', file, 'video/mp4')).json().id as string;
    const whole = await communeViewer.request('GET', `/api/v1/media/${id}/content`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(file)).toBe(true);

    const part = await editor.request('GET', `/api/v1/media/${id}/content`, undefined, { range: 'bytes=1000-1999' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${file.length}`);
    expect(part.rawPayload.equals(file.subarray(1000, 2000))).toBe(true);
    const tail = await editor.request('GET', `/api/v1/media/${id}/content`, undefined, { range: 'bytes=-500' });
    expect(tail.rawPayload.equals(file.subarray(file.length - 500))).toBe(true);
    const open = await editor.request('GET', `/api/v1/media/${id}/content`, undefined, { range: 'bytes=299990-' });
    expect(open.rawPayload.equals(file.subarray(299_990))).toBe(true);
    const past = await editor.request('GET', `/api/v1/media/${id}/content`, undefined, { range: `bytes=${file.length}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${file.length}`);
    expect((await viewer.request('GET', `/api/v1/media/${id}/content`)).statusCode).toBe(403);
  });

  it('deletes unused media (row, file, audit) but not media of a submitted revision (409)', async () => {
    const used = (await upload(editor, commune, 'dung.jpg', await jpeg(50, 50))).json();
    const unused = (await upload(editor, commune, 'bo.jpg', await jpeg(50, 50))).json();
    const [item] = await t.db.insert(contentItems).values({ unitId: commune, createdBy: editorId, slug: 'bai-co-anh' }).returning();
    await t.db.insert(revisions).values({ itemId: item!.id, number: 1, state: 'in_review', authorId: editorId, title: 'Bài', body: 'Nội dung', theme: 'guidance', mediaIds: [used.id] });

    const refused = await editor.request('DELETE', `/api/v1/media/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('MEDIA_IN_USE');
    expect(mediaFiles()).toContain(`objects/${used.id.slice(0, 2)}/${used.id}`);

    expect((await viewer.request('DELETE', `/api/v1/media/${unused.id}`)).statusCode).toBe(403);
    const [row] = await t.db.select().from(media).where(eq(media.id, unused.id));
    const deleted = await editor.request('DELETE', `/api/v1/media/${unused.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await t.db.select().from(media).where(eq(media.id, unused.id))).toEqual([]);
    expect(mediaFiles()).not.toContain(row!.storageKey);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, unused.id));
    expect(audits.map((a) => a.action)).toContain('media.deleted');
    expect((await editor.request('GET', `/api/v1/media/${unused.id}`)).statusCode).toBe(404);
  });
});
