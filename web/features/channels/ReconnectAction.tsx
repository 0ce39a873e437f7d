import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel } from './api.ts';
import { reconnectHref } from './reconnect.ts';
import { CredentialsButton, reconnectsByForm } from './CredentialsButton.tsx';

/**
 * The way to reconnect a channel, straight from where it is shown: the platform's consent
 * page (Zalo OA) or its credentials by form. Someone the server does not let reconnect it
 * is told who can.
 */
export function ReconnectAction({ channel, label }: { channel: Channel; label: string }) {
  const { t } = useTranslation();
  if (!channel.can.reconnect.allowed) return <Text size="sm">{t('channels.askAdmin')}</Text>;
  const href = reconnectHref(channel);
  if (href) {
    return (
      <Button component="a" href={href} size="compact-sm" variant="light" color="blue">
        {label}
      </Button>
    );
  }
  if (reconnectsByForm(channel.platform)) return <CredentialsButton channel={channel} label={label} />;
  return null;
}
