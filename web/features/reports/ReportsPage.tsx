import { Alert, Anchor, Button, Center, Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DateField } from '../../components/DateField.tsx';
import { useUnits } from '../../lib/content.ts';
import { errorFor } from '../../lib/problems.ts';
import { unitOptions } from '../../lib/unit-options.ts';
import { exportUrl, useReport, useTrend, type PeriodChoice, type PeriodKind, type Report } from './api.ts';
import { barChart, trendChart } from './chart-options.ts';
import { EChart } from './EChart.tsx';
import { cellText, fmt, headline, pct } from './format.ts';
import { ComplianceMatrix } from './ComplianceMatrix.tsx';
import { periodStart, reportYears, vietnamQuarterStart } from './period.ts';
import { ReportEditor } from './ReportEditor.tsx';
import { TableScroll } from './TableScroll.tsx';

const KINDS = ['views', 'reach', 'engagement', 'clicks'] as const;

/** The period in the address bar (?period=quarter&from=2026-10-01), the current quarter by default. */
function usePeriod(): [PeriodChoice, (p: PeriodChoice) => void, string | null, (u: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const fallback: PeriodChoice = { period: 'quarter', from: vietnamQuarterStart() };
  const period = (params.get('period') as PeriodKind | null) ?? fallback.period;
  const p: PeriodChoice = { period, from: periodStart(period, params.get('from') ?? fallback.from), ...(params.get('to') ? { to: params.get('to')! } : {}) };
  const write = (next: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) n.set(k, v);
    else n.delete(k);
    setParams(n);
  };
  return [p, (x) => write({ period: x.period, from: x.from, to: x.to ?? null }), params.get('unit'), (u) => write({ unit: u })];
}

function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (p: PeriodChoice) => void }) {
  const { t } = useTranslation();
  const year = value.from.slice(0, 4);
  const month = Number(value.from.slice(5, 7));
  const starts: Record<Exclude<PeriodKind, 'custom'>, { value: string; label: string }[]> = {
    month: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t('reports.monthN', { n: i + 1 }) })),
    quarter: ['I', 'II', 'III', 'IV'].map((q, i) => ({ value: String(i * 3 + 1), label: t('reports.quarterN', { n: q }) })),
    half: [{ value: '1', label: t('reports.half1') }, { value: '7', label: t('reports.half2') }],
    year: [{ value: '1', label: t('reports.wholeYear') }],
  };
  const at = (y: string, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;
  return (
    <Group align="flex-end" gap="sm">
      <Select
        label={t('reports.periodKind')}
        data={(['month', 'quarter', 'half', 'year', 'custom'] as const).map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))}
        value={value.period}
        onChange={(k) => k && onChange(k === 'custom' ? { period: 'custom', from: value.from, to: value.to ?? value.from } : { period: k as PeriodKind, from: at(year, k === 'month' ? month : k === 'quarter' ? month - ((month - 1) % 3) : k === 'half' ? (month <= 6 ? 1 : 7) : 1) })}
      />
      {value.period === 'custom' ? (
        <>
          <DateField label={t('reports.from')} value={value.from} onChange={(from) => onChange({ ...value, from })} />
          <DateField label={t('reports.to')} value={value.to ?? ''} onChange={(to) => onChange({ ...value, to })} />
        </>
      ) : (
        <>
          {value.period !== 'year' && (
            <Select label={t(`reports.kinds.${value.period}`)} data={starts[value.period]} value={String(month)} onChange={(m) => m && onChange({ period: value.period, from: at(year, Number(m)) })} />
          )}
          <Select label={t('reports.year')} data={reportYears()} value={year} onChange={(y) => y && onChange({ period: value.period, from: at(y, month) })} />
        </>
      )}
    </Group>
  );
}

