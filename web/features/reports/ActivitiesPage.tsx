import { Anchor, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { vietnamToday } from '../../lib/time.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useUnits } from '../../lib/content.ts';
import { ActivityForm } from './ActivityForm.tsx';
import { TableScroll } from './TableScroll.tsx';
import { useActivities } from './api.ts';
import { fmt } from './format.ts';

const yearStart = () => `${vietnamToday().slice(0, 4)}-01-01`;

/** /app/hoat-dong: outreach that is not an online post — recorded by editors and commune officers, listed for managers. */
export default function ActivitiesPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const unit = unitId ?? units.data?.[0]?.id ?? null;
  const [from, setFrom] = useState(yearStart());
  const [to, setTo] = useState(vietnamToday());
  const list = useActivities(unit, from, to);
  return (
    <Stack>
      <Title order={1}>{t('activities.title')}</Title>
      <Text size="sm">{t('activities.intro')}</Text>
      <Group align="flex-end">
        <Select label={t('reports.unit')} data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={unit} onChange={setUnitId} />
        <DateField label={t('reports.from')} value={from} onChange={setFrom} />
        <DateField label={t('reports.to')} value={to} onChange={setTo} />
      </Group>
      {list.data?.can.record && <ActivityForm unitId={unit} />}
      <ProblemAlert error={list.error} />
      <TableScroll label={t('activities.list')} minWidth={760}>
        <Table striped withTableBorder captionSide="top">
          <Table.Caption>{t('activities.list')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {['occurredOn', 'type', 'name', 'quantity', 'audience', 'clicks', 'proofColumn'].map((h) => (
                <Table.Th key={h}>{t(`activities.${h}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>{t('activities.empty')}</Table.Td>
              </Table.Tr>
            )}
            {(list.data?.items ?? []).map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.occurredOn.split('-').reverse().join('/')}</Table.Td>
                <Table.Td>{a.typeLabel}</Table.Td>
                <Table.Td>{a.title}</Table.Td>
                <Table.Td>{fmt(a.quantity)}</Table.Td>
                <Table.Td>{fmt(a.estimatedAudience)}</Table.Td>
                <Table.Td>{fmt(a.clicks)}</Table.Td>
                <Table.Td>
                  {a.proofMediaId ? (
                    <Anchor href={`/api/v1/media/${a.proofMediaId}/content`} target="_blank" rel="noreferrer">
                      {t('activities.openProof')}
                    </Anchor>
                  ) : (
                    '–'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Stack>
  );
}
