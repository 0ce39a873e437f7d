import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../../db/schema/index.ts';
import { createUser, login, type Session } from '../../../test/app.ts';
import { createContentWorld, itemBody, type ContentWorld } from './test-fixtures.ts';

/**
 * #11 finding 8: an edit by a colleague used to overwrite the revision's author, so the
 * original writer (also an approver) could approve their own text. Every contributor is kept.
 */
describe('approval refused to every contributor of a revision', () => {
  let w: ContentWorld;
  let colleague: Session;
  beforeAll(async () => {
    w = await createContentWorld();
    await createUser(w.t.db, 'dongnghiep@ca.vn', [{ role: 'editor', unitId: w.unit.province }]);
    colleague = await login(w.t.app, 'dongnghiep@ca.vn');
  });
  afterAll(() => w.t.close());

  it('refuses the writer approving after a colleague edited the draft, and does not ask them to approve', async () => {
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage]));
    const id = created.json().item.id as string;
    const edited = await colleague.request('PATCH', `/api/v1/content/${id}`, { title: 'Chính sách vay vốn ưu đãi (bản sửa)' });
    expect(edited.statusCode).toBe(200);
    expect((await colleague.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);

    const read = await w.approver.request('GET', `/api/v1/content/${id}/revisions/1`);
    expect(read.json().revision.contributorIds).toEqual([w.userId.author, (await userIdOf(colleague))]);
    const waiting = await w.t.db.select().from(notifications).where(and(eq(notifications.kind, 'approval_waiting'), eq(notifications.userId, w.userId.author)));
    expect(waiting).toHaveLength(0);

    const self = await w.author.request('POST', `/api/v1/content/${id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'SELF_APPROVAL_FORBIDDEN' });
    expect(self.json().messages.en).toContain('wrote or edited');
    expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, {})).statusCode).toBe(200);
  });

  it('keeps the writers of a rejected revision as contributors of the revision made from it', async () => {
    const created = await w.author.request('POST', '/api/v1/content', itemBody(w.unit.province, [w.channel.provincePage], { title: 'Bài thứ hai về tái hoà nhập' }));
    const id = created.json().item.id as string;
    expect((await w.author.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);
    expect((await w.approver.request('POST', `/api/v1/content/${id}/reject`, { comment: 'Sửa tiêu đề' })).statusCode).toBe(200);
    const revised = await colleague.request('PATCH', `/api/v1/content/${id}`, { title: 'Bài thứ hai về tái hòa nhập cộng đồng' });
    expect(revised.statusCode).toBe(200);
    expect((await colleague.request('POST', `/api/v1/content/${id}/submit`)).statusCode).toBe(200);

    const self = await w.author.request('POST', `/api/v1/content/${id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect((await w.author.request('POST', `/api/v1/content/${id}/reject`, { comment: 'Không' })).statusCode).toBe(403);
    expect((await w.approver.request('POST', `/api/v1/content/${id}/approve`, {})).statusCode).toBe(200);
  });

  async function userIdOf(s: Session): Promise<string> {
    return (await s.request('GET', '/api/v1/auth/me')).json().user.id as string;
  }
});
