import { fileURLToPath } from 'node:url';

/**
 * Image templates draw text only with the OFL fonts shipped in templates/fonts/ (Be Vietnam
 * Pro: full Vietnamese coverage; licence in templates/fonts/OFL.txt), never with system fonts:
 * a bare server or container may have none, or fonts without Vietnamese glyphs (tofu boxes).
 *
 * sharp's bundled fontconfig reads FONTCONFIG_FILE once, when the process first renders SVG
 * text; so this module points it at our own fonts.conf as a side effect of being imported,
 * and every module that renders text imports it before its first render. This is a write of
 * a process setting for a native library, not configuration read by Loa.
 */
export const FONTCONFIG_FILE = fileURLToPath(new URL('./fonts/fonts.conf', import.meta.url));
// eslint-disable-next-line no-restricted-properties -- sets (never reads) the variable libvips' fontconfig reads at its first text render
process.env.FONTCONFIG_FILE = FONTCONFIG_FILE;

export const FONT_FAMILY = 'Be Vietnam Pro';

export type FontWeight = 400 | 600 | 700;

/** The shipped file for each weight the templates use (also read for text measurement). */
export const fontFiles: Record<FontWeight, string> = {
  400: fileURLToPath(new URL('./fonts/BeVietnamPro-Regular.ttf', import.meta.url)),
  600: fileURLToPath(new URL('./fonts/BeVietnamPro-SemiBold.ttf', import.meta.url)),
  700: fileURLToPath(new URL('./fonts/BeVietnamPro-Bold.ttf', import.meta.url)),
};
