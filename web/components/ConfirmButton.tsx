import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button whose action runs only after the user confirms it in a dialog; `trigger` draws another control (an icon) that opens it.
 * `fullLabel`: the button's name for a screen reader when `label` alone is one of many alike (a column of "Khoá"), starting with `label`.
 */
export function ConfirmButton({
  label,
  fullLabel,
  confirmTitle,
  confirmBody,
  onConfirm,
  loading,
  color = 'red',
  trigger,
}: {
  label: string;
  fullLabel?: string;
  confirmTitle: string;
  confirmBody?: string;
  onConfirm: () => void;
  loading?: boolean;
  color?: string;
  trigger?: (open: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      {trigger ? (
        trigger(open)
      ) : (
        <Button size="xs" variant="light" color={color} onClick={open} loading={loading ?? false} aria-label={fullLabel}>
          {label}
        </Button>
      )}
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={opened} onClose={close} title={confirmTitle}>
        {confirmBody && <Text mb="md">{confirmBody}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={color}
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            {label}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
