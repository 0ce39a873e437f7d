import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { useResume, type Channel } from './api.ts';
import { ConnectLink } from './ConnectLink.tsx';
import { ManualGroupButton } from './ManualGroupButton.tsx';
import { PauseButton } from './PauseButton.tsx';
import { ReconnectAction } from './ReconnectAction.tsx';
import { TestStoredButton } from './TestStoredButton.tsx';

/** The actions a channel's `can` flags allow: reconnect, pause/resume (confirmed), test, edit a manual group. */
export function ChannelActions({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  const resume = useResume(c.id);
  return (
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
  );
}
