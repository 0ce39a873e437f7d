import { Button, Group, Text } from '@mantine/core';
import { useFocusReturn } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { ActionDialog } from './ActionDialog.tsx';
import type { ActionName, Delivery } from './api.ts';

const actionOrder: ActionName[] = ['retry', 'retryCorrection', 'publishNow', 'reschedule', 'markReconciled', 'cancel', 'takeDown'];

/** The actions the server's `can` flags allow on a delivery, each confirmed in its dialog; why rescheduling is not. */
export function DeliveryActions({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ActionName | null>(null);
  // The dialog unmounts as it closes (a fresh form each time), before the Modal could return focus
  // itself: the keyboard goes back to the action's button, not to the top of the page.
  useFocusReturn({ opened: open !== null });
  const allowed = actionOrder.filter((a) => d.can[a].allowed);
  const blockedReschedule = !d.can.reschedule.allowed && (d.state === 'scheduled' || d.state === 'retrying') ? d.can.reschedule.reason : null;
  return (
    <div>
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
      {open && <ActionDialog delivery={d} action={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
