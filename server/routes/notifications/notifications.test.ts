import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentWorld, itemBody, type ContentWorld } from '../content/test-fixtures.ts';

describe('notifications over HTTP', () => {
  let w: ContentWorld;
  beforeAll(async () => {
    w = await createContentWorld();
  });
  afterAll(() => w.t.close());

  const unreadApprovals = async () => {
    const page = (await w.approver.request('GET', '/api/v1/notifications?unread=true')).json();
    return { unread: page.unread as number, waiting: (page.items as { kind: string }[]).filter((n) => n.kind === 'approval_waiting').length };
  };

  it('stops showing an approval as waiting once it is decided', async () => {
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage]));
    const id = created.json().item.id as string;
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    const before = await unreadApprovals();
    expect(before.waiting).toBe(1);
    const waiting = (await w.approver.request('GET', '/api/v1/notifications')).json().items as { kind: string; decided: string | null }[];
    expect(waiting.filter((n) => n.kind === 'approval_waiting').map((n) => n.decided)).toEqual([null]);

    expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, { comment: 'Đồng ý' })).statusCode).toBe(200);
    const after = await unreadApprovals();
    expect(after).toEqual({ unread: before.unread - 1, waiting: 0 });
    // Still in the history, read, and saying what became of it (its stored text still says "waiting").
    const all = (await w.approver.request('GET', '/api/v1/notifications')).json().items as { kind: string; readAt: string | null; decided: string | null }[];
    const approvals = all.filter((n) => n.kind === 'approval_waiting');
    expect(approvals.map((n) => [n.readAt !== null, n.decided])).toEqual([[true, 'approved']]);
  });
});
