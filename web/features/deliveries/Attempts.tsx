import { Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import { useDeliveryDetail } from './api.ts';

/** Every try of one delivery: when, how long, what came of it, the platform's code. */
export function Attempts({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useDeliveryDetail(id, true);
  if (!detail.data) return <Loader size="sm" role="status" aria-label={t('common.loading')} />;
  if (detail.data.attempts.length === 0) return <Text size="sm">{t('board.noAttempts')}</Text>;
  return (
    <Table striped aria-label={t('board.attempts')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>{t('board.attemptTime')}</Table.Th>
          <Table.Th>{t('board.duration')}</Table.Th>
          <Table.Th>{t('board.attemptOutcome')}</Table.Th>
          <Table.Th>{t('board.platformCode')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {detail.data.attempts.map((a) => (
          <Table.Tr key={a.number}>
            <Table.Td>{a.number}</Table.Td>
            <Table.Td>{formatDateTime(a.startedAt)}</Table.Td>
            <Table.Td>{a.durationMs === null ? '' : t('board.ms', { ms: a.durationMs })}</Table.Td>
            <Table.Td>{a.outcome ? t(`board.attemptOutcomes.${a.outcome}`, { defaultValue: a.outcome }) : ''}</Table.Td>
            <Table.Td>{[a.errorCode, a.platformCode].filter(Boolean).join(' · ')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
