import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel } from './api.ts';

/** A channel's name, its platform and, for a group, how many members it has. */
export function ChannelName({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text fw={500}>{c.name}</Text>
      <Text size="xs" c="gray.7">
        {t(`platforms.${c.platform}`)}
        {c.memberCount !== null ? ` · ${t('channels.members', { count: c.memberCount })}` : ''}
      </Text>
    </div>
  );
}
