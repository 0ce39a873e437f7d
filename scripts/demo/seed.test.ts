import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, themes, units, users } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { vnDay } from '../../server/site/format.ts';
import { createTestApp, createUnit, createUser, type TestApp } from '../../test/app.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { signInDemo } from './api.ts';
import { demoChannels } from './channel-data.ts';
import { demoItems } from './content-data.ts';
import { allDemoUsers, communeKeys, DEMO_ADMIN, DEMO_PASSWORD } from './org-data.ts';
import { itemsToSeed, nextMorningInVietnam } from './seed-content.ts';
import { seedDemoReadings } from './seed-readings.ts';
import { DemoSetupError, seedDemo, type SeedResult } from './seed.ts';
import { startDemoSimulators, type DemoSimulators } from './simulators.ts';
import { demoStatus, settleDeliveries } from './status.ts';

/** `npm run demo` seeds through these functions: if they rot, this fails. */
describe('demo seeding against a test database, with the simulators and a real worker', () => {
  let t: TestApp;
  let sims: DemoSimulators;
  let later: DemoSimulators | undefined;
  let worker: LoaWorker;
  let first: SeedResult;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
    sims = await startDemoSimulators();
    first = await seedDemo({ app: t.app, db: t.db, clock: systemClock, endpoints: sims.endpoints });
    const { config, log, secrets, storage } = t.deps;
    worker = await startWorker({ db: t.db, databaseUrl: t.database.url, log, config, clock: systemClock, secrets, storage });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await sims?.close();
    await later?.close();
    await t?.close();
  });

  it('leaves content at every stage and deliveries published, failed with a reason, needing a reconnect and scheduled', async () => {
    expect(first.created).toBe(true);
    expect(await settleDeliveries(t.db, 30_000)).toBe(true);
    const status = await demoStatus(t.db);
    const seeded = itemsToSeed();
    const approved = seeded.filter((i) => i.stage === 'published' || i.stage === 'scheduled').length;
    expect(approved).toBeGreaterThanOrEqual(6);
    expect(status.items).toEqual({ draft: 1, in_review: 1, rejected: 1, approved });

    const byChannel = (name: string) => status.deliveries.filter((d) => d.channel === name);
    const channelName = (key: string) => demoChannels.find((c) => c.key === key)!.name;
    const failed = byChannel(channelName('formerDistrict'));
    expect(failed).toEqual([expect.objectContaining({ state: 'failed', error: expect.stringContaining('404') })]);
    const reconnect = byChannel(channelName('radioTv'));
    expect(reconnect).toEqual([expect.objectContaining({ state: 'needs_reconnect' })]);

    const scheduledTitle = demoItems.find((i) => i.stage === 'scheduled')!.title;
    const scheduled = status.deliveries.filter((d) => d.title === scheduledTitle);
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    expect(scheduled.every((d) => d.state === 'scheduled')).toBe(true);

    const publishedTitles = seeded.filter((i) => i.stage === 'published').map((i) => i.title);
    const outcomes = status.deliveries.filter((d) => publishedTitles.includes(d.title));
    // Also fine: a video the platform is still processing, and a "not now" answer (Zalo OA's send window) waiting with its reason.
    const deferred = (d: (typeof outcomes)[number]) => d.state === 'scheduled' && d.holdReason !== null;
    const unexpected = outcomes.filter((d) => !['published', 'processing', 'awaiting_officer'].includes(d.state) && !deferred(d) && d !== failed[0] && d !== reconnect[0]);
    expect(unexpected).toEqual([]);
    expect(outcomes.filter((d) => d.state === 'published').map((d) => d.platform)).toEqual(expect.arrayContaining(['site', 'webhook', 'wordpress']));

    // What the platforms received: the portal verified every signature; the newspaper got posts with featured images.
    const portalDeliveries = outcomes.filter((d) => d.channel === channelName('portal'));
    expect(sims.portal.rejectedSignatures).toBe(0);
    expect(sims.portal.posts.map((p) => p.title).sort()).toEqual(portalDeliveries.map((d) => d.title).sort());
    expect(sims.newspaper.state.posts).toHaveLength(2);
    expect(sims.newspaper.state.posts.every((p) => p.featuredMedia > 0)).toBe(true);
    expect(sims.radioTv.state.posts).toEqual([]);
    const video = seeded.find((i) => i.video);
    expect(sims.youtube.state.videos.map((v) => v.snippet.title)).toEqual(video ? [video.title] : []);
    expect(sims.youtube.state.thumbnails).toHaveLength(video ? 1 : 0);

    const home = await t.app.inject({ url: '/' });
    const onSite = seeded.filter((i) => i.stage === 'published' && !i.video).map((i) => i.title);
    for (const title of onSite) expect(home.body).toContain(title.replace(/"/g, '&quot;'));
    expect(home.body).not.toContain(scheduledTitle);
  });

  it('shows a manager figures at once: the first reading of every publication, which the platforms\' own counters agree with', async () => {
    expect(await settleDeliveries(t.db, 30_000)).toBe(true);
    expect(await seedDemoReadings({ db: t.db, clock: systemClock, log: t.deps.log, sims })).toBeGreaterThan(0);
    const viewer = await signInDemo(t.app, 'baocao@demo.loa.vn', DEMO_PASSWORD);
    const province = (await viewer.call('GET', '/api/v1/units')).items.find((u: { parentId: string | null }) => u.parentId === null);
    const thisMonth = `${vnDay(new Date()).slice(0, 8)}01`;
    const report = await viewer.call('GET', `/api/v1/reports/units/${province.id}?period=month&from=${thisMonth}`);
    for (const kind of ['views', 'reach', 'engagement'] as const) {
      expect(report.totals.figures[kind].value, kind).toBeGreaterThan(0);
      expect(report.totals.figures[kind].unread, kind).toBe(0);
    }
    // The collector's next readings carry on from these: the site counted the views, the simulators the reactions.
    const [site] = await t.db.execute<{ seeded: number; counted: number }>(sql`
      select (select sum(value)::int from metric_samples s join deliveries d on d.id = s.delivery_id join channels c on c.id = d.channel_id where c.platform = 'site' and s.metric = 'views') as seeded,
        (select sum(views)::int from site_page_views) as counted`);
    expect(site!.counted).toBe(site!.seeded);
    expect(sims.graph.state.posts.some((p) => p.reactions > 0) || sims.graph.state.videos.some((v) => v.reactions > 0)).toBe(true);
  });

  it('lets a commune manager send the month\'s report up and the province\'s manager receive it', async () => {
    const commune = await signInDemo(t.app, 'baocao.phuocloc@demo.loa.vn', DEMO_PASSWORD);
    const province = await signInDemo(t.app, 'baocao@demo.loa.vn', DEMO_PASSWORD);
    const phuocLoc = (await commune.call('GET', '/api/v1/units')).items.find((u: { name: string }) => u.name === 'Công an xã Phước Lộc');
    const thisMonth = `${vnDay(new Date()).slice(0, 8)}01`;
    const draft = await commune.call('PUT', `/api/v1/reports/units/${phuocLoc.id}/draft`, { period: 'month', from: thisMonth, narrative: { results: 'Đã đăng bài vào nhóm Zalo của xã.' } });
    expect((await commune.call('POST', `/api/v1/reports/${draft.id}/submit`)).state).toBe('submitted');
    expect((await province.call('POST', `/api/v1/reports/${draft.id}/receive`)).state).toBe('received');
  });

  it('gives every commune officer an open task on the phone pages /xa: a push into their commune\'s Zalo group', async () => {
    expect(await settleDeliveries(t.db, 30_000)).toBe(true);
    const { deliveries } = await demoStatus(t.db);
    const officers = allDemoUsers.filter((u) => u.role === 'commune_officer');
    expect(officers.map((u) => u.unit).sort()).toEqual([...communeKeys].sort());
    for (const officer of officers) {
      const group = demoChannels.find((c) => c.key === `zalo.${officer.unit}`)!.name;
      const open = deliveries.filter((d) => d.channel === group && d.state === 'awaiting_officer');
      expect(open.length, `${officer.email}: ${group}`).toBeGreaterThanOrEqual(1);

      // Through the officer's own phone: the login form, then the list with a "Đăng" button per open task.
      const login = await t.app.inject({
        method: 'POST',
        url: '/xa/dang-nhap',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: officer.email, password: DEMO_PASSWORD, next: '/xa' }).toString(),
      });
      expect(login.statusCode, officer.email).toBe(303);
      const cookie = `loa_session=${login.cookies.find((c) => c.name === 'loa_session')!.value}`;
      const page = await t.app.inject({ method: 'GET', url: '/xa', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      for (const d of open) expect(page.body, `${officer.email}: ${d.title}`).toContain(`<a class="btn" href="/xa/nhiem-vu/${d.id}">Đăng</a>`);
    }
  });

  it('covers every theme, the testimony with a consent, and the rejection with its comment', async () => {
    expect(new Set(demoItems.map((i) => i.theme))).toEqual(new Set(themes));
    const approver = await signInDemo(t.app, 'lanhdao@demo.loa.vn', DEMO_PASSWORD);
    const rejected = (await approver.call('GET', '/api/v1/content?state=rejected')).items;
    expect(rejected).toHaveLength(1);
    const detail = await approver.call('GET', `/api/v1/content/${rejected[0].id}`);
    expect(detail.approvals).toEqual([expect.objectContaining({ decision: 'rejected', comment: expect.stringContaining('quyền riêng tư') })]);
    const testimony = (await approver.call('GET', '/api/v1/content?theme=testimony')).items[0];
    expect((await approver.call('GET', `/api/v1/content/${testimony.id}`)).revisions[0].consentIds).toHaveLength(1);
    const scheduledTitle = demoItems.find((i) => i.stage === 'scheduled')!.title;
    const scheduled = ((await approver.call('GET', '/api/v1/deliveries?state=scheduled')).items as { title: string; dueAt: string }[]).filter((d) => d.title === scheduledTitle);
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    expect(new Set(scheduled.map((d) => d.dueAt))).toEqual(new Set([nextMorningInVietnam(new Date()).toISOString()]));
  });

  it('every role signs in with the printed password', async () => {
    for (const u of allDemoUsers) await expect(signInDemo(t.app, u.email, DEMO_PASSWORD)).resolves.toMatchObject({ email: u.email });
  });

  it('a second run duplicates nothing and rewires the channels to the new simulators; the reconnect story works', async () => {
    const before = await demoStatus(t.db);
    later = await startDemoSimulators();
    const again = await seedDemo({ app: t.app, db: t.db, clock: systemClock, endpoints: later.endpoints });
    expect(again).toEqual({ created: false, channelsRewired: demoChannels.filter((c) => c.platform !== 'site' && c.platform !== 'zalo_group_manual').length });
    expect(await demoStatus(t.db)).toEqual(before);

    const admin = await signInDemo(t.app, DEMO_ADMIN.email, DEMO_PASSWORD);
    const channels = (await admin.call('GET', '/api/v1/channels?limit=200')).items as { id: string; name: string; settings: Record<string, unknown>; status: string }[];
    const named = (key: string) => channels.find((c) => c.name === demoChannels.find((d) => d.key === key)!.name)!;
    expect(named('portal').settings.url).toBe(later.endpoints.portal.url);
    expect(named('radioTv')).toMatchObject({ status: 'needs_reconnect', settings: { baseUrl: later.endpoints.radioTv.baseUrl } });

    const { username, applicationPassword } = later.endpoints.radioTv;
    await admin.call('PUT', `/api/v1/channels/${named('radioTv').id}/credentials`, { credentials: { username, applicationPassword } });
    expect(await settleDeliveries(t.db, 20_000)).toBe(true);
    const radio = (await demoStatus(t.db)).deliveries.filter((d) => d.channel === named('radioTv').name);
    expect(radio.map((d) => d.state)).toEqual(['published']);
    expect(later.radioTv.state.posts).toHaveLength(1);
  });
});

describe('demo seeding refuses databases it did not make whole', () => {
  let t: TestApp;
  let sims: DemoSimulators;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
    sims = await startDemoSimulators();
  });
  afterAll(async () => {
    await sims?.close();
    await t?.close();
  });

  it('writes nothing into a database with real users, and asks for --reset after an interrupted seed', async () => {
    const unitId = await createUnit(t.db, 'Công an tỉnh Sơn La', null, 'province');
    const realUser = await createUser(t.db, 'canbo@ca.sonla.vn', [{ role: 'admin', unitId }]);
    const seed = () => seedDemo({ app: t.app, db: t.db, clock: systemClock, endpoints: sims.endpoints });
    await expect(seed()).rejects.toThrow(DemoSetupError);
    expect(await t.db.select().from(units)).toHaveLength(1);

    await t.db.delete(memberships).where(eq(memberships.userId, realUser));
    await t.db.delete(users).where(eq(users.id, realUser));
    await createUser(t.db, DEMO_ADMIN.email, [{ role: 'admin', unitId }]);
    await expect(seed()).rejects.toThrow(/--reset/);
  });
});
