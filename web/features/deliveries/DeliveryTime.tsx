import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import type { Delivery } from './api.ts';

/** When a delivery goes out (Vietnam time), and the approved time when someone moved it. */
export function DeliveryTime({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const moved = d.approvedDueAt !== null && d.approvedDueAt !== d.dueAt;
  return (
    <div>
      <Text size="sm">{formatDateTime(d.dueAt)}</Text>
      {moved && (
        <Text size="xs" c="gray.7">
          {t('board.approvedTime', { time: formatDateTime(d.approvedDueAt) })}
        </Text>
      )}
    </div>
  );
}
