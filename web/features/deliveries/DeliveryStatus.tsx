import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { stateColors } from '../../lib/delivery-states.ts';
import type { Delivery } from './api.ts';

/** A delivery's state and why: the last error or hold, and a correction waiting, under way or failed. */
export function DeliveryStatus({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const reason = d.lastError?.message ?? d.holdReason;
  // A correction's own line, unless the reason above already says it.
  const correction = d.correction && ['held', 'pending', 'updating', 'failed'].includes(d.correction.state) && d.correction.message !== reason ? d.correction : null;
  return (
    <Stack gap={4}>
      <Badge color={stateColors[d.state]} variant="light" data-state={d.state}>
        {t(`deliveryStates.${d.state}`)}
      </Badge>
      {reason && (
        <Text size="xs" data-reason>
          {reason}
        </Text>
      )}
      {correction && (
        <Text size="xs" data-correction={correction.state}>
          {t('board.correction')}: {correction.message ?? t(`board.correctionStates.${correction.state}`)}
        </Text>
      )}
    </Stack>
  );
}
