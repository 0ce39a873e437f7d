import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireApprovals } from '../../../core/content/expire.ts';
import { auditLog, contentItems, deliveries, revisions } from '../../../db/schema/index.ts';
import { createContentWorld, itemBody, type ContentWorld } from './test-fixtures.ts';

const day = 24 * 3600_000;

describe('consents, supersession and expiry over HTTP', () => {
  let w: ContentWorld;
  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  async function recordConsent(extra: Record<string, unknown> = {}) {
    const res = await w.author.request('POST', '/api/v1/consents', {
      unitId: w.unit.province,
      personName: 'Nguyễn Văn Hoàn',
      scope: 'Ảnh, tên và câu chuyện trên các kênh của chiến dịch',
      platforms: [],
      grantedAt: new Date(Date.now() - day).toISOString(),
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  async function testimony(channelIds: string[], consentIds: string[]) {
    const res = await w.author.request(
      'POST',
      '/api/v1/content',
      itemBody(w.unit.province, channelIds, { theme: 'testimony', title: 'Tự bạch: con đường trở về', consentIds }),
    );
    expect(res.statusCode).toBe(201);
    return res.json().item.id as string;
  }

  const deliveriesOf = (itemId: string) => w.t.db.select().from(deliveries).where(eq(deliveries.itemId, itemId));

  it('refuses a testimony without consent, approves it with a valid one, and withdrawing the consent cancels its unstarted deliveries', async () => {
    const bare = await testimony([w.channel.provincePage], []);
    const refused = await w.author.request('POST', `/api/v1/content/${bare}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'CONSENT_REQUIRED', field: '/consentIds' });

    const consentId = await recordConsent();
    const id = await testimony([w.channel.provincePage, w.channel.provinceSite], [consentId]);
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    const approved = await w.approver.request('POST', `/api/v1/content/${id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json().revision.consentIds).toEqual([consentId]);
    expect(await deliveriesOf(id)).toHaveLength(2);

    const detail = await w.author.request('GET', `/api/v1/consents/${consentId}`);
    expect(detail.json().usedBy).toEqual([expect.objectContaining({ itemId: id, revision: 1, state: 'approved' })]);

    const withdrawn = await w.author.request('POST', `/api/v1/consents/${consentId}/withdraw`, { reason: 'Gia đình không muốn công khai' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ cancelledDeliveries: 2, startedDeliveries: 0, consent: { withdrawReason: 'Gia đình không muốn công khai' } });
    const after = await deliveriesOf(id);
    expect(after.map((d) => [d.state, d.lastErrorCode])).toEqual([
      ['cancelled', 'CONSENT_WITHDRAWN'],
      ['cancelled', 'CONSENT_WITHDRAWN'],
    ]);
    expect(after[0]!.holdReason).toContain('rút lại sự đồng ý');
    const audited = await w.t.db.select().from(auditLog).where(and(eq(auditLog.action, 'consent.withdraw'), eq(auditLog.entityId, consentId)));
    expect(audited).toHaveLength(1);
    const again = await w.author.request('POST', `/api/v1/consents/${consentId}/withdraw`, { reason: 'Lần hai' });
    expect(again.statusCode).toBe(409);
  });

  it('re-checks consents at approval: one withdrawn after submit blocks the approval', async () => {
    const consentId = await recordConsent();
    const id = await testimony([w.channel.provincePage], [consentId]);
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    await w.author.request('POST', `/api/v1/consents/${consentId}/withdraw`, { reason: 'Đổi ý' });
    const res = await w.approver.request('POST', `/api/v1/content/${id}/approve`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'CONSENT_WITHDRAWN',
      field: '/consentIds',
      detail: 'Nguyễn Văn Hoàn đã rút lại sự đồng ý',
      messages: { en: 'Nguyễn Văn Hoàn withdrew their consent' },
    });
    expect(await deliveriesOf(id)).toHaveLength(0);
  });

  it('refuses a consent that does not cover a target platform or expires before the publish time', async () => {
    const fbOnly = await recordConsent({ platforms: ['facebook_page'] });
    const id = await testimony([w.channel.provincePage, w.channel.groupA], [fbOnly]);
    const res = await w.author.request('POST', `/api/v1/content/${id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'CONSENT_PLATFORM_NOT_COVERED', field: '/consentIds' });
    expect(res.json().detail).toContain('zalo_group_manual');

    const shortLived = await recordConsent({ expiresAt: new Date(Date.now() + 2 * day).toISOString() });
    const later = await testimony([w.channel.provincePage], [shortLived]);
    await w.author.request('PATCH', `/api/v1/content/${later}`, { publishAt: new Date(Date.now() + 5 * day).toISOString() });
    const tooLate = await w.author.request('POST', `/api/v1/content/${later}/submit`);
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.json().code).toBe('CONSENT_EXPIRES_BEFORE_PUBLISH');
  });

  it('lists consents by status, only to those who may read their unit', async () => {
    const withdrawn = await w.author.request('GET', '/api/v1/consents?status=withdrawn&limit=200');
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().items.length).toBeGreaterThan(0);
    expect(withdrawn.json().items.every((c: { withdrawnAt: string | null }) => c.withdrawnAt !== null)).toBe(true);
    const valid = await w.author.request('GET', '/api/v1/consents?status=valid&limit=1');
    expect(valid.json().items).toHaveLength(1);
    expect(valid.json().items[0].withdrawnAt).toBeNull();
    expect(valid.json().nextCursor).toEqual(expect.any(String));
    expect((await w.officerB.request('GET', '/api/v1/consents')).json().items).toEqual([]);
    const someId = withdrawn.json().items[0].id as string;
    expect((await w.officerB.request('GET', `/api/v1/consents/${someId}`)).statusCode).toBe(404);
  });

  it('a newer approval supersedes the older one and cancels its unstarted deliveries', async () => {
    const later = new Date(Date.now() + 3 * day).toISOString();
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage, w.channel.provinceSite], { publishAt: later }));
    const id = created.json().item.id as string;
    await w.author.request('POST', `/api/v1/content/${id}/submit`);
    expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, {})).statusCode).toBe(200);
    const first = await deliveriesOf(id);
    expect(first).toHaveLength(2);

    const edited = await w.author.request('PATCH', `/api/v1/content/${id}`, { title: 'Chính sách vay vốn: cập nhật 2026' });
    expect(edited.json().item).toMatchObject({ revision: 2, state: 'draft', approvedRevision: 1 });
    await w.author.request('POST', `/api/v1/content/${id}/submit`);
    const second = await w.approver.request('POST', `/api/v1/content/${id}/approve`, { revision: 2 });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ superseded: [1], deliveries: 2 });

    const all = await deliveriesOf(id);
    const old = all.filter((d) => first.some((f) => f.id === d.id));
    expect(old.map((d) => [d.state, d.lastErrorCode])).toEqual([
      ['cancelled', 'SUPERSEDED'],
      ['cancelled', 'SUPERSEDED'],
    ]);
    expect(all.filter((d) => d.state === 'scheduled')).toHaveLength(2);
    const revs = await w.t.db.select().from(revisions).where(eq(revisions.itemId, id)).orderBy(revisions.number);
    expect(revs.map((r) => r.state)).toEqual(['superseded', 'approved']);
    const [item] = await w.t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(item!.approvedRevisionId).toBe(revs[1]!.id);
    const preview1 = await w.author.request('GET', `/api/v1/content/${id}/preview?revision=1`);
    expect(preview1.json()).toMatchObject({ live: false, state: 'superseded' });
    expect(preview1.json().renderings[0].title).toBe('Chính sách vay vốn ưu đãi cho người chấp hành xong án phạt tù');
  });

  it('expires approvals whose time has passed and cancels what has not started', async () => {
    const expiresAt = new Date(Date.now() + 2 * day);
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage], {
      publishAt: new Date(Date.now() + day).toISOString(),
      expiresAt: expiresAt.toISOString(),
    }));
    const id = created.json().item.id as string;
    await w.author.request('POST', `/api/v1/content/${id}/submit`);
    expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, {})).statusCode).toBe(200);

    expect(await w.t.db.transaction((tx) => expireApprovals(tx, new Date(expiresAt.getTime() - 1000)))).toBe(0);
    expect(await w.t.db.transaction((tx) => expireApprovals(tx, expiresAt))).toBe(1);
    const [d] = await deliveriesOf(id);
    expect([d!.state, d!.lastErrorCode]).toEqual(['cancelled', 'EXPIRED']);
    const detail = await w.author.request('GET', `/api/v1/content/${id}`);
    expect(detail.json().item).toMatchObject({ state: 'expired', approvedRevision: null });
    expect(await w.t.db.transaction((tx) => expireApprovals(tx, new Date(expiresAt.getTime() + day)))).toBe(0);
  });
});
