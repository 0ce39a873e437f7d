import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel } from './api.ts';
import { reconnectHref } from './reconnect.ts';

/**
 * "Kết nối lại" for a channel that connects on its platform's consent page (Facebook, YouTube,
 * Zalo OA): a full-page navigation to the server's start route, which sends the browser on to
 * the platform (no platform JavaScript here). A channel waiting for reconnection gets its
 * button from ReconnectAction instead.
 */
export function ConnectLink({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const href = reconnectHref(channel);
  if (!href || !channel.can.reconnect.allowed || channel.status === 'needs_reconnect') return null;
  return (
    <Button component="a" href={href} size="compact-sm" variant="light" color="blue">
      {t('channels.reconnect')}
    </Button>
  );
}
