import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMetricSample } from '../../../core/metrics/store.ts';
import { DEFAULT_WEIGHTS } from '../../../core/reports/ranking.ts';
import { defaultNarrative } from '../../../core/reports/workflow.ts';
import { deliveries } from '../../../db/schema/index.ts';
import { createTestApp, createUser, login, type Session, type TestApp } from '../../../test/app.ts';
import { createReportWorld, vn, type ReportWorld } from '../../../test/report-fixtures.ts';

const Q4 = 'period=quarter&from=2026-10-01';

describe('reports API: a unit reads its report, sends it up, the parent receives it', () => {
  let t: TestApp;
  let w: ReportWorld;
  let manager: Session;
  let communeManager: Session;
  let officer: Session;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createReportWorld(t.db, t.deps.secrets);
    manager = await login(t.app, w.managerEmail);
    communeManager = await login(t.app, w.communeManagerEmail);
    officer = await login(t.app, w.officerAEmail);
  });
  afterAll(() => t?.close());

  const get = async (s: Session, url: string, status = 200) => {
    const res = await s.request('GET', url);
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };

  it('serves the report of a subtree with Vietnamese labels, and refuses units above or beside the reader', async () => {
    const r = await get(manager, `/api/v1/reports/units/${w.province}?${Q4}`);
    expect(r.period).toMatchObject({ from: '2026-10-01', to: '2026-12-31', label: 'quý IV năm 2026' });
    expect(r.totals.figures.reach).toMatchObject({ value: 820, unread: 1 });
    expect(r.byTheme.map((x: { label: string }) => x.label)).toContain('Chính sách, pháp luật');
    expect(r.byPlatform.find((p: { platform: string }) => p.platform === 'youtube_channel').figures.reach.applicable).toBe(false);
    expect(r.byUnit.map((u: { name: string }) => u.name)).toEqual(['Công an tỉnh Sơn La', 'Công an xã Chiềng Cơi', 'Công an xã Chiềng Đen', 'Công an xã Hua La', 'Phòng PC10']);
    expect(r.channelCount).toBe(r.byChannel.length);
    await get(communeManager, `/api/v1/reports/units/${w.province}?${Q4}`, 403);
    await get(communeManager, `/api/v1/reports/units/${w.communeB}?${Q4}`, 403);
    const own = await get(communeManager, `/api/v1/reports/units/${w.communeA}?${Q4}`);
    expect(own.byUnit.map((u: { name: string }) => u.name)).toEqual(['Công an xã Chiềng Cơi', 'Tổ CSKV bản Hẹo']);
    // The page offers the narrative's buttons by this flag: the manager writes; the editor and the commune officer read.
    const unsaved = await get(manager, `/api/v1/reports/units/${w.province}/draft?${Q4}`);
    expect(unsaved).toMatchObject({ id: null, can: { write: true }, state: 'draft', narrative: defaultNarrative('Công an tỉnh Sơn La', unsaved.period, 'Sơn La'), weights: DEFAULT_WEIGHTS });
    expect((await get(await login(t.app, 'bientap@tinh.vn'), `/api/v1/reports/units/${w.province}/draft?${Q4}`)).can).toEqual({ write: false });
    // The weekly trend answers to the same check.
    const trend = await get(manager, `/api/v1/reports/units/${w.province}/trend?${Q4}`);
    expect(trend.weeks[0]).toMatchObject({ from: '2026-10-01', to: '2026-10-04', label: 'Tuần 01/10' });
    await get(communeManager, `/api/v1/reports/units/${w.province}/trend?${Q4}`, 403);
    await get(manager, `/api/v1/reports/units/00000000-0000-4000-8000-000000000000/trend?${Q4}`, 404);
    expect((await get(officer, `/api/v1/reports/units/${w.communeA}/draft?${Q4}`)).can).toEqual({ write: false });
  });

  it('the compliance table item × commune: a team’s group counts for its commune, a commune without groups has no cell', async () => {
    const m = await get(manager, `/api/v1/reports/units/${w.province}/compliance?${Q4}`);
    expect(m.communes.map((c: { name: string }) => c.name)).toEqual(['Công an xã Chiềng Cơi', 'Công an xã Chiềng Đen', 'Công an xã Hua La']);
    expect(new Set(m.items.map((i: { id: string }) => i.id))).toEqual(new Set([w.items.policy, w.items.warning]));
    const cell = (item: string, commune: string) => m.cells.find((c: { itemId: string; communeId: string }) => c.itemId === item && c.communeId === commune);
    expect(cell(w.items.policy, w.communeA)).toMatchObject({ onTime: 1, late: 1, missed: 0 });
    expect(cell(w.items.policy, w.communeB)).toMatchObject({ onTime: 0, missed: 1 });
    expect(cell(w.items.warning, w.communeB)).toMatchObject({ onTime: 1 });
    expect(cell(w.items.policy, w.communeC)).toBeUndefined();
    await get(communeManager, `/api/v1/reports/units/${w.province}/compliance?${Q4}`, 403);
  });

  it('rejects a period that does not start where its kind starts, and an unknown unit, with problem+json', async () => {
    const bad = await manager.request('GET', `/api/v1/reports/units/${w.province}?period=quarter&from=2026-10-02`);
    expect(bad.statusCode).toBe(400);
    // In Vietnamese through and through: the kind is "quý", not the API's "quarter".
    expect(bad.json()).toMatchObject({ code: 'PERIOD_START_INVALID', field: 'querystring:/from', title: 'Ngày bắt đầu của kỳ báo cáo theo quý phải là ngày đầu quý' });
    const reversed = await manager.request('GET', `/api/v1/reports/units/${w.province}?period=custom&from=2026-10-02&to=2026-10-01`);
    expect(reversed.json()).toMatchObject({ code: 'PERIOD_INVALID' });
    const century = await manager.request('GET', `/api/v1/reports/units/${w.province}?period=custom&from=1926-01-01&to=2026-12-31`);
    expect([century.statusCode, century.json()]).toMatchObject([400, { code: 'PERIOD_TOO_LONG', field: 'querystring:/to', title: 'Kỳ báo cáo tự chọn dài tối đa 10 năm' }]);
    // A campaign phase (2020–2025) is a custom period a province reports on.
    expect((await manager.request('GET', `/api/v1/reports/units/${w.province}?period=custom&from=2020-01-01&to=2025-12-31`)).statusCode).toBe(200);
    await get(manager, `/api/v1/reports/units/00000000-0000-4000-8000-000000000000?${Q4}`, 404);
  });

  it('exports a table as CSV with a BOM and the same numbers as the report', async () => {
    const r = await get(manager, `/api/v1/reports/units/${w.province}?${Q4}`);
    const res = await manager.request('GET', `/api/v1/reports/units/${w.province}/export.csv?${Q4}&table=platforms`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Nền tảng,Lượt đăng,Lượt xem,Lượt tiếp cận,Lượt tương tác,Lượt nhấp liên kết/QR,Ghi chú số liệu');
    const fb = r.byPlatform.find((p: { platform: string }) => p.platform === 'facebook_page');
    const line = lines.find((l: string) => l.startsWith('Trang Facebook,'))!;
    expect(line.split(',').slice(1, 4)).toEqual([String(fb.deliveries), '', String(fb.figures.reach.value)]);
  });

  it('a commune sends its report; the province sees it consolidated, with snapshot beside live figures, then receives it', async () => {
    // The officer records, the manager writes: report.write is not an officer's.
    const denied = await officer.request('PUT', `/api/v1/reports/units/${w.communeA}/draft`, { period: 'quarter', from: '2026-10-01', narrative: { results: 'x' } });
    expect(denied.statusCode).toBe(403);
    const saved = await communeManager.request('PUT', `/api/v1/reports/units/${w.communeA}/draft`, {
      period: 'quarter',
      from: '2026-10-01',
      narrative: { number: '07/BC-CAX', results: 'Đã đăng 2 bài vào nhóm Zalo.' },
      weights: { onTime: 1, coverage: 0, engagement: 0, activities: 0 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const draft = saved.json();
    expect(draft).toMatchObject({ state: 'draft', narrative: { number: '07/BC-CAX', results: 'Đã đăng 2 bài vào nhóm Zalo.' }, weights: { onTime: 1 } });
    const childReport = await get(communeManager, `/api/v1/reports/units/${w.communeA}?${Q4}`);
    expect(childReport.ranking.weights.onTime).toBe(1);

    const before = await get(manager, `/api/v1/reports/units/${w.province}?${Q4}`);
    expect(before.submissions.find((s: { unitId: string }) => s.unitId === w.communeA)).toMatchObject({ state: 'draft', totals: null });

    const sent = await communeManager.request('POST', `/api/v1/reports/${draft.id}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().state).toBe('submitted');
    expect((await communeManager.request('PUT', `/api/v1/reports/units/${w.communeA}/draft`, { period: 'quarter', from: '2026-10-01', narrative: { results: 'sửa' } })).statusCode).toBe(409);

    const consolidated = await get(manager, `/api/v1/reports/units/${w.province}?${Q4}`);
    const row = consolidated.submissions.find((s: { unitId: string }) => s.unitId === w.communeA);
    expect(row).toMatchObject({ state: 'submitted', reportId: draft.id });
    expect(row.totals).toEqual(childReport.totals);
    // The province's own figures include the commune's subtree.
    const communeRow = consolidated.byUnit.find((u: { unitId: string }) => u.unitId === w.communeA);
    expect(communeRow.figures).toEqual(childReport.totals.figures);

    // A reading arrives after submission: the snapshot stays, the live figure moves, the difference is flagged.
    const [wp] = await t.db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.channelId, w.channels.wpA));
    await recordMetricSample(t.db, { deliveryId: wp!.id, metric: 'comments', value: 5, collectedAt: vn('2026-12-20T10:00:00'), source: 'test' });
    const view = await get(manager, `/api/v1/reports/${draft.id}`);
    expect(view.snapshot.totals.figures.engagement.value).toBe(2);
    expect(view.live.totals.figures.engagement.value).toBe(5);
    expect(view.differences).toContainEqual({ label: 'Tổng cộng · Lượt tương tác', snapshot: 2, live: 5 });

    // The commune cannot receive its own report; the province can, once.
    expect((await communeManager.request('POST', `/api/v1/reports/${draft.id}/receive`)).statusCode).toBe(403);
    const received = await manager.request('POST', `/api/v1/reports/${draft.id}/receive`);
    expect(received.json()).toMatchObject({ state: 'received' });
    expect((await manager.request('POST', `/api/v1/reports/${draft.id}/return`, { comment: 'Bổ sung số liệu' })).statusCode).toBe(409);
  });

  it('a returned report comes back with its comment and can be edited and sent again', async () => {
    const saved = (await communeManager.request('PUT', `/api/v1/reports/units/${w.communeA}/draft`, { period: 'month', from: '2026-10-01', narrative: { results: 'Tháng 10' } })).json();
    await communeManager.request('POST', `/api/v1/reports/${saved.id}/submit`);
    const noComment = await manager.request('POST', `/api/v1/reports/${saved.id}/return`, { comment: '' });
    expect(noComment.statusCode).toBe(400);
    const back = await manager.request('POST', `/api/v1/reports/${saved.id}/return`, { comment: 'Thiếu số liệu loa truyền thanh' });
    expect(back.json()).toMatchObject({ state: 'returned', returnComment: 'Thiếu số liệu loa truyền thanh' });
    const edited = await communeManager.request('PUT', `/api/v1/reports/units/${w.communeA}/draft`, { period: 'month', from: '2026-10-01', narrative: { results: 'Đã bổ sung' } });
    expect(edited.json()).toMatchObject({ state: 'returned', narrative: { results: 'Đã bổ sung' } });
    expect((await communeManager.request('POST', `/api/v1/reports/${saved.id}/submit`)).json().state).toBe('submitted');
  });

  it('the province, a top unit, has no parent to send to', async () => {
    const saved = (await manager.request('PUT', `/api/v1/reports/units/${w.province}/draft`, { period: 'quarter', from: '2026-10-01', narrative: {} })).json();
    const res = await manager.request('POST', `/api/v1/reports/${saved.id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'REPORT_NO_PARENT' });
  });

  it('records activities beside online reach: their own rows, never added to it', async () => {
    const res = await officer.request('POST', '/api/v1/activities', {
      unitId: w.communeA,
      type: 'loudspeaker',
      occurredOn: '2026-11-02',
      title: 'Phát bản tin "Con đường hướng thiện" trên loa xã',
      quantity: 6,
      estimatedAudience: 1200,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ typeLabel: 'Phát trên loa truyền thanh xã', quantity: 6 });
    const viewerOnly = await createUser(t.db, 'xem@chiengcoi.vn', [{ role: 'viewer', unitId: w.communeA }]);
    expect(viewerOnly).toBeTruthy();
    const viewer = await login(t.app, 'xem@chiengcoi.vn');
    expect((await viewer.request('POST', '/api/v1/activities', { unitId: w.communeA, type: 'poster', occurredOn: '2026-11-02', title: 'Áp phích', quantity: 10 })).statusCode).toBe(403);
    expect((await officer.request('POST', '/api/v1/activities', { unitId: w.communeB, type: 'poster', occurredOn: '2026-11-02', title: 'Áp phích', quantity: 10 })).statusCode).toBe(403);
    expect((await officer.request('POST', '/api/v1/activities', { unitId: w.communeA, type: 'share_kit', occurredOn: '2026-11-02', title: 'Bộ chia sẻ', quantity: 1 })).statusCode).toBe(400);
    // A year typed wrong (2062 for 2026) would sit unseen in a future report: refused, naming the day.
    const future = await officer.request('POST', '/api/v1/activities', { unitId: w.communeA, type: 'poster', occurredOn: '2062-11-02', title: 'Áp phích', quantity: 10 });
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ code: 'ACTIVITY_IN_FUTURE', field: '/occurredOn', title: 'Ngày diễn ra hoạt động không được sau hôm nay' });

    const r = await get(manager, `/api/v1/reports/units/${w.province}?${Q4}`);
    expect(r.activities).toEqual([expect.objectContaining({ type: 'loudspeaker', count: 1, quantity: 6, estimatedAudience: 1200 })]);
    expect(r.totals.figures.reach.value).toBe(820);
    const list = await get(manager, `/api/v1/activities?unitId=${w.province}&from=2026-10-01&to=2026-12-31`);
    expect(list.items).toHaveLength(1);
    // The page offers its record form by this flag: the manager reads, the commune officer records.
    expect(list.can).toEqual({ record: false });
    expect((await get(officer, `/api/v1/activities?unitId=${w.communeA}&from=2026-10-01&to=2026-12-31`)).can).toEqual({ record: true });
  });
});
