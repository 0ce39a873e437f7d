import * as echarts from 'echarts';
import sharp from 'sharp';
import { KIND_LABELS } from './labels.ts';
import type { Report } from './report.ts';
import type { TrendPoint } from './trend.ts';

/** A chart drawn on the server (no browser): SVG from ECharts' SSR renderer, PNG through sharp. */
export interface ChartImage {
  key: 'trend' | 'units' | 'themes' | 'platforms';
  title: string;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
  /** Nothing to draw (no figure above 0): a report leaves the chart out rather than print an empty frame. */
  empty: boolean;
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const COLORS = ['#1c5d99', '#c0392b', '#2e8b57', '#b7791f'];
const WIDTH = 900;
const HEIGHT = 420;

function svgOf(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  chart.setOption({ animation: false, color: COLORS, textStyle: { fontFamily: FONT }, backgroundColor: '#ffffff', ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Horizontal bars of reach and engagement (nothing read yet draws as no bar; the tables say "chưa có số liệu"). */
function bars(title: string, rows: { label: string; reach: number | null; engagement: number | null }[]): echarts.EChartsCoreOption {
  const top = rows.slice(0, 12).reverse();
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    legend: { bottom: 0 },
    grid: { left: 230, right: 30, top: 40, bottom: 50 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: top.map((r) => (r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label)) },
    series: [
      { name: KIND_LABELS.reach, type: 'bar', data: top.map((r) => r.reach) },
      { name: KIND_LABELS.engagement, type: 'bar', data: top.map((r) => r.engagement) },
    ],
  };
}

/** The dashboard's four charts for a report: weekly trend, by unit, by theme, by platform. */
export async function reportCharts(report: Report, trend: TrendPoint[]): Promise<ChartImage[]> {
  const fig = (r: { figures: Report['totals']['figures'] }) => ({ reach: r.figures.reach.value, engagement: r.figures.engagement.value });
  const drawn = (values: (number | null)[]) => values.some((v) => v !== null && v > 0);
  const barsDrawn = (rows: { figures: Report['totals']['figures'] }[]) => drawn(rows.flatMap((r) => [r.figures.reach.value, r.figures.engagement.value]));
  const options: (Pick<ChartImage, 'key' | 'title' | 'empty'> & { option: echarts.EChartsCoreOption })[] = [
    {
      key: 'trend',
      title: 'Diễn biến theo tuần',
      empty: !drawn(trend.flatMap((p) => [p.figures.reach, p.figures.views, p.figures.engagement])),
      option: {
        title: { text: `Diễn biến theo tuần — ${report.period.label}`, left: 'center', textStyle: { fontSize: 16 } },
        legend: { bottom: 0 },
        grid: { left: 70, right: 30, top: 40, bottom: 60 },
        xAxis: { type: 'category', data: trend.map((p) => p.label.replace('Tuần ', '')) },
        yAxis: { type: 'value' },
        series: (['reach', 'views', 'engagement'] as const).map((k) => ({ name: KIND_LABELS[k], type: 'line', data: trend.map((p) => p.figures[k]), connectNulls: false })),
      },
    },
    { key: 'units', title: 'Theo đơn vị', empty: !barsDrawn(report.byUnit), option: bars('Theo đơn vị', report.byUnit.map((u) => ({ label: u.own ? `${u.name} (trực tiếp)` : u.name, ...fig(u) }))) },
    { key: 'themes', title: 'Theo chủ đề', empty: !barsDrawn(report.byTheme), option: bars('Theo chủ đề', report.byTheme.map((t) => ({ label: t.label, ...fig(t) }))) },
    { key: 'platforms', title: 'Theo nền tảng', empty: !barsDrawn(report.byPlatform), option: bars('Theo nền tảng', report.byPlatform.map((p) => ({ label: p.label, ...fig(p) }))) },
  ];
  return Promise.all(
    options.map(async ({ key, title, empty, option }) => {
      const svg = svgOf(option);
      const png = await sharp(Buffer.from(svg)).png().toBuffer();
      return { key, title, svg, png, width: WIDTH, height: HEIGHT, empty };
    }),
  );
}
