import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deliveries } from '../../../db/schema/index.ts';
import { createContentWorld, itemBody, type ContentWorld } from '../content/test-fixtures.ts';
import { jpeg } from '../media/test-files.ts';

const day = 24 * 3600_000;

/** What the consents and media library screens ask before acting: impact, usage, search, alt text. */
describe('consent withdrawal impact and media usage', () => {
  let w: ContentWorld;
  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  const upload = async (filename: string) => {
    const res = await w.author.request('POST', `/api/v1/media?unitId=${w.unit.province}&filename=${encodeURIComponent(filename)}`, await jpeg(64, 48), {
      'content-type': 'image/jpeg',
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const consent = async (personName: string, documentMediaId: string | null = null) => {
    const res = await w.author.request('POST', '/api/v1/consents', {
      unitId: w.unit.province,
      personName,
      scope: 'Ảnh và câu chuyện',
      platforms: [],
      grantedAt: new Date(Date.now() - day).toISOString(),
      documentMediaId,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('tells how many deliveries withdrawing will cancel and take down, and withdrawing then does exactly that', async () => {
    const form = await upload('ban-dong-y-ky.jpg');
    const consentId = await consent('Trần Thị Lành', form);
    const photo = await upload('chan-dung.jpg');
    const created = await w.author.request(
      'POST',
      '/api/v1/content',
      itemBody(w.unit.province, [w.channel.provincePage, w.channel.provinceSite, w.channel.groupA], {
        theme: 'testimony',
        consentIds: [consentId],
        mediaIds: [photo],
      }),
    );
    const id = created.json().item.id as string;
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, {})).statusCode).toBe(200);
    // One delivery already went out: it needs a takedown, not a cancel.
    const [first] = await w.t.db.select().from(deliveries).where(eq(deliveries.channelId, w.channel.provinceSite));
    await w.t.db.update(deliveries).set({ state: 'published' }).where(eq(deliveries.id, first!.id));

    const impact = await w.author.request('GET', `/api/v1/consents/${consentId}/withdrawal-impact`);
    expect(impact.statusCode).toBe(200);
    expect(impact.json()).toEqual({ revisions: 1, toCancel: 2, toTakeDown: 1 });
    const withdrawn = await w.author.request('POST', `/api/v1/consents/${consentId}/withdraw`, { reason: 'Không muốn công khai nữa' });
    expect(withdrawn.json()).toMatchObject({ cancelledDeliveries: 2, startedDeliveries: 1 });
    expect((await w.author.request('GET', `/api/v1/consents/${consentId}/withdrawal-impact`)).json()).toEqual({ revisions: 1, toCancel: 0, toTakeDown: 1 });
    expect((await w.officerB.request('GET', `/api/v1/consents/${consentId}/withdrawal-impact`)).statusCode).toBe(404);

    const usage = await w.author.request('GET', `/api/v1/media/${photo}/usage`);
    expect(usage.statusCode).toBe(200);
    expect(usage.json()).toMatchObject({
      items: [{ itemId: id, revisions: [{ number: 1, state: 'approved' }] }],
      coveredBy: [{ id: consentId, personName: 'Trần Thị Lành', withdrawnAt: expect.any(String) }],
      documentOf: [],
    });
    expect((await w.author.request('GET', `/api/v1/media/${form}/usage`)).json()).toEqual({
      items: [],
      coveredBy: [],
      documentOf: [{ id: consentId, personName: 'Trần Thị Lành' }],
    });
  });

  it('finds consents by name and media by name or alt text without accents; alt text is edited by uploaders, audited', async () => {
    await consent('Lê Văn Phước');
    const found = await w.author.request('GET', '/api/v1/consents?q=van%20phuoc');
    expect(found.json().items.map((c: { personName: string }) => c.personName)).toEqual(['Lê Văn Phước']);

    const photo = await upload('hop-dan-phuoc-loc.jpg');
    const patched = await w.author.request('PATCH', `/api/v1/media/${photo}`, { altText: '  Buổi họp dân ở thôn Tân Lập  ' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().altText).toBe('Buổi họp dân ở thôn Tân Lập');
    const byAlt = await w.author.request('GET', '/api/v1/media?q=TAN%20LAP');
    expect(byAlt.json().items.map((m: { id: string }) => m.id)).toEqual([photo]);
    const byName = await w.author.request('GET', '/api/v1/media?q=phuoc-loc');
    expect(byName.json().items.map((m: { id: string }) => m.id)).toEqual([photo]);
    // An approver reads the library but does not upload: the alt text is not theirs to change.
    expect((await w.approver.request('PATCH', `/api/v1/media/${photo}`, { altText: 'x' })).statusCode).toBe(403);
    const audits = await w.t.db.select().from(auditLog).where(eq(auditLog.entityId, photo));
    expect(audits.map((a) => a.action)).toEqual(['media.upload', 'media.alt_text']);
  });
});
