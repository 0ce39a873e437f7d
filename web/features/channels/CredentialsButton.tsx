import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorFor, generalError } from '../../lib/problems.ts';
import { useReplaceCredentials, type Channel } from './api.ts';

/** The secrets each form-connected platform asks for (the server checks them: PUT /channels/{id}/credentials). */
const fields: Partial<Record<Channel['platform'], { key: string; label: string; secret: boolean }[]>> = {
  wordpress: [
    { key: 'username', label: 'channels.wpUser', secret: false },
    { key: 'applicationPassword', label: 'channels.wpPassword', secret: true },
  ],
  webhook: [{ key: 'secret', label: 'channels.hookSecret', secret: true }],
};

export const reconnectsByForm = (platform: Channel['platform']) => fields[platform] !== undefined;

/** Reconnects a WordPress or webhook channel by entering its credentials again; the held posts then go out. */
export function CredentialsButton({ channel, label }: { channel: Channel; label: string }) {
  const { t } = useTranslation();
  const replace = useReplaceCredentials(channel.id);
  const [opened, { open, close }] = useDisclosure(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const asked = fields[channel.platform] ?? [];
  const general = generalError(replace.error, asked.map((f) => `/credentials/${f.key}`), t('common.networkError'));
  return (
    <>
      <Button size="compact-sm" variant="light" color="blue" onClick={open}>
        {label}
      </Button>
      <Modal className="loa-contrast" opened={opened} onClose={close} title={t('channels.credentialsTitle', { name: channel.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          {asked.map((f) => {
            const Input = f.secret ? PasswordInput : TextInput;
            return <Input key={f.key} label={t(f.label)} value={values[f.key] ?? ''} onChange={(e) => set(f.key, e.currentTarget.value)} error={errorFor(replace.error, `/credentials/${f.key}`)} required />;
          })}
          {general && (
            <Text c="red.8" size="sm" role="alert">
              {general}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button loading={replace.isPending} onClick={() => replace.mutate(values, { onSuccess: close })}>
              {t('channels.saveCredentials')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
