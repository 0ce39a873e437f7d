import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelSetMembers, channelSets, deliveries, notifications } from '../../../db/schema/index.ts';
import { createContentWorld, itemBody, type ContentWorld } from './test-fixtures.ts';

describe('content workflow over HTTP', () => {
  let w: ContentWorld;
  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  it('draft → submit → reject → edit (revision 2) → submit → approve, audited, with deliveries and a frozen revision', async () => {
    const { author, approver } = w;
    const created = await author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage, w.channel.groupA]));
    expect(created.statusCode).toBe(201);
    const id = created.json().item.id as string;
    expect(created.json().item).toMatchObject({ revision: 1, state: 'draft', slug: 'chinh-sach-vay-von-uu-dai-cho-nguoi-chap-hanh-xong-an-phat-tu' });
    expect(created.json().targets).toHaveLength(2);

    const submitted = await author.request('POST', `/api/v1/content/${id}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().item.state).toBe('in_review');
    const waiting = await w.t.db.select().from(notifications).where(eq(notifications.kind, 'approval_waiting'));
    // The province approver can approve; the author (also an approver) and commune approvers cannot.
    expect(waiting.map((n) => n.userId)).toEqual([w.userId.approver]);

    const noComment = await approver.request('POST', `/api/v1/content/${id}/reject`, { comment: '   ' });
    expect(noComment.statusCode).toBe(422);
    expect(noComment.json().field).toBe('/comment');
    const rejected = await approver.request('POST', `/api/v1/content/${id}/reject`, { comment: 'Cần ghi rõ mức vay tối đa', revision: 1 });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().item.state).toBe('rejected');
    expect(rejected.json().approvals).toEqual([expect.objectContaining({ decision: 'rejected', comment: 'Cần ghi rõ mức vay tối đa', revision: 1 })]);

    const edited = await author.request('PATCH', `/api/v1/content/${id}`, { body: 'Mức vay tối đa 100 triệu đồng. Liên hệ Công an xã.' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().item).toMatchObject({ revision: 2, state: 'draft' });
    const [rev1, rev2] = edited.json().revisions;
    expect(rev1).toMatchObject({ number: 1, state: 'rejected', body: expect.stringContaining('học nghề') });
    expect(rev2).toMatchObject({ number: 2, state: 'draft', title: rev1.title, body: 'Mức vay tối đa 100 triệu đồng. Liên hệ Công an xã.' });
    expect(edited.json().targets).toHaveLength(2);

    expect((await author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    const approved = await approver.request('POST', `/api/v1/content/${id}/approve`, { comment: 'Đồng ý đăng' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ deliveries: 2, superseded: [], revision: { number: 2, state: 'approved' } });
    const again = await approver.request('POST', `/api/v1/content/${id}/approve`, { comment: 'Đồng ý đăng' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'REVISION_NOT_IN_REVIEW', detail: 'Không có phiên bản nào đang chờ duyệt (phiên bản mới nhất: đã duyệt)' });

    const made = await w.t.db.select().from(deliveries).where(eq(deliveries.itemId, id));
    expect(made.map((d) => d.channelId).sort()).toEqual([w.channel.provincePage, w.channel.groupA].sort());
    expect(made.every((d) => d.state === 'scheduled')).toBe(true);

    const actions = (await w.t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'content_item'), eq(auditLog.entityId, id))).orderBy(auditLog.id)).map(
      (r) => r.action,
    );
    expect(actions).toEqual(['content.create', 'content.submit', 'content.reject', 'content.revise', 'content.submit', 'content.approve']);

    const frozenPatch = await author.request('PATCH', `/api/v1/content/${id}/revisions/2`, { title: 'Đổi tiêu đề sau khi duyệt' });
    expect(frozenPatch.statusCode).toBe(409);
    expect(frozenPatch.json().code).toBe('REVISION_IMMUTABLE');
    // The state in words, as the app names it, not the stored "approved".
    expect(frozenPatch.json().detail).toBe('Phiên bản đã gửi duyệt không thể sửa (trạng thái: đã duyệt); hãy sửa bài để tạo phiên bản mới');
    const preview = await author.request('GET', `/api/v1/content/${id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ revision: 2, state: 'approved', live: false, templateVersion: expect.any(String) });
    const page = preview.json().renderings.find((r: { channelId: string }) => r.channelId === w.channel.provincePage);
    expect(page.platform).toBe('facebook_page');
    expect(page.text).toContain('Mức vay tối đa 100 triệu đồng');
    const rev2Read = await author.request('GET', `/api/v1/content/${id}/revisions/2`);
    expect(rev2Read.json().revision.title).toBe(rev1.title);
  });

  it('previews a draft live, per channel, and refuses a text too long for one of its channels naming the field', async () => {
    const long = 'Câu chuyện tái hoà nhập. '.repeat(200);
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage, w.channel.groupA], { body: long }));
    const id = created.json().item.id as string;
    const preview = await w.author.request('GET', `/api/v1/content/${id}/preview`);
    expect(preview.json()).toMatchObject({ revision: 1, state: 'draft', live: true });
    expect(preview.json().renderings).toHaveLength(2);
    const refused = await w.author.request('POST', `/api/v1/content/${id}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'TEXT_TOO_LONG', field: '/body' });
    expect(refused.json().detail).toContain('Nhóm Zalo thôn 1 Phước Lộc');
    // Shortening only the Zalo-group text through an override fixes it.
    const fixed = await w.author.request('PATCH', `/api/v1/content/${id}`, { overrides: { zalo_group_manual: { body: 'Bản ngắn cho nhóm Zalo.' } } });
    expect(fixed.statusCode).toBe(200);
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
  });

  it('expands channel sets into targets, remembering the set, with a channel named directly winning', async () => {
    const [set] = await w.t.db.insert(channelSets).values({ unitId: w.unit.province, name: 'Nhóm Zalo các xã' }).returning();
    await w.t.db.insert(channelSetMembers).values([w.channel.groupA, w.channel.groupB].map((channelId) => ({ setId: set!.id, channelId })));
    const at = '2026-12-24T01:00:00.000Z';
    const created = await w.author.request('POST', '/api/v1/content', {
      ...itemBody(w.unit.province, []),
      targets: [{ channelSetId: set!.id, publishAt: at }, { channelId: w.channel.groupB }],
    });
    expect(created.statusCode).toBe(201);
    const byChannel = Object.fromEntries(created.json().targets.map((t: { channelId: string }) => [t.channelId, t]));
    expect(Object.keys(byChannel).sort()).toEqual([w.channel.groupA, w.channel.groupB].sort());
    expect(byChannel[w.channel.groupA]).toMatchObject({ viaSetId: set!.id, publishAt: at });
    expect(byChannel[w.channel.groupB]).toMatchObject({ viaSetId: null, publishAt: null });
    // A commune officer may not use a set reaching another commune's group.
    const officer = await w.officerA.request('POST', '/api/v1/content', { ...itemBody(w.unit.communeA, []), targets: [{ channelSetId: set!.id }] });
    expect(officer.statusCode).toBe(403);
    expect(officer.json()).toMatchObject({ code: 'TARGET_CHANNEL_FORBIDDEN', field: '/targets/0/channelSetId' });
  });

  it('refuses submitting with no target, and editing while in review', async () => {
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, []));
    const id = created.json().item.id as string;
    const none = await w.author.request('POST', `/api/v1/content/${id}/submit`);
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'TARGETS_REQUIRED', field: '/targets' });
    await w.author.request('PATCH', `/api/v1/content/${id}`, { targets: [{ channelId: w.channel.provinceSite }] });
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    const inReview = await w.author.request('PATCH', `/api/v1/content/${id}`, { title: 'Sửa khi đang duyệt' });
    expect(inReview.statusCode).toBe(409);
    expect(inReview.json().code).toBe('REVISION_IN_REVIEW');
  });

  describe('who may approve', () => {
    async function inReview(unitId: string, channelIds: string[]) {
      const created = await w.author.request('POST', '/api/v1/content', itemBody(unitId, channelIds));
      expect(created.statusCode).toBe(201);
      const id = created.json().item.id as string;
      expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
      return id;
    }
    const expect403 = async (res: Promise<{ statusCode: number; json(): { code: string }; headers: Record<string, unknown> }>, code: string) => {
      const r = await res;
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().code).toBe(code);
    };

    it('refuses the author approving their own revision, even holding the approver role', async () => {
      const id = await inReview(w.unit.province, [w.channel.provincePage]);
      await expect403(w.author.request('POST', `/api/v1/content/${id}/approve`, {}), 'SELF_APPROVAL_FORBIDDEN');
    });

    it('refuses an approver of a child unit and of a sibling unit', async () => {
      const provinceItem = await inReview(w.unit.province, [w.channel.provincePage]);
      await expect403(w.approverA.request('POST', `/api/v1/content/${provinceItem}/approve`, {}), 'APPROVER_UNIT_NOT_COVERED');
      const communeItem = await inReview(w.unit.communeA, [w.channel.groupA]);
      await expect403(w.approverB.request('POST', `/api/v1/content/${communeItem}/approve`, {}), 'APPROVER_UNIT_NOT_COVERED');
      await expect403(w.approverB.request('POST', `/api/v1/content/${communeItem}/reject`, { comment: 'Không' }), 'APPROVER_UNIT_NOT_COVERED');
      const ok = await w.approverA.request('POST', `/api/v1/content/${communeItem}/approve`, {});
      expect(ok.statusCode).toBe(200);
    });

    it('refuses an approver who covers the item but not one of its target channels', async () => {
      const id = await inReview(w.unit.communeA, [w.channel.groupA, w.channel.provincePage]);
      const r = await w.approverA.request('POST', `/api/v1/content/${id}/approve`, {});
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'APPROVER_TARGET_NOT_COVERED', field: '/targets' });
      expect(r.json().detail).toContain('Fanpage Con đường hướng thiện');
      expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, {})).statusCode).toBe(200);
    });

    it('refuses a commune officer editing another commune’s item, and targeting another commune’s channel', async () => {
      const created = await w.officerA.request('POST', '/api/v1/content', itemBody(w.unit.communeA, [w.channel.groupA]));
      expect(created.statusCode).toBe(201);
      const id = created.json().item.id as string;
      await expect403(w.officerB.request('PATCH', `/api/v1/content/${id}`, { title: 'Sửa bài của xã khác' }), 'CONTENT_WRITE_FORBIDDEN');
      await expect403(w.officerB.request('PATCH', `/api/v1/content/${id}/revisions/1`, { title: 'Sửa bài của xã khác' }), 'CONTENT_WRITE_FORBIDDEN');
      await expect403(w.officerB.request('POST', `/api/v1/content/${id}/submit`), 'CONTENT_WRITE_FORBIDDEN');
      const foreign = await w.officerA.request('PATCH', `/api/v1/content/${id}`, { targets: [{ channelId: w.channel.groupB }] });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json()).toMatchObject({ code: 'TARGET_CHANNEL_FORBIDDEN', field: '/targets/0/channelId' });
      // Officer B cannot even see it; officer A's own edit works.
      expect((await w.officerB.request('GET', `/api/v1/content/${id}`)).statusCode).toBe(404);
      expect((await w.officerA.request('PATCH', `/api/v1/content/${id}`, { title: 'Tiêu đề mới' })).statusCode).toBe(200);
    });
  });

  it('lists only what the caller may read, filtered and paginated', async () => {
    const all = await w.approver.request('GET', '/api/v1/content?limit=2');
    expect(all.statusCode).toBe(200);
    expect(all.json().items).toHaveLength(2);
    const next = await w.approver.request('GET', `/api/v1/content?limit=2&cursor=${all.json().nextCursor}`);
    const seen = [...all.json().items, ...next.json().items].map((i: { id: string }) => i.id);
    expect(new Set(seen).size).toBe(seen.length);
    const officerB = await w.officerB.request('GET', '/api/v1/content');
    expect(officerB.json().items).toEqual([]);
    const officerA = await w.officerA.request('GET', '/api/v1/content');
    expect(officerA.json().items.every((i: { unitId: string }) => i.unitId === w.unit.communeA)).toBe(true);
    expect(officerA.json().items.length).toBeGreaterThan(0);
    const approvedOnly = await w.approver.request('GET', '/api/v1/content?state=approved&limit=200');
    expect(approvedOnly.json().items.length).toBeGreaterThan(0);
    expect(approvedOnly.json().items.every((i: { state: string }) => i.state === 'approved')).toBe(true);
    const communeA = await w.approver.request('GET', `/api/v1/content?unitId=${w.unit.communeA}&limit=200`);
    expect(communeA.json().items.map((i: { unitId: string }) => i.unitId)).toEqual(expect.arrayContaining([w.unit.communeA]));
    expect(communeA.json().items.every((i: { unitId: string }) => i.unitId === w.unit.communeA)).toBe(true);
  });
});
