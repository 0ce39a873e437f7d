import type { Report } from '../../../core/reports/report.ts';

/**
 * Channels listed in a report's JSON: the first ones by reach. A province has thousands of
 * channels (3.3 MB of JSON for 6,000); the page does not list them, and the XLSX and the
 * `channels` CSV keep every one.
 */
export const TOP_CHANNELS = 50;

/** A report as the API sends it: `byChannel` cut to the top channels, `channelCount` saying how many there are. */
export function reportView(report: Report): Report & { channelCount: number } {
  return { ...report, byChannel: report.byChannel.slice(0, TOP_CHANNELS), channelCount: report.byChannel.length };
}
