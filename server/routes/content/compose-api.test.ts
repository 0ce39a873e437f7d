import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contentItems, deliveries, revisions } from '../../../db/schema/index.ts';
import { createContentWorld, itemBody, type ContentWorld } from './test-fixtures.ts';

const day = 24 * 3600_000;

/** The APIs the composer, the approval inbox and the items list rely on. */
describe('composer, inbox and items APIs', () => {
  let w: ContentWorld;
  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  const create = async (extra: Record<string, unknown> = {}, channels = [w.channel.provincePage, w.channel.groupA]) => {
    const res = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, channels, extra));
    expect(res.statusCode).toBe(201);
    return res.json().item.id as string;
  };

  it('previews unsaved fields per channel with every problem submit would raise, saving nothing', async () => {
    const itemsBefore = (await w.t.db.select().from(contentItems)).length;
    const auditsBefore = (await w.t.db.select().from(auditLog)).length;
    const res = await w.author.request('POST', '/api/v1/content/preview', {
      unitId: w.unit.province,
      title: 'Tự bạch: con đường trở về',
      body: 'Câu chuyện tái hoà nhập. '.repeat(200),
      theme: 'testimony',
      hashtags: ['TaiHoaNhap'],
      overrides: { facebook_page: { body: 'Bản ngắn cho Facebook' } },
      targets: [{ channelId: w.channel.provincePage }, { channelId: w.channel.groupA }, { channelId: w.channel.provinceSite }],
    });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.slug).toBe('tu-bach-con-duong-tro-ve');
    const byPlatform = Object.fromEntries(p.renderings.map((r: { platform: string }) => [r.platform, r]));
    expect(Object.keys(byPlatform).sort()).toEqual(['facebook_page', 'site', 'zalo_group_manual']);
    expect(byPlatform.facebook_page.text).toContain('Bản ngắn cho Facebook');
    expect(byPlatform.zalo_group_manual.text).toContain('#ConDuongHuongThien');
    expect(p.limits.zalo_group_manual).toEqual({ text: { max: 4000, unit: 'chars' } });
    // Submit's order: consent first, then the Zalo group's text too long, pointing at the body.
    expect(p.problems.map((x: { code: string; field: string }) => [x.code, x.field])).toEqual([
      ['CONSENT_REQUIRED', '/consentIds'],
      ['TEXT_TOO_LONG', '/body'],
    ]);
    expect(p.problems[1]).toMatchObject({ channelId: w.channel.groupA, messages: { vi: expect.stringContaining('Nhóm Zalo thôn 1 Phước Lộc') } });
    expect(p.og).toMatchObject({
      title: 'Tự bạch: con đường trở về',
      url: expect.stringMatching(/\/bai-viet\/tu-bach-con-duong-tro-ve$/),
      image: expect.stringMatching(/^\/api\/v1\/content\/og-card\?/),
    });
    const card = await w.author.request('GET', p.og.image);
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('image/png');
    expect(card.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await w.t.db.select().from(contentItems)).length).toBe(itemsBefore);
    expect((await w.t.db.select().from(auditLog)).length).toBe(auditsBefore);
  });

  it('previews an edit of a saved item as a PATCH would (absent fields kept), and an empty title as a problem, not an error', async () => {
    const id = await create();
    const edit = await w.author.request('POST', '/api/v1/content/preview', { itemId: id, body: 'Nội dung mới' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().problems).toEqual([]);
    expect(edit.json().targets.map((t: { channelId: string }) => t.channelId).sort()).toEqual([w.channel.provincePage, w.channel.groupA].sort());
    expect(edit.json().renderings[0].title).toBe(itemBody(w.unit.province, []).title);
    const untitled = await w.author.request('POST', '/api/v1/content/preview', { itemId: id, title: '' });
    expect(untitled.json()).toMatchObject({ renderings: [], og: null, problems: [{ code: 'TITLE_REQUIRED', field: '/title' }] });
    // Someone who may not write for the unit gets the same refusal as a save would.
    const outsider = await w.officerB.request('POST', '/api/v1/content/preview', { unitId: w.unit.province, title: 'x' });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().code).toBe('CONTENT_WRITE_FORBIDDEN');
  });

  it('says what each user may do with an item and why not, as the actions themselves answer', async () => {
    const id = await create();
    const draft = (await w.author.request('GET', `/api/v1/content/${id}`)).json();
    expect(draft.can.edit.allowed).toBe(true);
    expect(draft.can.submit.allowed).toBe(true);
    expect(draft.can.approve).toMatchObject({ allowed: false, code: 'REVISION_NOT_IN_REVIEW' });

    const empty = await create({}, []);
    const noTargets = (await w.author.request('GET', `/api/v1/content/${empty}`)).json();
    expect(noTargets.can.submit).toMatchObject({ allowed: false, code: 'TARGETS_REQUIRED', field: '/targets' });
    const refused = await w.author.request('POST', `/api/v1/content/${empty}/submit`);
    expect(refused.json()).toMatchObject({ code: noTargets.can.submit.code, field: noTargets.can.submit.field });

    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    // The author also holds the approver role: refused as approval would refuse them.
    const own = (await w.author.request('GET', `/api/v1/content/${id}`)).json();
    expect(own.can.approve).toMatchObject({ allowed: false, code: 'SELF_APPROVAL_FORBIDDEN', messages: { vi: expect.any(String), en: expect.any(String) } });
    expect(own.can.edit).toMatchObject({ allowed: false, code: 'REVISION_IN_REVIEW' });
    const selfApprove = await w.author.request('POST', `/api/v1/content/${id}/approve`, {});
    expect(selfApprove.json().code).toBe(own.can.approve.code);
    // A commune approver covers the commune's item but not its province channel.
    const communeItem = (await w.author.request('POST', '/api/v1/content', itemBody(w.unit.communeA, [w.channel.provincePage, w.channel.groupA]))).json().item.id;
    expect((await w.author.request('POST', `/api/v1/content/${communeItem}/submit`)).statusCode).toBe(200);
    const commune = (await w.approverA.request('GET', `/api/v1/content/${communeItem}`)).json();
    expect(commune.can.approve).toMatchObject({ allowed: false, code: 'APPROVER_TARGET_NOT_COVERED', field: '/targets' });
    expect(commune.can.reject.code).toBe('APPROVER_TARGET_NOT_COVERED');
    const approver = (await w.approver.request('GET', `/api/v1/content/${id}`)).json();
    expect(approver.can).toMatchObject({ approve: { allowed: true }, reject: { allowed: true }, submit: { allowed: false, code: 'CONTENT_WRITE_FORBIDDEN' } });
  });

  it('lists items by title words without accents, by publish-time range, and the inbox of items an approver covers', async () => {
    const at = (d: number) => new Date(Date.UTC(2031, 0, d, 3)).toISOString();
    const a = await create({ title: 'Hội nghị tại xã Phước Lộc', publishAt: at(10) });
    const b = await create({ title: 'Phước Lộc ra mắt mô hình', publishAt: at(20) });
    await create({ title: 'Tin khác hẳn', publishAt: at(15) });
    const list = async (query: string, s = w.author) => {
      const res = await s.request('GET', `/api/v1/content?${query}`);
      expect(res.statusCode).toBe(200);
      return res.json().items as { id: string; publishAt: string | null; state: string }[];
    };
    expect((await list('q=phuoc%20loc')).map((i) => i.id).sort()).toEqual([a, b].sort());
    expect((await list('q=PHƯỚC LỘC RA')).map((i) => i.id)).toEqual([b]);
    expect((await list('q=100%25')).length).toBe(0);
    const ranged = await list(`from=${at(9)}&to=${at(16)}`);
    expect(ranged.map((i) => i.publishAt).sort()).toEqual([at(10), at(15)]);
    const backwards = await w.author.request('GET', `/api/v1/content?from=${at(16)}&to=${at(9)}`);
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json()).toMatchObject({ code: 'RANGE_INVALID', field: 'querystring:/to' });

    expect((await w.author.request('POST', `/api/v1/content/${b}/submit`)).statusCode).toBe(200);
    const inbox = await list('state=in_review&decidable=true', w.approver);
    expect(inbox.map((i) => i.id)).toContain(b);
    expect(await list('state=in_review&decidable=true', w.officerA)).toEqual([]);
    const communeInbox = (await w.approverA.request('GET', '/api/v1/content?state=in_review&decidable=true')).json().items as { id: string; unitId: string }[];
    expect(communeInbox.map((i) => i.id)).not.toContain(b);
    expect(communeInbox.every((i) => i.unitId === w.unit.communeA)).toBe(true);
  });

  it('the preview of a saved draft carries what submit would refuse; once approved it is frozen, without problems', async () => {
    // A target's own time after the revision's expiry: saved, but submit would refuse it.
    const item = await create({
      expiresAt: new Date(Date.now() + day).toISOString(),
      targets: [{ channelId: w.channel.provincePage, publishAt: new Date(Date.now() + 2 * day).toISOString() }],
    });
    const live = (await w.author.request('GET', `/api/v1/content/${item}/preview`)).json();
    expect(live.problems).toEqual([expect.objectContaining({ code: 'PUBLISH_AFTER_EXPIRY', field: '/expiresAt' })]);
    const ok = await create();
    await w.author.request('POST', `/api/v1/content/${ok}/submit`);
    expect((await w.approver.request('POST', `/api/v1/content/${ok}/approve`, {})).statusCode).toBe(200);
    const frozen = (await w.author.request('GET', `/api/v1/content/${ok}/preview`)).json();
    expect(frozen).toMatchObject({ live: false, problems: [], og: { title: itemBody(w.unit.province, []).title } });
    expect((await w.t.db.select().from(deliveries).where(eq(deliveries.itemId, ok))).length).toBe(2);
    expect((await w.t.db.select().from(revisions).where(eq(revisions.itemId, ok)))[0]!.state).toBe('approved');
  });
});
