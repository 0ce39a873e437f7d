import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, consents, contentItems, media, revisionConsents, revisionTargets, revisions } from '../../db/schema/index.ts';
import type { Platform } from '../../lib/platforms.ts';
import { createUnit, createUser } from '../../test/app.ts';
import { approvalDeps } from '../../test/correction-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { approveItem } from './approve.ts';
import { checkPublishable, listedTargets } from './checks.ts';
import { openDecision } from './decision.ts';
import { expandFrozen } from './frozen.ts';
import type { RevisionOverrides } from './input.ts';
import { loadCaller, type Caller } from './permissions.ts';
import type { Rendering } from './rendering.ts';
import { targetsOf } from './targets.ts';

/**
 * Approval checks its targets and freezes their renderings from a summary PostgreSQL makes
 * (`summariseTargets`) instead of a list of every target. These cases hold it to what the
 * list gives — `openDecision`, `checkPublishable` over every target — for the same revision:
 * the same refusal, or, for every channel given a delivery, the very rendering the list
 * rendered for it (as PostgreSQL's readers and previews resolve it, byte for byte) and the
 * same template version.
 */
describe('approval from a summary of the targets', () => {
  let t: TestDatabase;
  let province: string;
  let elsewhere: string;
  let authorId: string;
  let caller: Caller;
  const deps = approvalDeps('https://loa.example.vn');
  const channel = async (name: string, platform: Platform, o: { unitId?: string; status?: 'connected' | 'disabled'; credentialsExpiresAt?: Date } = {}) => {
    const [c] = await t.db
      .insert(channels)
      .values({ unitId: o.unitId ?? province, platform, name, status: o.status ?? 'connected', credentialsExpiresAt: o.credentialsExpiresAt ?? null })
      .returning({ id: channels.id });
    return c!.id;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    province = await createUnit(t.db, 'Công an tỉnh Sơn La');
    elsewhere = await createUnit(t.db, 'Công an tỉnh Lai Châu');
    authorId = await createUser(t.db, 'bientap@ca.sonla.vn', [{ role: 'editor', unitId: province }]);
    const approverId = await createUser(t.db, 'lanhdao@ca.sonla.vn', [{ role: 'approver', unitId: province }]);
    caller = await loadCaller(t.db, { kind: 'user', userId: approverId });
  });
  afterAll(() => t.close());

  async function inReview(
    targets: { channelId: string; publishAt?: Date }[],
    o: { title?: string; overrides?: RevisionOverrides; expiresAt?: Date; theme?: 'guidance' | 'testimony'; consentIds?: string[]; mediaIds?: string[] } = {},
  ): Promise<string> {
    const [item] = await t.db.insert(contentItems).values({ unitId: province, createdBy: authorId, slug: `bai-${randomBytes(4).toString('hex')}` }).returning();
    const [rev] = await t.db
      .insert(revisions)
      .values({
        itemId: item!.id,
        number: 1,
        state: 'in_review',
        authorId,
        contributorIds: [authorId],
        title: o.title ?? 'Hành trình hoàn lương',
        summary: 'Câu chuyện tái hòa nhập cộng đồng',
        body: 'Sau khi chấp hành xong án phạt, anh A được xã giúp vay vốn.',
        theme: o.theme ?? 'guidance',
        hashtags: ['#TaiHoaNhap'],
        overrides: o.overrides ?? {},
        publishAt: new Date(Date.now() + 3_600_000),
        expiresAt: o.expiresAt ?? null,
        mediaIds: o.mediaIds ?? [],
      })
      .returning();
    if (targets.length) await t.db.insert(revisionTargets).values(targets.map((x) => ({ revisionId: rev!.id, channelId: x.channelId, publishAt: x.publishAt ?? null })));
    for (const consentId of o.consentIds ?? []) await t.db.insert(revisionConsents).values({ revisionId: rev!.id, consentId });
    await t.db.update(contentItems).set({ latestRevisionId: rev!.id }).where(eq(contentItems.id, item!.id));
    return item!.id;
  }

  class Rollback extends Error {}

  /** What checking and rendering every target listed gives: the refusal, or the renderings and template version. */
  async function byList(itemId: string, now: Date) {
    let result: { renderings: Rendering[]; templateVersion: string } | undefined;
    await t.db
      .transaction(async (tx) => {
        const { item, rev, targets } = await openDecision(tx, caller, itemId, {});
        const renderings = await checkPublishable(tx, deps, item, rev, listedTargets(rev, targets, now), now);
        result = { renderings, templateVersion: renderings[0]!.templateVersion };
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return result!;
  }

  /**
   * Every channel given a delivery of the approved revision reads, as the delivery context does (`loa_frozen_rendering`),
   * the JSON of the rendering the list rendered for it, byte for byte; a preview expands to the same renderings.
   * Answers the frozen map.
   */
  async function expectListedRenderings(revisionId: string, listed: readonly Rendering[]) {
    const byId = Object.fromEntries(listed.map((r) => [r.channelId, r]));
    const rows = await t.db.execute<{ channel_id: string; frozen: string | null; listed: string | null }>(sql`
      select d.channel_id, loa_frozen_rendering(r.frozen_renderings, d.channel_id::text, c.platform::text)::text as frozen,
             (${JSON.stringify(byId)}::jsonb -> d.channel_id::text)::text as listed
      from deliveries d join channels c on c.id = d.channel_id join revisions r on r.id = d.revision_id
      where d.revision_id = ${revisionId}`);
    expect(rows.map((r) => r.channel_id).sort()).toEqual(Object.keys(byId).sort());
    for (const r of rows) expect(r.frozen, r.channel_id).toBe(r.listed);
    const [stored] = await t.db.select({ frozen: revisions.frozenRenderings }).from(revisions).where(eq(revisions.id, revisionId));
    const sorted = [...listed].sort((a, b) => (a.channelId < b.channelId ? -1 : 1));
    expect(expandFrozen(stored!.frozen!, await targetsOf(t.db, revisionId))).toEqual(sorted);
    return stored!.frozen!;
  }

  const refusal = (e: unknown) => {
    const { code, status, field, messages } = e as { code: string; status: number; field?: string; messages: unknown };
    return { code, status, field, messages };
  };

  async function expectSameRefusal(itemId: string) {
    const now = new Date();
    const listed = await byList(itemId, now).then(
      () => null,
      (e: unknown) => refusal(e),
    );
    expect(listed).not.toBeNull();
    const approved = await t.db.transaction((tx) => approveItem(tx, deps, caller, itemId, {}, now)).then(
      () => null,
      (e: unknown) => refusal(e),
    );
    expect(approved).toEqual(listed);
    return approved!;
  }

  it('freezes what every target was rendered, overrides and all, by platform, and creates one delivery per target', async () => {
    // Names out of insertion order, so target order is the names'; the first Zalo group has an override of its own,
    // so the other groups do not share its rendering; one webhook override renders like its platform.
    const zalo = [await channel('Nhóm Zalo xã C', 'zalo_group_manual'), await channel('Nhóm Zalo xã A', 'zalo_group_manual'), await channel('Nhóm Zalo xã B', 'zalo_group_manual')];
    const hooks = [await channel('Cổng xã 3', 'webhook'), await channel('Cổng xã 1', 'webhook'), await channel('Cổng xã 2', 'webhook')];
    const tube = await channel('Kênh YouTube tỉnh', 'youtube_channel');
    const page = await channel('Trang Facebook tỉnh', 'facebook_page');
    const overrides: RevisionOverrides = {
      [zalo[1]!]: { title: 'Tiêu đề riêng của nhóm A' },
      [hooks[2]!]: { body: 'Sau khi chấp hành xong án phạt, anh A được xã giúp vay vốn.' },
      [hooks[0]!]: { body: 'Bản riêng cho cổng xã 3' },
      [page.toUpperCase()]: { body: 'Khoá viết hoa: không phải khoá của kênh nào' },
      youtube_channel: { title: 'Tiêu đề cho YouTube' },
    };
    const all = [...zalo, ...hooks, tube, page];
    const itemId = await inReview(all.map((channelId) => ({ channelId })), { overrides });
    const now = new Date();
    const expected = await byList(itemId, now);
    const listed = (id: string) => expected.renderings.find((r) => r.channelId === id) as Rendering & Record<string, unknown>;
    // The cases this test is for did happen in the list's rendering.
    expect(listed(zalo[1]!).title).not.toBe(listed(zalo[2]!).title);
    expect(listed(hooks[0]!).body).not.toBe(listed(hooks[2]!).body);

    const result = await t.db.transaction((tx) => approveItem(tx, deps, caller, itemId, { comment: 'Đồng ý' }, now));
    const frozen = await expectListedRenderings(result.revision.id, expected.renderings);
    // One entry per platform, and by id only the channels with an override of their own (not the upper-case key).
    expect(Object.keys(frozen).sort()).toEqual(['$byPlatform', zalo[1]!, hooks[2]!, hooks[0]!].sort());
    expect(Object.keys(frozen.$byPlatform as object).sort()).toEqual(['facebook_page', 'webhook', 'youtube_channel', 'zalo_group_manual']);
    const [stored] = await t.db.select({ templateVersion: revisions.templateVersion, state: revisions.state }).from(revisions).where(eq(revisions.id, result.revision.id));
    expect(stored).toMatchObject({ templateVersion: expected.templateVersion, state: 'approved' });
    expect(result.revision).toMatchObject({ templateVersion: expected.templateVersion, state: 'approved' });
    expect(result.deliveryIds).toHaveLength(all.length);
    const [jobs] = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from graphile_worker.jobs where key = any(${`{${result.deliveryIds.map((id) => `publish:${id}`).join(',')}}`}::text[])`);
    expect(jobs!.n).toBe(all.length);
  });

  it('freezes what every target was rendered when all are on one platform, its first one with an override of its own', async () => {
    const groups = [await channel('Nhóm Zalo thôn 2', 'zalo_group_manual'), await channel('Nhóm Zalo thôn 1', 'zalo_group_manual'), await channel('Nhóm Zalo thôn 3', 'zalo_group_manual')];
    for (const overrides of [{ [groups[1]!]: { title: 'Tiêu đề riêng của thôn 1' } }, {}]) {
      const itemId = await inReview(groups.map((channelId) => ({ channelId })), { overrides });
      const now = new Date();
      const expected = await byList(itemId, now);
      const result = await t.db.transaction((tx) => approveItem(tx, deps, caller, itemId, {}, now));
      await expectListedRenderings(result.revision.id, expected.renderings);
    }
  });

  it('reads a map frozen before (every target by id, `$ref` into `$shared`) in PostgreSQL as it did', async () => {
    const shared = { platform: 'webhook', text: 'Nội dung', templateVersion: 'text-2', problems: [] };
    const own = { ...shared, channelId: 'b', text: 'Bản riêng' };
    const old = { a: { $ref: 'webhook' }, b: own, $shared: { webhook: shared } };
    const [row] = await t.db.execute<{ a: string; b: string; c: string | null }>(sql`
      select loa_frozen_rendering(${JSON.stringify(old)}::jsonb, 'a', 'webhook')::text as a,
             loa_frozen_rendering(${JSON.stringify(old)}::jsonb, 'b', 'webhook')::text as b,
             loa_frozen_rendering(${JSON.stringify(old)}::jsonb, 'c', 'webhook')::text as c`);
    const [json] = await t.db.execute<{ a: string; b: string }>(sql`
      select ${JSON.stringify({ ...shared, channelId: 'a' })}::jsonb::text as a, ${JSON.stringify(own)}::jsonb::text as b`);
    expect(row).toEqual({ ...json, c: null });
  });

  it('refuses the first target outside the approver\'s units, by name, as the list did', async () => {
    const inside = await channel('Cổng xã Mường La', 'webhook');
    const outside = [await channel('Cổng Lai Châu Y', 'webhook', { unitId: elsewhere }), await channel('Cổng Lai Châu X', 'webhook', { unitId: elsewhere })];
    const itemId = await inReview([inside, ...outside].map((channelId) => ({ channelId })));
    expect(await expectSameRefusal(itemId)).toMatchObject({ code: 'APPROVER_TARGET_NOT_COVERED', messages: { en: expect.stringContaining('Cổng Lai Châu X') } });
  });

  it('refuses the first disabled target, by name, as the list did', async () => {
    const targets = [await channel('Cổng tắt Q', 'webhook', { status: 'disabled' }), await channel('Cổng mở', 'webhook'), await channel('Cổng tắt P', 'webhook', { status: 'disabled' })];
    const itemId = await inReview(targets.map((channelId) => ({ channelId })));
    expect(await expectSameRefusal(itemId)).toMatchObject({ code: 'TARGET_CHANNEL_DISABLED', messages: { en: expect.stringContaining('Cổng tắt P') } });
  });

  it('refuses a target due at the expiry, and no targets at all, as the list did', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000);
    const a = await channel('Cổng hẹn giờ 1', 'webhook');
    const b = await channel('Cổng hẹn giờ 2', 'webhook');
    const late = await inReview([{ channelId: a }, { channelId: b, publishAt: expiresAt }], { expiresAt });
    expect(await expectSameRefusal(late)).toMatchObject({ code: 'PUBLISH_AFTER_EXPIRY' });
    expect(await expectSameRefusal(await inReview([]))).toMatchObject({ code: 'TARGETS_REQUIRED' });
  });

  it('refuses the first target whose rendering has a problem (its own override, or its platform\'s), as the list did', async () => {
    const first = await channel('Kênh YouTube 2', 'youtube_channel');
    const second = await channel('Kênh YouTube 1', 'youtube_channel');
    const hook = await channel('Cổng không lỗi', 'webhook');
    const own = await inReview([first, second, hook].map((channelId) => ({ channelId })), { overrides: { [first]: { title: 'Tiêu đề có <thẻ>' } } });
    expect(await expectSameRefusal(own)).toMatchObject({ messages: { en: expect.stringContaining('Kênh YouTube 2') } });
    const shared = await inReview([first, second, hook].map((channelId) => ({ channelId })), { title: 'Tiêu đề có <thẻ>' });
    expect(await expectSameRefusal(shared)).toMatchObject({ messages: { en: expect.stringContaining('Kênh YouTube 1') } });
  });

  it('names the platforms a consent does not cover in target order, as the list did', async () => {
    const [consent] = await t.db
      .insert(consents)
      .values({ unitId: province, personName: 'Anh A', scope: 'ảnh, tên', platforms: ['webhook'], grantedAt: new Date(Date.now() - 86_400_000), recordedBy: authorId })
      .returning({ id: consents.id });
    const targets = [await channel('Kênh 3 YouTube', 'youtube_channel'), await channel('Kênh 1 Zalo', 'zalo_group_manual'), await channel('Kênh 2 cổng', 'webhook')];
    const itemId = await inReview(targets.map((channelId) => ({ channelId })), { theme: 'testimony', consentIds: [consent!.id] });
    expect(await expectSameRefusal(itemId)).toMatchObject({ code: 'CONSENT_PLATFORM_NOT_COVERED', messages: { en: expect.stringContaining('zalo_group_manual, youtube_channel') } });
  });

  it('refuses a video post to a Facebook Page whose video permission runs out before the post is due, as the list did; a photo post goes', async () => {
    // The revision is due in an hour (inReview); one Page's user token runs out in 30 minutes, the other's in 10 days.
    const soon = await channel('Fanpage hết quyền video', 'facebook_page', { credentialsExpiresAt: new Date(Date.now() + 1_800_000) });
    const later = await channel('Fanpage còn quyền video', 'facebook_page', { credentialsExpiresAt: new Date(Date.now() + 10 * 86_400_000) });
    const file = async (kind: 'video' | 'image') => {
      const [m] = await t.db
        .insert(media)
        .values({ unitId: province, uploadedBy: authorId, kind, mimeType: kind === 'video' ? 'video/mp4' : 'image/jpeg', originalName: `tep.${kind}`, storageKey: `k/${randomBytes(4).toString('hex')}`, sizeBytes: 1000 })
        .returning({ id: media.id });
      return m!.id;
    };
    const video = await inReview([later, soon].map((channelId) => ({ channelId })), { mediaIds: [await file('video')] });
    expect(await expectSameRefusal(video)).toMatchObject({
      code: 'FB_VIDEO_TOKEN_EXPIRES',
      field: '/targets',
      messages: { vi: expect.stringMatching(/^Kênh "Fanpage hết quyền video": quyền đăng video trên Fanpage hết hạn ngày \d\d\/\d\d\/\d{4}/) },
    });
    // Due before the permission runs out: the same Page takes the video.
    const early = await inReview([{ channelId: soon, publishAt: new Date(Date.now() + 600_000) }], { mediaIds: [await file('video')] });
    await t.db.transaction((tx) => approveItem(tx, deps, caller, early, {}, new Date()));
    const photo = await inReview([soon].map((channelId) => ({ channelId })), { mediaIds: [await file('image')] });
    const result = await t.db.transaction((tx) => approveItem(tx, deps, caller, photo, {}, new Date()));
    expect(result.deliveryIds).toHaveLength(1);
  });
});
