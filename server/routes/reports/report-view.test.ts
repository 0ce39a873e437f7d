import { describe, expect, it } from 'vitest';
import type { Report } from '../../../core/reports/report.ts';
import { reportView, TOP_CHANNELS } from './report-view.ts';

describe('reportView', () => {
  it('keeps the first channels by reach and says how many there are', () => {
    const byChannel = Array.from({ length: TOP_CHANNELS + 10 }, (_, i) => ({ channelId: `c${i}` })) as unknown as Report['byChannel'];
    const view = reportView({ byChannel } as Report);
    expect(view.byChannel.map((c) => c.channelId)).toEqual(byChannel.slice(0, TOP_CHANNELS).map((c) => c.channelId));
    expect(view.channelCount).toBe(TOP_CHANNELS + 10);
  });
});
