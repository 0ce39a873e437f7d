import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { useResume, type Channel } from './api.ts';
import { ConnectLink } from './ConnectLink.tsx';
import { ManualGroupButton } from './ManualGroupButton.tsx';
import { PauseButton } from './PauseButton.tsx';
import { ReconnectAction } from './ReconnectAction.tsx';
import { TestStoredButton } from './TestStoredButton.tsx';

const statusColor: Record<string, string> = { connected: 'green', needs_reconnect: 'red', disabled: 'gray' };

/** One channel: status and health; the actions its `can` flags allow (pause/resume confirmed, reconnect, test). */
export function ChannelRow({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  const resume = useResume(c.id);
  const expiresSoon = c.credentialsExpiresAt && new Date(c.credentialsExpiresAt).getTime() - Date.now() < 7 * 86_400_000;
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
          {/* The reason is free text: a sentence wraps as text, where a badge would run on in one line. */}
          {c.paused && (
            <Text size="sm" fw={500}>
              {t('channels.paused', { reason: c.pauseReason ?? '' })}
            </Text>
          )}
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
          {c.status === 'needs_reconnect' && <ReconnectAction channel={c} label={t('channels.reconnect')} />}
          <ConnectLink channel={c} />
          {c.paused
            ? c.can.resume.allowed && (
                <ConfirmButton
                  color="blue"
                  label={t('channels.resume')}
                  confirmTitle={t('channels.resumeTitle', { name: c.name })}
                  confirmBody={t('channels.resumeBody')}
                  loading={resume.isPending}
                  onConfirm={() => resume.mutate()}
                />
              )
            : c.can.pause.allowed && <PauseButton channel={c} />}
          {c.can.test.allowed && <TestStoredButton channelId={c.id} />}
          {c.platform === 'zalo_group_manual' && c.can.manage.allowed && <ManualGroupButton channel={c} />}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
