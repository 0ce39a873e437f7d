import encodeQR from 'qr';
import sharp from 'sharp';

/**
 * QR codes of short links for print (posters, leaflets, banners). Error correction
 * "quartile" (25 %) survives a crease, a smudge or a glossy reflection, and short links
 * stay small enough for it. The quiet zone is the 4 modules the standard asks for.
 */
const QR_OPTIONS = { ecc: 'quartile', border: 4 } as const;

/** The code as a grid of dark (true) and light modules, quiet zone included. */
export function qrModules(text: string): boolean[][] {
  return encodeQR(text, 'raw', QR_OPTIONS);
}

/**
 * Scalable vector for print: one path of dark runs per row on a white square, drawn with
 * crisp edges so no printer or viewer blurs module borders.
 */
export function qrSvg(text: string): string {
  const grid = qrModules(text);
  const n = grid.length;
  let d = '';
  grid.forEach((row, y) => {
    for (let x = 0; x < n; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (x + run < n && row[x + run]) run++;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${n * 8}" height="${n * 8}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  );
}

/** Pixels per module of the PNG. (Default: 10, so a short link gives ≈ 330–450 px.) */
export const DEFAULT_QR_SCALE = 10;

/** Raster for office software: exact module squares (no resampling), greyscale PNG. */
export async function qrPng(text: string, scale = DEFAULT_QR_SCALE): Promise<Buffer> {
  const grid = qrModules(text);
  const n = grid.length;
  const side = n * scale;
  const pixels = Buffer.alloc(side * side, 255);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!grid[y]![x]) continue;
      for (let dy = 0; dy < scale; dy++) pixels.fill(0, (y * scale + dy) * side + x * scale, (y * scale + dy) * side + (x + 1) * scale);
    }
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } })
    .png({ compressionLevel: 9, palette: true, colours: 2 })
    .toBuffer();
}
