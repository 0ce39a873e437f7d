import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { fontMetrics } from './font-metrics.ts';
import { FONTCONFIG_FILE } from './fonts.ts';
import { ogCardEtag, renderOgCard, type OgCardInput } from './og-card.ts';
import { fitTitle, layout } from './og-card-svg.ts';

const LONG_TITLE =
  'Cảnh giác trước thủ đoạn lôi kéo người vừa chấp hành xong án phạt tù tham gia đường dây cho vay nặng lãi, ' +
  'mua bán trái phép chất ma túy và đánh bạc qua mạng xã hội trên địa bàn các xã vùng cao của tỉnh Sơn La năm 2025';
const UNIT = 'Phòng Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng (PC10) — Công an tỉnh Sơn La';

const tmp = mkdtempSync(path.join(tmpdir(), 'loa-og-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function rgba(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** One character drawn black on white; the ink's bounding box and pixel count. */
type Ink = { top: number; bottom: number; left: number; right: number; pixels: number };
function glyphSvg(ch: string, family: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="280"><rect width="640" height="280" fill="#fff"/><text x="60" y="190" font-family="${family}" font-weight="700" font-size="140">${ch}</text></svg>`;
}
async function inkOf(png: Buffer): Promise<Ink> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const ink: Ink = { top: Infinity, bottom: -1, left: Infinity, right: -1, pixels: 0 };
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if ((data[y * info.width + x] ?? 255) >= 128) continue;
      ink.pixels++;
      ink.top = Math.min(ink.top, y);
      ink.bottom = Math.max(ink.bottom, y);
      ink.left = Math.min(ink.left, x);
      ink.right = Math.max(ink.right, x);
    }
  }
  return ink;
}

/** What real Vietnamese letters look like next to their base letters; a tofu box fails every line. */
function diacriticFailures(g: Record<string, Ink>): string[] {
  const need = (ch: string): Ink => g[ch] ?? { top: 0, bottom: 0, left: 0, right: 0, pixels: 0 };
  const [u, uHorn, uHornGrave, e, eCircDot, D, DStroke] = [need('u'), need('ư'), need('ừ'), need('e'), need('ệ'), need('D'), need('Đ')];
  const failures: string[] = [];
  if (!(uHornGrave.top < u.top - 20)) failures.push('ừ has no mark above u');
  if (!(uHorn.right > u.right + 5)) failures.push('ư has no horn right of u');
  if (!(eCircDot.top < e.top - 20)) failures.push('ệ has no circumflex above e');
  if (!(eCircDot.bottom > e.bottom + 10)) failures.push('ệ has no dot below e');
  if (!(DStroke.pixels > D.pixels * 1.04 && DStroke.left < D.left)) failures.push('Đ has no stroke through D');
  return failures;
}
const LETTERS = ['u', 'ư', 'ừ', 'e', 'ệ', 'D', 'Đ'];

describe('renderOgCard', () => {
  it('returns a 1200×630 PNG', async () => {
    const png = await renderOgCard({ title: 'Hỏi – đáp: xin cấp Phiếu lý lịch tư pháp', kicker: 'Hỏi – đáp', unitName: 'Công an tỉnh Bình Định' });
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    expect(png.length).toBeLessThan(1_000_000); // Facebook recommends PNGs under 1 MB
  });

  it('is pure: the same input gives the same bytes and ETag; any text change gives another ETag', async () => {
    const input: OgCardInput = { title: 'Con đường hướng thiện', unitName: 'Công an xã An Nhơn' };
    expect((await renderOgCard(input)).equals(await renderOgCard({ ...input }))).toBe(true);
    expect(ogCardEtag(input)).toBe(ogCardEtag({ title: ' Con  đường hướng thiện '.normalize('NFD'), unitName: 'Công an xã An Nhơn' }));
    expect(ogCardEtag(input)).toMatch(/^"og-1-[\w-]+"$/);
    const etags = new Set([input, { ...input, title: 'Con đường hướng thiên' }, { ...input, kicker: 'Tin bài' }, { title: input.title }].map(ogCardEtag));
    expect(etags.size).toBe(4);
  });

  it('draws the title with the shipped fonts only: whatever family is asked for, system fonts never appear', async () => {
    expect(process.env.FONTCONFIG_FILE).toBe(FONTCONFIG_FILE);
    const renders = await Promise.all(
      ['Be Vietnam Pro', 'DejaVu Sans', 'Liberation Serif', 'Không Có Phông Này'].map((family) =>
        sharp(Buffer.from(glyphSvg('Đường', family))).raw().toBuffer(),
      ),
    );
    for (const r of renders.slice(1)) expect(r.equals(renders[0] as Buffer)).toBe(true);
    // …and what they all fell back to is Be Vietnam Pro: the ink is as wide as its advance widths say.
    const ink = await inkOf(await sharp(Buffer.from(glyphSvg('Đường', 'DejaVu Sans'))).png().toBuffer());
    const expected = fontMetrics(700).width('Đường', 140);
    expect(Math.abs(ink.right - ink.left - expected) / expected).toBeLessThan(0.05);
  });

  it('renders Vietnamese marks as real glyphs; the same check fails on the tofu boxes drawn without the shipped fonts', async () => {
    const ours: Record<string, Ink> = {};
    for (const ch of LETTERS) ours[ch] = await inkOf(await sharp(Buffer.from(glyphSvg(ch, 'Be Vietnam Pro'))).png().toBuffer());
    expect(diacriticFailures(ours)).toEqual([]);

    // A fresh process whose fontconfig sees no fonts at all: what a bare server would draw.
    const empty = path.join(tmp, 'empty-fonts.conf');
    writeFileSync(empty, '<?xml version="1.0"?><fontconfig></fontconfig>');
    const script = `import sharp from 'sharp';
      const out = {};
      for (const [ch, svg] of JSON.parse(process.argv[1])) out[ch] = (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64');
      process.stdout.write(JSON.stringify(out));`;
    const svgs = JSON.stringify(LETTERS.map((ch) => [ch, glyphSvg(ch, 'Be Vietnam Pro')]));
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, svgs], {
      env: { ...process.env, FONTCONFIG_FILE: empty },
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const tofu: Record<string, Ink> = {};
    for (const [ch, b64] of Object.entries(JSON.parse(stdout.toString()) as Record<string, string>)) {
      tofu[ch] = await inkOf(Buffer.from(b64, 'base64'));
    }
    expect(diacriticFailures(tofu).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps long titles, kickers and unit names inside their boxes: no pixel outside them changes', async () => {
    const blank = await rgba(await renderOgCard({ title: '' }));
    const inputs: OgCardInput[] = [
      { title: LONG_TITLE, kicker: 'Cảnh báo thủ đoạn lôi kéo, dụ dỗ người lầm lỗi tái phạm tội', unitName: UNIT },
      { title: 'ĐƯỜNG HƯỚNG THIỆN: NGƯỜI LẦM LỖI VƯỢT QUA MẶC CẢM, TRỞ VỀ VỚI GIA ĐÌNH VÀ XÃ HỘI TRỌN VẸN NHẤT' },
      { title: `${'Mộtcụmtừrấtdàikhôngcókhoảngtrắngnàođểngắtdòng'.repeat(4)} và phần cuối` },
      { title: 'W'.repeat(300), unitName: 'M'.repeat(200) },
    ];
    const { title: box, footer } = layout;
    const margin = 8;
    const inTitle = (x: number, y: number) =>
      x >= box.x - margin && x <= box.x + box.width + margin && y >= box.y - margin && y <= box.y + box.height + margin;
    const inFooter = (x: number, y: number) =>
      x >= box.x - margin && x <= box.x + footer.maxWidth + margin && y >= footer.baseline - footer.size - margin && y <= footer.baseline + margin;
    for (const input of inputs) {
      const card = await rgba(await renderOgCard(input));
      let changedOutside = 0;
      let changedInside = 0;
      for (let y = 0; y < card.height; y++) {
        for (let x = 0; x < card.width; x++) {
          const i = 4 * (y * card.width + x);
          const same = card.data.readUInt32BE(i) === blank.data.readUInt32BE(i);
          if (same) continue;
          if (inTitle(x, y) || inFooter(x, y)) changedInside++;
          else changedOutside++;
        }
      }
      expect({ title: input.title.slice(0, 20), changedOutside }).toEqual({ title: input.title.slice(0, 20), changedOutside: 0 });
      expect(changedInside).toBeGreaterThan(1_000);
    }
  });

  it('wraps to at most four measured lines and ends a cut title with "…"; short titles stay large and whole', () => {
    const long = fitTitle(LONG_TITLE);
    expect(long.lines.length).toBe(4);
    expect(long.lines.at(-1)?.endsWith('…')).toBe(true);
    for (const line of long.lines) expect(fontMetrics(700).width(line, long.size)).toBeLessThanOrEqual(layout.title.width);
    const short = fitTitle('Con đường hướng thiện');
    expect(short).toEqual({ lines: ['Con đường hướng', 'thiện'], size: 72 });
  });

  it('drops characters the font cannot draw instead of showing tofu boxes', async () => {
    const plain = await renderOgCard({ title: 'Xin chào bà con' });
    expect((await renderOgCard({ title: 'Xin chào 😀 bà con 🇻🇳' })).equals(plain)).toBe(true);
  });
});
