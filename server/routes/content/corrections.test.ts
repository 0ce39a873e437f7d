import { eq } from 'drizzle-orm';
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
});
