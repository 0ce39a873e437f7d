import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useComplianceMatrix, type PeriodChoice } from './api.ts';
import { TableScroll } from './TableScroll.tsx';

/** Above this many communes the table would not fit a screen: drill down to a district first. */
const MAX_COMMUNES = 40;

/** The compliance table item × commune: how each commune's Zalo groups got each item. */
export function ComplianceMatrix({ unitId, period }: { unitId: string; period: PeriodChoice }) {
  const { t } = useTranslation();
  const m = useComplianceMatrix(unitId, period);
  if (!m.data) return null;
  const { communes, items, cells } = m.data;
  if (items.length === 0) return <Text size="sm">{t('reports.matrix.empty')}</Text>;
  if (communes.length > MAX_COMMUNES) return <Text size="sm">{t('reports.matrix.tooWide', { count: communes.length })}</Text>;
  const cell = (item: string, commune: string) => cells.find((c) => c.itemId === item && c.communeId === commune);
  return (
    <TableScroll label={t('reports.matrix.title')} minWidth={600}>
      <Table withTableBorder withColumnBorders captionSide="top">
        <Table.Caption>{t('reports.matrix.title')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.item')}</Table.Th>
            {communes.map((c) => (
              <Table.Th key={c.id}>{c.name}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.title}</Table.Td>
              {communes.map((c) => {
                const x = cell(i.id, c.id);
                const parts = x ? (['onTime', 'late', 'missed', 'pending'] as const).filter((k) => x[k] > 0).map((k) => `${t(`reports.matrix.${k}`)} ${x[k]}`) : [];
                return <Table.Td key={c.id}>{parts.length ? parts.join(' · ') : t('reports.matrix.none')}</Table.Td>;
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
