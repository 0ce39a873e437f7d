import { describe, expect, it } from 'vitest';
import { barChart, trendChart } from './chart-options.ts';

const cell = (value: number | null) => ({ value, applicable: true, unread: 0, nextReadingAt: null });
const figures = (reach: number) => ({ views: cell(null), reach: cell(reach), engagement: cell(12), clicks: cell(null) });

describe('report charts', () => {
  it('write axis numbers as the tables do (15.000) and cut long unit names', () => {
    const bars = barChart([{ label: 'Phòng Cảnh sát THAHS và hỗ trợ tư pháp (PC10)', figures: figures(14848) }], (k) => k)!;
    expect(bars.xAxis.axisLabel.formatter(15000)).toBe('15.000');
    expect(bars.yAxis.data).toEqual(['Phòng Cảnh sát THAHS và…']);
    expect(bars.series[0]!.data).toEqual([14848]);
    const trend = trendChart([{ label: 'Tuần 07/12', figures: { reach: 14848, views: null, engagement: 3 } }], (k) => k)!;
    expect(trend.yAxis.axisLabel.formatter(2500.5)).toBe('2.500,5');
    expect(trend.xAxis.data).toEqual(['07/12']);
  });

  it('draw nothing when no row or week has a reading, and draw a row whose only reading is 0', () => {
    const unread = { views: cell(null), reach: cell(null), engagement: cell(null), clicks: cell(null) };
    expect(barChart([], (k) => k)).toBeNull();
    expect(barChart([{ label: 'Công an tỉnh', figures: unread }], (k) => k)).toBeNull();
    expect(barChart([{ label: 'Công an tỉnh', figures: { ...unread, reach: cell(0) } }], (k) => k)!.series[0]!.data).toEqual([0]);
    expect(trendChart([{ label: 'Tuần 07/12', figures: { reach: null, views: null, engagement: null } }], (k) => k)).toBeNull();
    expect(trendChart([{ label: 'Tuần 07/12', figures: { reach: null, views: 5, engagement: null } }], (k) => k)).not.toBeNull();
  });
});
