import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Clock } from '../../lib/clock.ts';
import type { Role } from '../../db/schema/index.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { createTestApp, createUnit, createUser, TEST_PASSWORD, type TestApp } from '../app.ts';

/**
 * Browser tests of the officer web app (/app), shared by every screen's tests:
 *   const h = await startWebHarness();            // real server on a port, real PostgreSQL
 *   const page = await h.newPage();
 *   await h.signInAs(page, 'editor');             // through the sign-in page
 *   await h.checkPage(page, 'home-editor');       // axe (no serious/critical) + screenshot
 *   await h.close();
 * The app under test is the built web/dist (test/global-setup.ts rebuilds it when stale).
 * Pages run under the app's real CSP; a CSP violation or an uncaught page error fails
 * `checkPage`. Screenshots land in test-artifacts/<name>.png (gitignored).
 */
export const ARTIFACTS_DIR = path.resolve('test-artifacts');

/** The seeded organisation: a province with one commune under it; one user per role. */
export interface SeededOrg {
  provinceId: string;
  communeId: string;
  /** Email of the user holding each role (admin, editor, approver and viewer on the province; the officer on the commune). */
  emails: Record<Role, string>;
  userIds: Record<Role, string>;
}

export interface WebHarness {
  t: TestApp;
  base: string;
  org: SeededOrg;
  browser: Browser;
  worker: LoaWorker | undefined;
  /** A fresh browser context (own cookies), Vietnamese, 1280×800 unless told otherwise. */
  newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page>;
  /** Signs in through /app/dang-nhap as the seeded user of `role` (or an email); waits for the app to load. */
  signInAs(page: Page, who: Role | { email: string; password?: string }): Promise<void>;
  /** Runs axe-core on the page (fails on serious/critical), fails on CSP violations or page errors, saves a screenshot. */
  checkPage(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const axeSource = (require('axe-core') as { source: string }).source;
const pageProblems = new WeakMap<Page, string[]>();

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** A test app listening on a free loopback port, its public URL that address (links, cookies and redirects a browser follows). */
export async function startListeningApp(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<{ t: TestApp; base: string; port: number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ ...(options.clock ? { clock: options.clock } : {}), env: { PORT: String(port), LOA_PUBLIC_URL: base, ...options.env } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { t, base, port };
}

export async function startWebHarness(options: { worker?: boolean; clock?: Clock; env?: Record<string, string> } = {}): Promise<WebHarness> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const { t, base } = await startListeningApp({ ...options, env: { LOG_LEVEL: 'info', ...options.env } });
  const org = await seedOrg(t);
  const worker = options.worker
    ? await startWorker({ db: t.db, databaseUrl: t.database.url, log: t.deps.log, config: t.deps.config, clock: t.deps.clock, secrets: t.deps.secrets, storage: t.deps.storage })
    : undefined;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });

  const harness: WebHarness = {
    t,
    base,
    org,
    browser,
    worker,
    async newPage(contextOptions = {}) {
      const context: BrowserContext = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 800 }, ...contextOptions });
      const page = await context.newPage();
      const problems: string[] = [];
      pageProblems.set(page, problems);
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
      });
      return page;
    },
    async signInAs(page, who) {
      const email = typeof who === 'string' ? org.emails[who] : who.email;
      const password = typeof who === 'string' ? TEST_PASSWORD : (who.password ?? TEST_PASSWORD);
      if (!page.url().includes('/app/dang-nhap')) await page.goto(`${base}/app/dang-nhap`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Mật khẩu', { exact: false }).first().fill(password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/app/dang-nhap'));
    },
    async checkPage(page, name) {
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, `axe on ${name}`).toEqual([]);
      expect(pageProblems.get(page) ?? [], `page errors on ${name}`).toEqual([]);
    },
    async close() {
      await browser.close();
      await worker?.stop();
      await t.close();
    },
  };
  return harness;
}

async function seedOrg(t: TestApp): Promise<SeededOrg> {
  const provinceId = await createUnit(t.db, 'Công an tỉnh Thử Nghiệm', null, 'province');
  const communeId = await createUnit(t.db, 'Công an xã Hướng Thiện', provinceId, 'commune');
  const emails: Record<Role, string> = {
    admin: 'quantri@ca.vn',
    editor: 'bientap@ca.vn',
    approver: 'pheduyet@ca.vn',
    viewer: 'xem@ca.vn',
    commune_officer: 'canboxa@ca.vn',
  };
  const userIds = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'approver', 'viewer'] as const) userIds[role] = await createUser(t.db, emails[role], [{ role, unitId: provinceId }]);
  userIds.commune_officer = await createUser(t.db, emails.commune_officer, [{ role: 'commune_officer', unitId: communeId }]);
  return { provinceId, communeId, emails, userIds };
}