function FigureTable({ caption, first, rows, extra }: { caption: string; first: string; rows: { key: string; label: React.ReactNode; figures: Report['totals']['figures']; deliveries: number; cells?: React.ReactNode[] }[]; extra?: string[] }) {
  const { t } = useTranslation();
  return (
    <TableScroll label={caption}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{first}</Table.Th>
            <Table.Th>{t('reports.deliveries')}</Table.Th>
            {KINDS.map((k) => (
              <Table.Th key={k}>{t(`reports.figure.${k}`)}</Table.Th>
            ))}
            {extra?.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={2 + KINDS.length + (extra?.length ?? 0)}>{t('reports.noDeliveries')}</Table.Td>
            </Table.Tr>
          )}
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td data-figure="deliveries">{fmt(r.deliveries)}</Table.Td>
              {KINDS.map((k) => (
                <Table.Td key={k} data-figure={k}>
                  {/* Nothing published by this row in the period: "–", not "không áp dụng" (as if it could not be measured). */}
                  {r.deliveries === 0 && !r.figures[k].applicable ? '–' : cellText(r.figures[k], t)}
                </Table.Td>
              ))}
              {r.cells?.map((c, i) => (
                <Table.Td key={i}>{c}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** /app/bao-cao: a unit's report for a period — charts, breakdowns with drill-down to communes, pushes, ranking, submissions, exports, the narrative. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [period, setPeriod, unitParam, setUnit] = usePeriod();
  const unitId = unitParam ?? units.data?.[0]?.id ?? null;
  const report = useReport(unitId, period);
  const trend = useTrend(unitId, period);
  const r = report.data;
  const charts = useMemo(() => {
    if (!r) return null;
    return {
      units: barChart(r.byUnit.map((u) => ({ label: u.own ? `${u.name} ${t('reports.own')}` : u.name, figures: u.figures })), t),
      themes: barChart(r.byTheme, t),
      platforms: barChart(r.byPlatform, t),
    };
  }, [r, t]);
  const trendOption = useMemo(() => trend.data && trendChart(trend.data, t), [trend.data, t]);

  return (
    <Stack>
      <Title order={1}>{t('reports.title')}</Title>
      <Group align="flex-end" gap="sm">
        <Select
          label={t('reports.unit')}
          searchable
          data={unitOptions(units.data ?? [])}
          value={unitId}
          onChange={(u) => setUnit(u)}
        />
        <PeriodPicker value={period} onChange={setPeriod} />
      </Group>
      {report.error ? (
        <Alert color="red" role="alert">
          {errorFor(report.error, 'querystring:/from') ?? (report.error as Error).message}
        </Alert>
      ) : !r || !unitId ? (
        <Center p="xl">
          <Loader role="status" aria-label={t('common.loading')} />
        </Center>
      ) : (
        <>
          <Group justify="space-between">
            <Title order={2}>
              {r.unit.name} — {r.period.label}
            </Title>
            <Group gap="xs">
              {r.unit.parentId && units.data?.some((u) => u.id === r.unit.parentId) && (
                <Button variant="default" onClick={() => setUnit(r.unit.parentId)}>
                  {t('reports.up')}
                </Button>
              )}
              <Button component="a" href={exportUrl(unitId, period, 'xlsx')} download>
                {t('reports.exportXlsx')}
              </Button>
              <Button component="a" href={exportUrl(unitId, period, 'docx')} download>
                {t('reports.exportDocx')}
              </Button>
              <Button component="a" variant="default" href={exportUrl(unitId, period, 'csv', 'units')} download>
                {t('reports.exportCsv')}
              </Button>
            </Group>
          </Group>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {KINDS.map((k) => {
              const big = headline(r.totals.figures[k]);
              // Nothing published in the period: the line below the cards says so; "không áp dụng" here would read as "this unit cannot be measured".
              const said = r.totals.deliveries === 0 ? big : cellText(r.totals.figures[k], t);
              return (
                <Paper key={k} withBorder p="sm" data-total={k}>
                  <Text size="sm">{t(`reports.figure.${k}`)}</Text>
                  <Text size="xl" fw={700}>
                    {big}
                  </Text>
                  {said !== big && <Text size="xs">{said}</Text>}
                  <Text size="xs">{t('reports.previous', { value: fmt(r.previous.figures[k]), period: r.previousPeriod.label })}</Text>
                </Paper>
              );
            })}
          </SimpleGrid>
          <Text>{t('reports.published', { items: fmt(r.totals.items), deliveries: fmt(r.totals.deliveries) })}</Text>
          <Text size="sm">{t('reports.neverAdded')}</Text>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {trendOption !== undefined && <EChart title={t('reports.chart.trend')} option={trendOption} />}
            {charts && <EChart title={t('reports.chart.units')} option={charts.units} />}
            {charts && <EChart title={t('reports.chart.themes')} option={charts.themes} />}
            {charts && <EChart title={t('reports.chart.platforms')} option={charts.platforms} />}
          </SimpleGrid>
          <FigureTable
            caption={t('reports.byUnit')}
            first={t('reports.unit')}
            extra={[t('reports.onTime'), t('reports.late'), t('reports.missed'), t('reports.coverage')]}
            rows={r.byUnit.map((u) => ({
              key: u.unitId,
              label: u.own ? (
                `${u.name} ${t('reports.own')}`
              ) : (
                <Anchor component="button" type="button" onClick={() => setUnit(u.unitId)}>
                  {u.name}
                </Anchor>
              ),
              figures: u.figures,
              deliveries: u.deliveries,
              cells: [fmt(u.compliance.onTime), fmt(u.compliance.late), fmt(u.compliance.missed), pct(u.coverage)],
            }))}
          />
          <FigureTable caption={t('reports.byPlatform')} first={t('reports.platform')} rows={r.byPlatform.map((p) => ({ key: p.platform, label: p.label, figures: p.figures, deliveries: p.deliveries }))} />
          <FigureTable caption={t('reports.byTheme')} first={t('reports.theme')} rows={r.byTheme.map((x) => ({ key: x.theme, label: x.label, figures: x.figures, deliveries: x.deliveries }))} />
          <FigureTable
            caption={t('reports.byItem')}
            first={t('reports.item')}
            extra={[t('reports.communesReceived'), t('reports.coverage')]}
            rows={r.byItem.map((i) => ({ key: i.itemId, label: i.title, figures: i.figures, deliveries: i.deliveries, cells: [`${fmt(i.covered)} / ${fmt(r.coverage.communes)}`, pct(i.coverage)] }))}
          />
          <Text size="sm">
            {t('reports.complianceLine', { onTime: fmt(r.compliance.onTime), late: fmt(r.compliance.late), missed: fmt(r.compliance.missed), members: fmt(r.compliance.estimatedReach) })}
          </Text>
          <ComplianceMatrix unitId={unitId} period={period} />
          <TableScroll label={t('reports.ranking')}>
            <Table striped withTableBorder captionSide="top">
              <Table.Caption>{t('reports.ranking')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  {['rank', 'unit', 'score', 'onTimeShare', 'coverage', 'engagementShare', 'activitiesShare'].map((h) => (
                    <Table.Th key={h}>{t(`reports.rank.${h}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.ranking.rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>{t('reports.rank.none')}</Table.Td>
                  </Table.Tr>
                )}
                {r.ranking.rows.map((x) => (
                  <Table.Tr key={x.unitId}>
                    <Table.Td>{x.rank}</Table.Td>
                    <Table.Td>{x.name}</Table.Td>
                    <Table.Td>{fmt(x.score)}</Table.Td>
                    <Table.Td>{pct(x.components.onTime)}</Table.Td>
                    <Table.Td>{pct(x.components.coverage)}</Table.Td>
                    <Table.Td>{pct(x.components.engagement)}</Table.Td>
                    <Table.Td>{pct(x.components.activities)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <Text size="sm">{r.ranking.formula}</Text>
          <TableScroll label={t('reports.activities')} minWidth={560}>
            <Table striped withTableBorder captionSide="top">
              <Table.Caption>{t('reports.activities')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  {['type', 'count', 'quantity', 'audience', 'clicks'].map((h) => (
                    <Table.Th key={h}>{t(`reports.act.${h}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.activities.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={5}>{t('reports.noActivities')}</Table.Td>
                  </Table.Tr>
                ) : (
                  r.activities.map((a) => (
                    <Table.Tr key={a.type}>
                      <Table.Td>{a.label}</Table.Td>
                      <Table.Td>{fmt(a.count)}</Table.Td>
                      <Table.Td>
                        {fmt(a.quantity)} {a.unit}
                      </Table.Td>
                      <Table.Td>{fmt(a.estimatedAudience)}</Table.Td>
                      <Table.Td>{fmt(a.clicks)}</Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <ReportEditor unitId={unitId} period={period} report={r} />
        </>
      )}
    </Stack>
  );
}
