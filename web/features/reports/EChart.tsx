import { Center, Text } from '@mantine/core';
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * An ECharts chart in the page (canvas) under its visible title, which also describes it to screen readers;
 * with no option (nothing read in the period) the same box says so instead of drawing empty axes.
 */
export function EChart({ option, title, height = 320 }: { option: echarts.EChartsCoreOption | null; title: string; height?: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current || !option) return;
    const chart = echarts.init(ref.current, null, { renderer: 'canvas' });
    chart.setOption({ animation: false, color: ['#1c5d99', '#c0392b', '#2e8b57', '#b7791f'], ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return (
    <div>
      <Text fw={600} size="sm" aria-hidden>
        {title}
      </Text>
      {option ? (
        <div ref={ref} role="img" aria-label={title} data-chart={title} style={{ width: '100%', height }} />
      ) : (
        <Center data-chart-empty={title} bd="1px dashed var(--mantine-color-gray-4)" style={{ height }}>
          <Text size="sm">{t('reports.chart.empty')}</Text>
        </Center>
      )}
    </div>
  );
}
