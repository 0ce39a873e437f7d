import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError, RenderedPost } from '../contract.ts';
import { createZaloConnector } from './connector.ts';
import { startZaloSimulator, type ZaloSimulator } from './simulator.ts';
import { createLogCapture, makeCtx, makePost, manualClock, memoryLedger, rejection, vnTime } from './test-kit.ts';

/**
 * A message to an OA-managed group (GMF) whose answer was lost: Loa reads the group's
 * conversation (§3.7, §7) for the marker instead of guessing. Found → adopted, never sent
 * twice; not there → absent (the engine sends it again after the settle time and a second
 * read); a read Zalo refuses → a person decides, never a silent duplicate.
 */
describe('Zalo OA group messages after a lost answer (against the Zalo simulator)', () => {
  const clock = manualClock(vnTime('2026-12-06', '09:00'));
  const { log } = createLogCapture();
  const groups = ['g-xa-chieng-sinh', 'g-xa-muong-bu'];
  let sim: ZaloSimulator;
  afterEach(async () => {
    await sim?.close();
    clock.set(vnTime('2026-12-06', '09:00'));
  });

  async function setup() {
    sim = await startZaloSimulator({ clock });
    for (const g of groups) sim.state.groups.set(g, 'enabled');
    const connector = createZaloConnector({ broadcasts: memoryLedger(), mediaUrl: () => null });
    return { connector, ...makeCtx(sim, log, { clock, settings: { broadcast: false, groupIds: groups, defaultCoverUrl: 'https://conduonghuongthien.vn/anh-bia.jpg' } }) };
  }
  const refOf = (post: RenderedPost, startedAt: Date, progress: Record<string, unknown>) => ({
    deliveryId: post.deliveryId,
    marker: post.marker,
    attemptStartedAt: startedAt,
    attemptEndedAt: startedAt,
    progress: { ...progress },
    post,
  });
  const withMarker = (post: RenderedPost, groupId: string) => sim.state.groupMessages.filter((m) => m.groupId === groupId && m.text.includes(post.marker));

  it('a message that reached the group before the connection broke is found among later chatter and not sent again', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost();
    const startedAt = clock.now();
    sim.failNext({ path: '/v3.0/oa/group/message', after: 1, action: 'reset-after' });
    const lost = (await rejection(connector.publish(post, { ...ctx, progress }))) as ConnectorError;
    expect(lost.sideEffectPossible).toBe(true);
    expect(progress.groupSendingId).toBe('g-xa-muong-bu');
    // Members keep talking in the group: more than one page of the conversation.
    for (let i = 0; i < 23; i++) {
      clock.advance(1000);
      sim.state.groupMessages.push({ messageId: `member-${i}`, groupId: 'g-xa-muong-bu', text: `Cảm ơn cán bộ ${i}`, at: clock.now(), fromId: `u${i}` });
    }

    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'resume' });
    const landed = withMarker(post, 'g-xa-muong-bu')[0]!;
    expect(progress.groupMessageIds).toEqual({ 'g-xa-chieng-sinh': withMarker(post, 'g-xa-chieng-sinh')[0]!.messageId, 'g-xa-muong-bu': landed.messageId });
    expect(progress.groupSendingId).toBeNull();
    await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(withMarker(post, 'g-xa-muong-bu')).toHaveLength(1);
    expect(withMarker(post, 'g-xa-chieng-sinh')).toHaveLength(1);
  });

  it('a message that reached the group but is listed without an id goes to a person, never sent again', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost();
    const startedAt = clock.now();
    sim.failNext({ path: '/v3.0/oa/group/message', after: 1, action: 'reset-after' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    sim.state.conversationIdField = null;
    const result = await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress });
    expect(result).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_GROUP_MESSAGE_UNCERTAIN' });
    expect((result as { reason: { vi: string } }).reason.vi).toContain('Tin đã vào nhóm Zalo g-xa-muong-bu');
    expect(withMarker(post, 'g-xa-muong-bu')).toHaveLength(1);
  });

  it('a message that never reached the group is absent, and the publish then sends it once', async () => {
    const { connector, ctx, progress } = await setup();
    // Last week's campaign message in the group: the listing evidently shows what the OA sends.
    const earlier = makePost();
    sim.state.groupMessages.push({ messageId: 'gm-old', groupId: 'g-xa-muong-bu', text: `Tuần trước\n\n${earlier.marker}`, at: new Date(clock.now().getTime() - 7 * 86_400_000) });
    const post = makePost();
    const startedAt = clock.now();
    sim.failNext({ path: '/v3.0/oa/group/message', after: 1, action: 'reset-before' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    expect(withMarker(post, 'g-xa-muong-bu')).toHaveLength(0);

    expect(await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress })).toEqual({ kind: 'absent' });
    await connector.publish(post, { ...ctx, progress: { ...progress } });
    expect(withMarker(post, 'g-xa-muong-bu')).toHaveLength(1);
    expect(withMarker(post, 'g-xa-chieng-sinh')).toHaveLength(1);
  });

  it('a listing that shows no message of the OA proves nothing: a person decides, and nothing is sent again', async () => {
    const { connector, ctx, progress } = await setup();
    sim.state.groupMessages.push({ messageId: 'member-1', groupId: 'g-xa-muong-bu', text: 'Chào cả nhóm', at: new Date(clock.now().getTime() - 86_400_000), fromId: 'u1' });
    const post = makePost();
    const startedAt = clock.now();
    sim.failNext({ path: '/v3.0/oa/group/message', after: 1, action: 'reset-before' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    const result = await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, progress });
    expect(result).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_GROUP_MESSAGE_UNCERTAIN' });
    expect((result as { reason: { vi: string } }).reason.vi).toContain('không có tin nào của OA');
    // With the OA's id known, its messages in the listing are the proof.
    sim.state.groupMessages.push({ messageId: 'oa-1', groupId: 'g-xa-muong-bu', text: 'Thông báo lịch tiếp dân', at: new Date(clock.now().getTime() - 3600_000) });
    const known = { ...ctx, channel: { ...ctx.channel, settings: { ...ctx.channel.settings, oaId: sim.state.oaId } }, progress };
    expect(await connector.reconcile!(refOf(post, startedAt, progress), known)).toEqual({ kind: 'absent' });
  });

  it('when Zalo refuses to show the group conversation, a person decides, with the group named in Vietnamese', async () => {
    const { connector, ctx, progress } = await setup();
    const post = makePost();
    const startedAt = clock.now();
    sim.failNext({ path: '/v3.0/oa/group/message', action: 'reset-after' });
    await rejection(connector.publish(post, { ...ctx, progress }));
    // A token this young makes -201 a refusal for good (classify-error.ts), not an expired token.
    sim.failNext({ path: '/v3.0/oa/group/conversation', error: -201, message: 'The application has no permission to read this group' });
    const fresh = { ...ctx.credentials, accessTokenIssuedAt: clock.now().toISOString() };
    const result = await connector.reconcile!(refOf(post, startedAt, progress), { ...ctx, credentials: fresh, progress });
    expect(result).toMatchObject({ kind: 'cannot_tell', code: 'ZALO_GROUP_MESSAGE_UNCERTAIN' });
    expect((result as { reason: { vi: string } }).reason.vi).toContain('Hãy xem nhóm trên Zalo');
    expect((result as { reason: { vi: string } }).reason.vi).toContain('g-xa-chieng-sinh');
  });
});
