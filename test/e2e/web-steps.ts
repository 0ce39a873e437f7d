import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Steps the browser tests take the way a person does, shared by the screen tests and the
 * journey (web-journey.test.ts): choosing in a Mantine select, moving by Tab, uploading.
 */

/** The machine is shared: give the app time to answer (polled, never a fixed wait). */
export const settle = { timeout: 20_000, interval: 100 };

/** Picks `option` in the Mantine select or multi-select labelled `label`. */
export async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
  await page.keyboard.press('Escape');
}

/**
 * Types a day (dd/mm/yyyy) or a day and time (dd/mm/yyyy HH:mm) into the date field labelled
 * `label`, key by key as an officer does, and moves on with Tab (which closes its calendar).
 */
export async function typeDate(page: Page, label: string | RegExp, text: string) {
  const field = page.getByRole('textbox', { name: label, exact: typeof label === 'string' });
  await field.click();
  await field.press('ControlOrMeta+A');
  await field.pressSequentially(text);
  await field.press('Tab');
  await calendarClosed(page);
}

/** Opens the calendar of the date field labelled `label` and clicks a day, named as the Vietnamese calendar names it ('15 tháng 1 2020'). */
export async function pickDate(page: Page, label: string, day: string) {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('button', { name: day, exact: true }).click();
  await calendarClosed(page);
}

/** A closing calendar stays in the page while it fades out: wait, so the next field's calendar is the only one. */
async function calendarClosed(page: Page) {
  await page.locator('[data-dates-dropdown]').waitFor({ state: 'hidden' });
}

/** Presses Tab until the focused element matches, as a keyboard-only user would. */
export async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string }) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const labelled = a?.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null;
      return { tag: a?.tagName ?? '', text: a?.textContent?.trim() ?? '', label: labelled?.trim() ?? a?.getAttribute('aria-label') ?? '' };
    });
    if (matches(el)) return;
  }
  throw new Error('focus never reached the element by Tab');
}

/** Uploads a photo through the composer's "Tải ảnh lên" button and waits until it is attached. */
export async function uploadPhoto(page: Page, name: string, buffer: Buffer) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Tải ảnh lên' }).click()]);
  await chooser.setFiles({ name, mimeType: 'image/jpeg', buffer });
  await expect.poll(() => page.getByRole('button', { name: `Bỏ tệp ${name}` }).count(), settle).toBe(1);
}

/**
 * Uploads a video through the composer's tus upload (1 MB chunks) with the connection dropped
 * on the second chunk, and waits until it is attached. Returns the Upload-Offset of every
 * PATCH sent, so the caller can see the upload resumed from the server's offset.
 */
export async function uploadVideoCutHalfway(page: Page, name: string, buffer: Buffer): Promise<string[]> {
  const offsets: string[] = [];
  const pattern = '**/api/v1/uploads/*';
  await page.route(pattern, async (route) => {
    const req = route.request();
    if (req.method() === 'PATCH') {
      offsets.push(req.headers()['upload-offset']!);
      if (offsets.length === 2) return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Tải video lên' }).click()]);
  await chooser.setFiles({ name, mimeType: 'video/mp4', buffer });
  await expect.poll(() => page.getByRole('button', { name: `Bỏ tệp ${name}` }).count(), { timeout: 60_000, interval: 200 }).toBe(1);
  await page.unroute(pattern);
  return offsets;
}

/** The rows of one item on the delivery board (/app/luot-dang), found by the item's title. */
export function boardRows(page: Page, title: string) {
  // A table row on a desktop, a stacked block on a phone (both are rendered; CSS shows one).
  return page.locator('section', { has: page.getByRole('heading', { name: title }) }).locator('[data-delivery]:visible');
}

/** The delivery rows of one home card (region named by its title), found by the item's title. */
export function homeRows(page: Page, card: string, title: string) {
  // A table row on a desktop, a stacked block on a phone (both are rendered; CSS shows one).
  return page.getByRole('region', { name: card }).locator('[data-delivery]:visible').filter({ hasText: title });
}

/** The viewport of the phone tests: a mid-range Android phone (360×740 CSS px, as the commune officers' and citizens' phones). */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** That phone's browser as the server sees it (Chrome on a Samsung Galaxy A14), for pages that read the user agent. */
export const PHONE_UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

/** On a phone: the page never scrolls sideways, and every button in `scope` lies within the screen, a finger's 44px tall. */
export async function expectTappable(page: Page, scope: Locator) {
  const width = PHONE.viewport.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const buttons = await scope.getByRole('button').all();
  expect(buttons.length).toBeGreaterThan(0);
  for (const button of buttons) {
    const box = (await button.boundingBox())!;
    const name = (await button.textContent()) ?? '';
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(width);
    expect(box.height, name).toBeGreaterThanOrEqual(44);
  }
}
