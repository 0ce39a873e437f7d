import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stateColors } from '../../lib/delivery-states.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/time.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { Attempts } from './Attempts.tsx';
import type { ActionName, Delivery } from './api.ts';

const actionOrder: ActionName[] = ['retry', 'retryCorrection', 'publishNow', 'reschedule', 'markReconciled', 'cancel', 'takeDown'];

/** One channel of an item on the board: state and why, times, attempts, link, actions. */
export function DeliveryRow({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [showAttempts, setShowAttempts] = useState(false);
  const reason = d.lastError?.message ?? d.holdReason;
  // A correction waiting, under way or failed: its own line, unless the reason above already says it.
  const correction = d.correction && ['held', 'pending', 'updating', 'failed'].includes(d.correction.state) && d.correction.message !== reason ? d.correction : null;
  const moved = d.approvedDueAt !== null && d.approvedDueAt !== d.dueAt;
  const allowed = actionOrder.filter((a) => d.can[a].allowed);
  const blockedReschedule = !d.can.reschedule.allowed && (d.state === 'scheduled' || d.state === 'retrying') ? d.can.reschedule.reason : null;
  return (
    <>
      <Table.Tr data-delivery={d.id}>
        <Table.Td>
          <Text fw={500}>{d.channel.name}</Text>
          <Text size="xs" c="gray.7">
            {t(`platforms.${d.channel.platform}`)}
          </Text>
        </Table.Td>
        <Table.Td>
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
        </Table.Td>
        <Table.Td>
          <Text size="sm">{formatDateTime(d.dueAt)}</Text>
          {moved && (
            <Text size="xs" c="gray.7">
              {t('board.approvedTime', { time: formatDateTime(d.approvedDueAt) })}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Button variant="default" size="compact-sm" onClick={() => setShowAttempts((s) => !s)} aria-expanded={showAttempts}>
            {t('board.attemptCount', { count: d.attemptsMade })}
          </Button>
        </Table.Td>
        <Table.Td>
          {d.externalUrl && (
            <Anchor href={d.externalUrl} target="_blank" rel="noreferrer" size="sm">
              {t('board.openPost')}
            </Anchor>
          )}
        </Table.Td>
        <Table.Td>
          <Group gap={4}>
            {allowed.map((a) => (
              <Button key={a} size="compact-sm" variant={a === 'cancel' || a === 'takeDown' ? 'outline' : 'light'} color={a === 'cancel' || a === 'takeDown' ? 'red' : 'blue'} onClick={() => setOpen(a)}>
                {t(`board.actions.${a}`)}
              </Button>
            ))}
          </Group>
          {blockedReschedule && (
            <Text size="xs" c="gray.7">
              {blockedReschedule[currentLanguage()]}
            </Text>
          )}
        </Table.Td>
      </Table.Tr>
      {showAttempts && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            <Attempts id={d.id} />
          </Table.Td>
        </Table.Tr>
      )}
      {open && <ActionDialog delivery={d} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}
