import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';

/** Letters only Vietnamese uses: an English half written in Vietnamese would contain some. */
const VIETNAMESE_LETTERS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.ready();
  });
  afterAll(() => t.close());

  it('summarises every operation in Vietnamese and in English ("vi · en")', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { summary?: string }>> };
    const lacking: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const [vi, en, ...rest] = (op.summary ?? '').split(' · ');
        const bilingual = vi && en && rest.length === 0 && VIETNAMESE_LETTERS.test(vi) && !VIETNAMESE_LETTERS.test(en.replace(/NĐ-CP/g, ''));
        if (!bilingual) lacking.push(`${method.toUpperCase()} ${path}: ${op.summary ?? '(none)'}`);
      }
    }
    expect(lacking).toEqual([]);
  });
});
