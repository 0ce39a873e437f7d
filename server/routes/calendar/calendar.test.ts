import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentWorld, itemBody, type ContentWorld } from '../content/test-fixtures.ts';

describe('calendar API', () => {
  let w: ContentWorld;
  let approvedId: string;
  let draftId: string;

  beforeAll(async () => {
    w = await createContentWorld();
    // 23:30 UTC on 14/1 is 06:30 on 15/1 in Vietnam.
    const approved = await w.author.request('POST', '/api/v1/content', {
      ...itemBody(w.unit.province, [w.channel.provincePage]),
      publishAt: '2027-01-14T23:30:00Z',
    });
    approvedId = approved.json().item.id;
    await w.author.request('POST', `/api/v1/content/${approvedId}/submit`);
    expect((await w.approver.request('POST', `/api/v1/content/${approvedId}/approve`, {})).statusCode).toBe(200);
    const draft = await w.author.request('POST', '/api/v1/content', {
      ...itemBody(w.unit.province, [w.channel.provincePage, w.channel.groupA], { theme: 'warning' }),
      publishAt: '2027-01-16T02:00:00Z',
    });
    draftId = draft.json().item.id;
  });
  afterAll(() => w.t.close());

  const calendar = async (query: string, session = w.approver) => {
    const res = await session.request('GET', `/api/v1/calendar?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as {
      deliveries: { itemId: string; dueAt: string; approvedDueAt: string; can: { reschedule: { allowed: boolean; mode: string } } }[];
      planned: { itemId: string; state: string; channel: { id: string }; publishAt: string }[];
      truncated: boolean;
    };
  };

  it('lists deliveries and planned targets by Vietnam day, with the approved time and what the reader may do', async () => {
    const day15 = await calendar('fromDay=2027-01-15&toDay=2027-01-15');
    expect(day15.deliveries.map((d) => d.itemId)).toEqual([approvedId]);
    expect(day15.deliveries[0]).toMatchObject({ dueAt: '2027-01-14T23:30:00.000Z', approvedDueAt: '2027-01-14T23:30:00.000Z', can: { reschedule: { allowed: true, mode: 'move' } } });
    expect(day15.planned).toEqual([]);
    const day14 = await calendar('fromDay=2027-01-14&toDay=2027-01-14');
    expect(day14.deliveries).toEqual([]);

    const week = await calendar('fromDay=2027-01-11&toDay=2027-01-17');
    expect(week.planned.map((p) => [p.itemId, p.state, p.channel.id]).sort()).toEqual(
      [
        [draftId, 'draft', w.channel.provincePage],
        [draftId, 'draft', w.channel.groupA],
      ].sort(),
    );
    expect(week.truncated).toBe(false);
  });

  it('filters by theme, channel and unit, and shows nothing outside the reader\'s units', async () => {
    const range = 'fromDay=2027-01-11&toDay=2027-01-17';
    const warnings = await calendar(`${range}&theme=warning`);
    expect(warnings.deliveries).toEqual([]);
    expect(warnings.planned).toHaveLength(2);
    const onGroup = await calendar(`${range}&channelId=${w.channel.groupA}`);
    expect(onGroup.planned.map((p) => p.channel.id)).toEqual([w.channel.groupA]);
    expect(onGroup.deliveries).toEqual([]);
    const communeA = await calendar(`${range}&unitId=${w.unit.communeA}`);
    expect(communeA).toMatchObject({ deliveries: [], planned: [] });
    const officer = await calendar(range, w.officerB);
    expect(officer).toMatchObject({ deliveries: [], planned: [] });
  });

  it('requires both days and refuses a reversed range', async () => {
    expect((await w.approver.request('GET', '/api/v1/calendar?fromDay=2027-01-11')).statusCode).toBe(400);
    const reversed = await w.approver.request('GET', '/api/v1/calendar?fromDay=2027-01-17&toDay=2027-01-11');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().code).toBe('RANGE_INVALID');
  });
});
