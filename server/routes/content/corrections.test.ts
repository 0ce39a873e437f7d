import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryCorrections } from '../../../db/schema/index.ts';
import { createContentWorld, itemBody, type ContentWorld } from './test-fixtures.ts';

describe('corrections before approval (#11 finding 4)', () => {
  let w: ContentWorld;
  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  it('the preview says per channel what approving a newer revision does where the item is already published; the approval edits instead of posting again', async () => {
    const { author, approver } = w;
    const created = await author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage, w.channel.groupA]));
    const id = created.json().item.id as string;
    await author.request('POST', `/api/v1/content/${id}/submit`);
    expect((await approver.request('POST', `/api/v1/content/${id}/approve`, {})).json()).toMatchObject({ deliveries: 2, corrections: 0 });
    // The Facebook post went out; the commune group's has not yet.
    const [page] = await w.t.db.select().from(deliveries).where(eq(deliveries.channelId, w.channel.provincePage));
    await w.t.db.update(deliveries).set({ state: 'published', externalId: '900_1', externalUrl: 'https://www.facebook.com/900_1', publishedAt: new Date() }).where(eq(deliveries.id, page!.id));

    expect((await author.request('PATCH', `/api/v1/content/${id}`, { body: 'Mức vay tối đa 100 triệu đồng (đính chính).' })).statusCode).toBe(200);
    await author.request('POST', `/api/v1/content/${id}/submit`);
    const preview = await approver.request('GET', `/api/v1/content/${id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().corrections).toEqual([
      {
        channelId: w.channel.provincePage,
        channelName: expect.any(String),
        platform: 'facebook_page',
        deliveryId: page!.id,
        externalUrl: 'https://www.facebook.com/900_1',
        publishedRevision: 1,
        waitsFor: null,
        mode: 'update_in_place',
        note: { vi: expect.stringMatching(/liên kết, ảnh và tệp video không sửa được/), en: expect.stringMatching(/cannot be edited/) },
      },
    ]);

    const approved = await approver.request('POST', `/api/v1/content/${id}/approve`, {});
    expect(approved.json()).toMatchObject({ deliveries: 1, corrections: 1, superseded: [1] });
    const onPage = await w.t.db.select().from(deliveries).where(eq(deliveries.channelId, w.channel.provincePage));
    expect(onPage.map((d) => d.id)).toEqual([page!.id]);
    const [correction] = await w.t.db.select().from(deliveryCorrections).where(eq(deliveryCorrections.deliveryId, page!.id));
    expect(correction).toMatchObject({ state: 'pending', revisionId: approved.json().revision.id });
  });

  it('a publish still in flight is neither cancelled nor posted beside: the preview says the correction waits for it, the approval opens it held', async () => {
    const { author, approver } = w;
    const created = await author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage]));
    const id = created.json().item.id as string;
    await author.request('POST', `/api/v1/content/${id}/submit`);
    await approver.request('POST', `/api/v1/content/${id}/approve`, {});
    const [page] = await w.t.db.select().from(deliveries).where(eq(deliveries.channelId, w.channel.provincePage)).orderBy(desc(deliveries.createdAt)).limit(1);
    // The call may have reached Facebook: nobody knows yet.
    await w.t.db.update(deliveries).set({ state: 'unconfirmed', attemptCount: 1 }).where(eq(deliveries.id, page!.id));

    await author.request('PATCH', `/api/v1/content/${id}`, { body: 'Mức vay tối đa 100 triệu đồng (bản sửa).' });
    await author.request('POST', `/api/v1/content/${id}/submit`);
    const preview = await approver.request('GET', `/api/v1/content/${id}/preview`);
    expect(preview.json().corrections).toEqual([
      expect.objectContaining({ deliveryId: page!.id, externalUrl: null, waitsFor: 'unconfirmed', mode: 'update_in_place', note: { vi: expect.stringMatching(/Không có bài thứ hai/), en: expect.stringMatching(/Never a second post/) } }),
    ]);
    expect((await approver.request('POST', `/api/v1/content/${id}/approve`, {})).json()).toMatchObject({ deliveries: 0, corrections: 1 });
    expect((await deliveryById(page!.id)).state).toBe('unconfirmed');
    const [held] = await w.t.db.select().from(deliveryCorrections).where(eq(deliveryCorrections.deliveryId, page!.id));
    expect(held).toMatchObject({ state: 'held', lastErrorMessage: expect.stringMatching(/Chờ kết quả đăng bản cũ \(đang chưa xác nhận\)/) });
  });

  it('a failed correction offers "Thử lại sửa bài" to those who manage deliveries; the retry opens it again once', async () => {
    const { author, approver } = w;
    const created = await author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage]));
    const id = created.json().item.id as string;
    await author.request('POST', `/api/v1/content/${id}/submit`);
    const first = (await approver.request('POST', `/api/v1/content/${id}/approve`, {})).json();
    const [page] = await w.t.db.select().from(deliveries).where(eq(deliveries.revisionId, first.revision.id));
    await w.t.db.update(deliveries).set({ state: 'published', externalId: '900_7', publishedAt: new Date(), lastErrorCode: 'CORRECTION_FB_100', lastErrorMessage: 'Chưa sửa được bài đã đăng theo bản mới' }).where(eq(deliveries.id, page!.id));
    const [c] = await w.t.db.insert(deliveryCorrections).values({ deliveryId: page!.id, revisionId: first.revision.id, state: 'failed', attemptCount: 3, lastErrorCode: 'FB_100', lastErrorMessage: 'Chưa sửa được bài đã đăng theo bản mới' }).returning();

    const board = await approver.request('GET', `/api/v1/deliveries/${page!.id}`);
    expect(board.json()).toMatchObject({ correction: { state: 'failed' }, can: { retryCorrection: { allowed: true } } });
    expect((await w.officerA.request('POST', `/api/v1/deliveries/${page!.id}/retry-correction`)).statusCode).toBe(403);

    const retried = await approver.request('POST', `/api/v1/deliveries/${page!.id}/retry-correction`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ lastError: null, correction: { state: 'held' }, can: { retryCorrection: { allowed: false } } });
    const [after] = await w.t.db.select().from(deliveryCorrections).where(eq(deliveryCorrections.id, c!.id));
    expect(after).toMatchObject({ state: 'held', attemptCount: 0, lastErrorCode: null });
    const again = await approver.request('POST', `/api/v1/deliveries/${page!.id}/retry-correction`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CORRECTION_STATE_CONFLICT' });
  });

  const deliveryById = async (deliveryId: string) => (await w.t.db.select().from(deliveries).where(eq(deliveries.id, deliveryId)))[0]!;
});
