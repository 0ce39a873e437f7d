import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorFor, generalError } from '../../lib/problems.ts';
import { usePause, type Channel } from './api.ts';

/** Pausing stops every post to the channel until resumed: confirmed in a dialog, with the reason people will see. */
export function PauseButton({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const pause = usePause(channel.id);
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const general = generalError(pause.error, ['/reason'], t('common.networkError'));
  return (
    <>
      <Button size="compact-sm" variant="light" color="orange" onClick={open}>
        {t('channels.pause')}
      </Button>
      <Modal className="loa-contrast" opened={opened} onClose={close} title={t('channels.pauseTitle', { name: channel.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <Text size="sm">{t('channels.pauseBody')}</Text>
          <TextInput label={t('channels.pauseReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errorFor(pause.error, '/reason')} required data-autofocus />
          {general && (
            <Text c="red.8" size="sm" role="alert">
              {general}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={pause.isPending} onClick={() => pause.mutate(reason, { onSuccess: close })}>
              {t('channels.confirmPause')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
