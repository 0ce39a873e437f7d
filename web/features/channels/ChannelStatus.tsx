import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel } from './api.ts';

const statusColor: Record<string, string> = { connected: 'green', needs_reconnect: 'red', disabled: 'gray' };

/** A channel's connection status, and the pause with its reason. */
export function ChannelStatus({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Badge color={statusColor[c.status]} variant="light">
        {t(`channelStatus.${c.status}`)}
      </Badge>
      {/* The reason is free text: a sentence wraps as text, where a badge would run on in one line. */}
      {c.paused && (
        <Text size="sm" fw={500}>
          {t('channels.paused', { reason: c.pauseReason ?? '' })}
        </Text>
      )}
    </Stack>
  );
}
