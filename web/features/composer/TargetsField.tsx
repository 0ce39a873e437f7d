import { Button, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { channelLabel } from '../../lib/channel-label.ts';
import { formatDateTime, vnTime } from '../../lib/time.ts';
import { useChannels, useChannelSets } from './api.ts';
import type { Draft } from './draft.ts';
import { VietnamTimeInput } from './VietnamTimeInput.tsx';

interface Props {
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
  message: (field: string) => string | undefined;
}

/** Quick slots in Vietnam time: the evening and morning hours when people read their feeds. */
function quickSlots(now = new Date()): { key: string; at: string | null }[] {
  const today = vnTime(now).startOf('day');
  const slots = [
    { key: 'composer.slot.now', at: null },
    { key: 'composer.slot.today19', at: today.hour(19).toISOString() },
    { key: 'composer.slot.tomorrow7', at: today.add(1, 'day').hour(7).toISOString() },
    { key: 'composer.slot.tomorrow19', at: today.add(1, 'day').hour(19).toISOString() },
  ];
  return slots.filter((s) => !s.at || new Date(s.at) > now);
}

/** Where (channels and channel sets) and when (Vietnam time) the item goes out. */
export function TargetsField({ draft, change, message }: Props) {
  const { t } = useTranslation();
  const channels = useChannels();
  const sets = useChannelSets();
  return (
    <Stack gap="sm">
      <MultiSelect
        label={t('composer.channels')}
        description={channels.data?.length === 0 ? t('composer.noChannels') : undefined}
        searchable
        data={(channels.data ?? []).map((c) => ({ value: c.id, label: channelLabel(c.name, t(`platforms.${c.platform}`)) }))}
        value={draft.channelIds}
        onChange={(channelIds) => change({ channelIds })}
        error={message('/targets')}
      />
      <MultiSelect
        label={t('composer.channelSets')}
        description={sets.data?.length === 0 ? t('composer.noChannelSets') : undefined}
        searchable
        data={(sets.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        value={draft.channelSetIds}
        onChange={(channelSetIds) => change({ channelSetIds })}
      />
      <VietnamTimeInput
        label={t('composer.publishAt')}
        description={
          !draft.publishAt
            ? t('composer.publishNow')
            : // A time already gone (a slip of the year: 2025 for 2026) publishes at approval, not when it reads.
              Date.parse(draft.publishAt) < Date.now()
              ? t('composer.publishAtPast', { time: formatDateTime(draft.publishAt) })
              : t('composer.vietnamTime', { time: formatDateTime(draft.publishAt) })
        }
        value={draft.publishAt}
        onChange={(publishAt) => change({ publishAt })}
        error={message('/publishAt')}
      />
      <Group gap="xs" role="group" aria-label={t('composer.quickSlots')}>
        {quickSlots().map((s) => (
          <Button key={s.key} size="xs" variant={draft.publishAt === s.at ? 'filled' : 'light'} onClick={() => change({ publishAt: s.at })}>
            {t(s.key)}
          </Button>
        ))}
      </Group>
      <VietnamTimeInput
        label={t('composer.expiresAt')}
        description={draft.expiresAt ? t('composer.expiresOn', { time: formatDateTime(draft.expiresAt) }) : t('composer.noExpiry')}
        value={draft.expiresAt}
        onChange={(expiresAt) => change({ expiresAt })}
        error={message('/expiresAt')}
      />
      <Text size="xs" c="dimmed">
        {t('composer.timezoneNote')}
      </Text>
    </Stack>
  );
}
