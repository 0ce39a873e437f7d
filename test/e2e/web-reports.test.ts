import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLink } from '../../core/links/links.ts';
import { activities } from '../../db/schema/index.ts';
import { jpeg } from '../../server/routes/media/test-files.ts';
import { createReportWorld, type ReportWorld } from '../report-fixtures.ts';
import { startWebHarness, type WebHarness } from './web-harness.ts';
import { pickDate, typeDate } from './web-steps.ts';

/** Reports in a real browser: a manager picks a quarter and a unit, reads the charts, drills down, downloads. */
describe('web app: reports for managers', () => {
  let h: WebHarness;
  let w: ReportWorld;
  beforeAll(async () => {
    h = await startWebHarness();
    w = await createReportWorld(h.t.db, h.t.deps.secrets);
  });
  afterAll(() => h?.close());

  async function pick(page: Page, label: string, option: string) {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  async function download(page: Page, name: string): Promise<Buffer> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    return fs.readFileSync((await file.path())!);
  }

  const docText = (docx: Buffer) => {
    const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')).join('\n');
  };

  it('a manager picks Q4 2026 and the province, sees the charts, drills down to a commune, downloads XLSX and DOCX with the page’s numbers', { timeout: 180_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, { email: w.managerEmail });
    await page.goto(`${h.base}/app/bao-cao`);
    await page.getByRole('heading', { name: 'Báo cáo', level: 1 }).waitFor();
    await pick(page, 'Đơn vị', 'Công an tỉnh Sơn La');
    await pick(page, 'Loại kỳ', 'Quý');
    await pick(page, 'Quý', 'Quý IV');
    await pick(page, 'Năm', '2026');
    await page.getByRole('heading', { name: 'Công an tỉnh Sơn La — quý IV năm 2026' }).waitFor();
    for (const chart of ['Biểu đồ diễn biến theo tuần', 'Biểu đồ theo đơn vị', 'Biểu đồ theo chủ đề', 'Biểu đồ theo nền tảng']) {
      await page.locator(`[data-chart="${chart}"] canvas`).first().waitFor();
      // Each chart says what it shows above it, not only to a screen reader.
      expect(await page.getByText(chart, { exact: true }).isVisible(), chart).toBe(true);
    }
    const reach = await page.locator('[data-total="reach"]').innerText();
    expect(reach).toContain('820 + 1 lượt chưa có số liệu');
    // The headline is the number alone; what is still unread (and when it is read) sits beneath it.
    expect(await page.locator('[data-total="reach"] >> text=/^[\\d.]+$/').innerText()).toBe('820');
    expect(reach).not.toMatch(/\d{2}:\d{2} \d{2}-\d{2}/);
    const matrix = page.getByRole('table', { name: 'Đăng vào nhóm Zalo theo bài × xã' });
    await expect.poll(() => matrix.getByRole('row').filter({ hasText: 'Vay vốn ưu đãi' }).innerText()).toMatch(/Đúng hạn 1 · Trễ 1\s+Chưa nhận\s+Bỏ lỡ 1/);
    // Chiềng Đen published nothing this quarter: its figures are "–", not "không áp dụng".
    const quiet = page.getByRole('table', { name: 'Theo đơn vị' }).getByRole('row').filter({ hasText: 'Công an xã Chiềng Đen' });
    expect(await quiet.locator('[data-figure="reach"]').innerText()).toBe('–');
    await h.checkPage(page, 'web/reports-province');

    // Drill down: the commune's own report, its numbers, its downloads.
    await page.getByRole('button', { name: 'Công an xã Chiềng Cơi' }).click();
    await page.getByRole('heading', { name: 'Công an xã Chiềng Cơi — quý IV năm 2026' }).waitFor();
    const clicks = (await page.locator('[data-total="clicks"] >> text=/^[\\d.]+$/').innerText()).replaceAll('.', '');
    const engagement = (await page.locator('[data-total="engagement"] >> text=/^[\\d.]+$/').innerText()).replaceAll('.', '');
    expect([clicks, engagement]).toEqual(['3', '2']);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(page, 'Tải XLSX')) as unknown as ArrayBuffer);
    const info = book.getWorksheet('Thông tin')!;
    expect([info.getCell('B1').value, info.getCell('B2').value]).toEqual(['Công an xã Chiềng Cơi', 'quý IV năm 2026']);
    const summary = book.getWorksheet('Tổng hợp')!;
    expect(summary.getRow(1).values).toEqual([undefined, 'Chỉ tiêu', 'quý IV năm 2026', 'quý III năm 2026', 'Ghi chú']);
    const valueOf = (label: string) => summary.getRows(2, summary.rowCount - 1)!.find((r) => r.getCell(1).value === label)!.getCell(2).value;
    expect(valueOf('Lượt nhấp liên kết/QR')).toBe(Number(clicks));
    expect(valueOf('Lượt tương tác')).toBe(Number(engagement));

    const text = docText(await download(page, 'Tải báo cáo DOCX'));
    for (const expected of ['CÔNG AN TỈNH SƠN LA', 'CÔNG AN XÃ CHIỀNG CƠI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'quý IV năm 2026', 'I. KẾT QUẢ THỰC HIỆN']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`lượt tương tác ${engagement}`);
    expect(text).toContain(`lượt nhấp liên kết/QR ${clicks}`);

    // A month with nothing published: no "không áp dụng" under the totals, as if the unit could not be measured.
    await page.goto(`${h.base}/app/bao-cao?unit=${w.province}&period=month&from=2026-01-01`);
    await page.getByRole('heading', { name: 'Công an tỉnh Sơn La — tháng 1 năm 2026' }).waitFor();
    await page.getByText('Đã đăng 0 bài, 0 lượt đăng trong kỳ.').waitFor();
    expect(await page.locator('[data-total="reach"]').innerText()).not.toContain('không áp dụng');
  });

  it('a commune manager sends the quarter’s report; the province sees it among its units’ reports and receives it', { timeout: 180_000 }, async () => {
    // On a mid-range phone: the narrative's fields one a line, wide tables reachable by keyboard (checkPage's axe).
    const commune = await h.newPage({ viewport: { width: 412, height: 900 } });
    await h.signInAs(commune, { email: w.communeManagerEmail });
    await commune.goto(`${h.base}/app/bao-cao?unit=${w.communeA}&period=quarter&from=2026-10-01`);
    await commune.getByRole('heading', { name: 'Soạn báo cáo gửi cấp trên' }).waitFor();
    expect((await commune.getByLabel('Trích yếu').boundingBox())!.width).toBeGreaterThan(300);
    // Wide tables scroll inside themselves; the page itself never scrolls sideways.
    expect(await commune.evaluate(() => document.documentElement.scrollWidth)).toBe(412);
    await commune.getByLabel('Số/ký hiệu').fill('09/BC-CAX');
    await commune.getByLabel('II. Tồn tại, hạn chế').fill('Một nhóm Zalo đăng trễ hạn.');
    // The network drops on the save: the reason shows beside the button pressed, the text typed stays.
    await commune.route(/\/api\/v1\/reports\/units\/[^/]+\/draft$/, (route) => (route.request().method() === 'PUT' ? route.abort() : route.continue()));
    await commune.getByRole('button', { name: 'Lưu bản nháp' }).click();
    const failure = commune.getByRole('alert').filter({ hasText: 'máy chủ' });
    await failure.waitFor();
    await expect.poll(() => failure.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expect(await commune.getByLabel('II. Tồn tại, hạn chế').inputValue()).toBe('Một nhóm Zalo đăng trễ hạn.');
    // Sending saves first: the same refusal, and no uncaught error behind it (checkPage below counts page errors).
    await commune.getByRole('button', { name: 'Gửi lên cấp trên' }).click();
    await failure.waitFor();
    await commune.unroute(/\/api\/v1\/reports\/units\/[^/]+\/draft$/);
    // Nothing saved yet, and the page is reloaded (or the tab closed): the words typed are still there.
    await commune.reload();
    await commune.getByRole('heading', { name: 'Soạn báo cáo gửi cấp trên' }).waitFor();
    await expect.poll(() => commune.getByLabel('II. Tồn tại, hạn chế').inputValue()).toBe('Một nhóm Zalo đăng trễ hạn.');
    expect(await commune.getByLabel('Số/ký hiệu').inputValue()).toBe('09/BC-CAX');
    // Each field stops at the server's limit instead of a save refused with a JSON pointer.
    expect(await commune.getByLabel('Số/ký hiệu').getAttribute('maxlength')).toBe('100');
    // Sent with a double-click (two clicks in one task, as a bouncing mouse does): sent up once, no refusal in red.
    const actions: Request[] = [];
    const countActions = (page: Page) => page.on('request', (r) => r.method() === 'POST' && /\/api\/v1\/reports\/[^/]+\/(submit|receive)$/.test(r.url()) && actions.push(r));
    countActions(commune);
    await commune.getByRole('button', { name: 'Gửi lên cấp trên' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await commune.getByText('Đã gửi, chờ tiếp nhận').first().waitFor();
    await Promise.all(actions.map((r) => r.response()));
    expect(actions.map((r) => r.url().split('/').pop())).toEqual(['submit']);
    expect(await commune.getByRole('alert').count()).toBe(0);
    await h.checkPage(commune, 'web/reports-commune-submitted');

    const province = await h.newPage();
    await h.signInAs(province, { email: w.managerEmail });
    // A link carrying any day of the quarter opens the quarter (not the server's refusal of a mid-quarter start).
    await province.goto(`${h.base}/app/bao-cao?unit=${w.province}&period=quarter&from=2026-11-15`);
    const row = province.getByRole('row').filter({ hasText: 'Công an xã Chiềng Cơi' }).filter({ hasText: 'Đã gửi, chờ tiếp nhận' });
    await row.waitFor();
    // Keyboard only; the button names the unit whose report it opens, and says whether it is open.
    const open = row.getByRole('button', { name: 'Xem báo cáo của Công an xã Chiềng Cơi', exact: true });
    expect(await open.getAttribute('aria-expanded')).toBe('false');
    await open.focus();
    await province.keyboard.press('Enter');
    await province.getByText('Số liệu hôm nay khớp với bản đã gửi.').waitFor();
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    countActions(province);
    await province.getByRole('button', { name: 'Tiếp nhận' }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    await province.getByRole('row').filter({ hasText: 'Công an xã Chiềng Cơi' }).filter({ hasText: 'Đã tiếp nhận' }).first().waitFor();
    await Promise.all(actions.map((r) => r.response()));
    expect(actions.map((r) => r.url().split('/').pop())).toEqual(['submit', 'receive']);
    await h.checkPage(province, 'web/reports-province-received');
  });

  it('an editor records a loudspeaker broadcast with its proof, the item it carried and the QR printed on it; it is listed apart from online reach', { timeout: 120_000 }, async () => {
    const qr = await insertLink(h.t.db, { itemId: w.items.policy, targetUrl: 'https://tinh.example.vn/bai-viet/vay-von', label: 'Tờ rơi vay vốn' });
    const page = await h.newPage({ viewport: { width: 412, height: 900 } });
    await h.signInAs(page, { email: 'bientap@tinh.vn' });
    await page.goto(`${h.base}/app/hoat-dong`);
    await page.getByRole('heading', { name: 'Hoạt động tuyên truyền trực tiếp', level: 1 }).waitFor();
    // On a phone the fields stack, each readable, not three squeezed into a row.
    expect((await page.getByRole('combobox', { name: 'Loại hoạt động' }).boundingBox())!.width).toBeGreaterThan(300);
    // Sent without a name: the reason in Vietnamese under the field, not the browser's own bubble.
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.getByText('Không được để trống').waitFor();
    // The refused field, a screen above the button on a phone, takes the focus: typing fixes it.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent)).toMatch(/^Tên hoạt động/);
    await page.keyboard.type('Bản tin loa xã tuần 45');
    expect(await page.getByLabel('Tên hoạt động').inputValue()).toBe('Bản tin loa xã tuần 45');
    await page.getByLabel('Số lượng').fill('5');
    await page.getByLabel('Số người tiếp cận (ước tính)').fill('900');
    await page.getByRole('combobox', { name: 'Bài được tuyên truyền' }).fill('vay von');
    await page.getByRole('option', { name: 'Vay vốn ưu đãi cho người chấp hành xong án phạt tù' }).click();
    await page.getByRole('combobox', { name: 'Liên kết/mã QR theo dõi' }).click();
    await page.getByRole('option', { name: `Tờ rơi vay vốn (${qr.code})` }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Tải lên tệp minh chứng' }).click()]);
    await chooser.setFiles({ name: 'anh-loa-xa.jpg', mimeType: 'image/jpeg', buffer: await jpeg(320, 240) });
    await page.getByText('anh-loa-xa.jpg').waitFor();
    await h.checkPage(page, 'web/activities-form');
    const sent: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/activities' && sent.push(r.url()));
    // Two clicks in one task, as a bouncing mouse on a slow office PC makes: one activity, not two counted in the report.
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).evaluate((button: HTMLElement) => (button.click(), button.click()));
    const row = page.getByRole('row').filter({ hasText: 'Bản tin loa xã tuần 45' });
    await row.getByRole('link', { name: 'Xem minh chứng' }).waitFor();
    expect(sent).toHaveLength(1);
    const [saved, twice] = await h.t.db.select().from(activities).where(eq(activities.title, 'Bản tin loa xã tuần 45'));
    expect(twice).toBeUndefined();
    expect(saved).toMatchObject({ type: 'loudspeaker', quantity: 5, estimatedAudience: 900, itemId: w.items.policy, linkId: qr.id, proofMediaId: expect.any(String) });
    await h.checkPage(page, 'web/activities');

    // The editor reads the province's report; its text has no buttons that would answer 403.
    await page.goto(`${h.base}/app/bao-cao?unit=${w.province}&period=quarter&from=2026-10-01`);
    await page.getByText('Bạn được xem báo cáo này; lãnh đạo đơn vị soạn, gửi, tiếp nhận hoặc trả lại báo cáo.').waitFor();
    expect(await page.getByRole('button', { name: 'Lưu bản nháp' }).count()).toBe(0);
    expect(await page.getByLabel('Số/ký hiệu').isDisabled()).toBe(true);
  });

  it('shows a manager the activities without a record form they could not send, and says when there are none', { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.signInAs(page, { email: w.managerEmail });
    await page.goto(`${h.base}/app/hoat-dong`);
    await page.getByRole('heading', { name: 'Hoạt động tuyên truyền trực tiếp', level: 1 }).waitFor();
    await typeDate(page, 'Từ ngày', '01/01/2020');
    await typeDate(page, 'Đến ngày', '31/01/2020');
    await page.getByText('Chưa có hoạt động nào trong khoảng ngày này.').waitFor();
    // The calendar opens on the field's month, in Vietnamese, weeks from Monday; a picked day shows as dd/mm/yyyy.
    await page.getByRole('textbox', { name: 'Từ ngày', exact: true }).click();
    await page.getByRole('button', { name: 'tháng 1 2020', exact: true }).waitFor();
    expect(await page.locator('[data-dates-dropdown]').getByRole('columnheader').first().textContent()).toBe('T2');
    await pickDate(page, 'Từ ngày', '15 tháng 1 2020');
    expect(await page.getByRole('textbox', { name: 'Từ ngày', exact: true }).inputValue()).toBe('15/01/2020');
    await page.getByText('Chưa có hoạt động nào trong khoảng ngày này.').waitFor();
    expect(await page.getByRole('heading', { name: 'Ghi nhận hoạt động' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ghi nhận', exact: true }).count()).toBe(0);
    await h.checkPage(page, 'web/activities-manager');
  });
});

