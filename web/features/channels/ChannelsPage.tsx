import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { useLiveRefresh } from '../../lib/live-events.ts';
import { rolesOf, useMe } from '../../lib/session.ts';
import '../../lib/contrast.css';
import { useChannels } from './api.ts';
import { ChannelBlock } from './ChannelBlock.tsx';
import { ChannelRow } from './ChannelRow.tsx';
import { ReconnectAction } from './ReconnectAction.tsx';
import { NewChannelForm } from './NewChannelForm.tsx';

/** /app/kenh: channels with status and health, reconnecting, pausing, adding by form. */
export default function ChannelsPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const channels = useChannels();
  const me = useMe().data;
  useLiveRefresh(['channels']);
  const broken = (channels.data ?? []).filter((c) => c.status === 'needs_reconnect');
  // Told ahead, where the stopped channels are: a Facebook Page whose video permission runs out soon.
  const expiring = (channels.data ?? []).filter((c) => c.credentialsNotice);
  const isAdmin = Boolean(me && rolesOf(me).has('admin'));
  // A fresh installation has no channel: say so, rather than table headings over nothing.
  const list = channels.data && channels.data.length > 0 ? channels.data : null;
  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('channels.title')}</Title>
      {broken.map((c) => (
        <Alert key={c.id} color="red" role="alert" title={t('channels.needsReconnect', { name: c.name })}>
          {c.reconnectReason && <Text size="sm">{c.reconnectReason[language]}</Text>}
          <ReconnectAction channel={c} label={t('channels.reconnectNow')} />
        </Alert>
      ))}
      {expiring.map((c) => (
        <Alert key={c.id} color="yellow" role="alert" title={t('channels.reconnectSoon', { name: c.name })}>
          <Text size="sm">{c.credentialsNotice![language]}</Text>
          <ReconnectAction channel={c} label={t('channels.reconnect')} />
        </Alert>
      ))}
      {channels.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      {/* On a phone the status and actions columns sat off screen: one block per channel instead. CSS
          picks the layout, so an open dialog survives a resize (a JS switch remounted its button). */}
      {channels.data?.length === 0 && <Text>{t(isAdmin ? 'channels.noneAdmin' : 'channels.none')}</Text>}
      {list && (
        <Stack hiddenFrom="sm" gap="sm" role="list" aria-label={t('channels.title')}>
          {list.map((c) => (
            <ChannelBlock key={c.id} channel={c} />
          ))}
        </Stack>
      )}
      {list && (
        <Table.ScrollContainer visibleFrom="sm" minWidth={700}>
          <Table aria-label={t('channels.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('channels.name')}</Table.Th>
                <Table.Th>{t('channels.status')}</Table.Th>
                <Table.Th>{t('channels.health')}</Table.Th>
                <Table.Th>{t('board.actionsHeader')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <ChannelRow key={c.id} channel={c} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {isAdmin && <NewChannelForm />}
    </Stack>
  );
}
