import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import { usePause, useResume, type Channel } from './api.ts';

const statusColor: Record<string, string> = { connected: 'green', needs_reconnect: 'red', disabled: 'gray' };

/** Where an admin reconnects a channel: its platform's consent page, or new credentials. */
export function reconnectHref(c: Channel): string | null {
  if (c.platform === 'zalo_oa') return `/api/v1/oauth/zalo/start?channelId=${c.id}`;
  return null;
}

/** One channel: status and health, pause/resume with a reason, reconnect. */
export function ChannelRow({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  const pause = usePause(c.id);
  const resume = useResume(c.id);
  const [reason, setReason] = useState('');
  const [pausing, setPausing] = useState(false);
  const expiresSoon = c.credentialsExpiresAt && new Date(c.credentialsExpiresAt).getTime() - Date.now() < 7 * 86_400_000;
  const reconnect = reconnectHref(c);
  return (
    <Table.Tr data-channel={c.id}>
      <Table.Td>
        <Text fw={500}>{c.name}</Text>
        <Text size="xs" c="gray.7">
          {t(`platforms.${c.platform}`)}
          {c.memberCount !== null ? ` · ${t('channels.members', { count: c.memberCount })}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Badge color={statusColor[c.status]} variant="light">
            {t(`channelStatus.${c.status}`)}
          </Badge>
          {c.paused && <Badge color="orange" variant="light">{t('channels.paused', { reason: c.pauseReason ?? '' })}</Badge>}
        </Stack>
      </Table.Td>
      <Table.Td>
        {c.credentialsExpiresAt && (
          <Text size="sm" c={expiresSoon ? 'red.8' : undefined}>
            {t('channels.expires', { time: formatDateTime(c.credentialsExpiresAt) })}
          </Text>
        )}
        {!c.hasCredentials && c.platform !== 'zalo_group_manual' && c.platform !== 'site' && <Text size="sm">{t('channels.noCredentials')}</Text>}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {c.status === 'needs_reconnect' && reconnect && (
            <Anchor href={reconnect} size="sm">
              {t('channels.reconnect')}
            </Anchor>
          )}
          {c.paused ? (
            <Button size="compact-sm" variant="light" color="blue" loading={resume.isPending} onClick={() => resume.mutate()}>
              {t('channels.resume')}
            </Button>
          ) : pausing ? (
            <Group gap={4}>
              <TextInput size="xs" aria-label={t('channels.pauseReason')} placeholder={t('channels.pauseReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={pause.error?.message} />
              <Button size="compact-sm" color="orange" loading={pause.isPending} onClick={() => pause.mutate(reason, { onSuccess: () => setPausing(false) })}>
                {t('channels.confirmPause')}
              </Button>
            </Group>
          ) : (
            <Button size="compact-sm" variant="light" color="orange" onClick={() => setPausing(true)}>
              {t('channels.pause')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
