import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import type { Channel } from './api.ts';

/** When the channel's credentials run out (red within a week; a Fanpage's, for video only), or that it has none. */
export function ChannelHealth({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  const expiresSoon = c.credentialsExpiresAt && new Date(c.credentialsExpiresAt).getTime() - Date.now() < 7 * 86_400_000;
  return (
    <>
      {c.credentialsExpiresAt && (
        <Text size="sm" c={expiresSoon ? 'red.8' : undefined}>
          {/* A Page token does not expire: a Fanpage's stored expiry is the user token's, which only video uploads need. */}
          {t(c.platform === 'facebook_page' ? 'channels.videoExpires' : 'channels.expires', { time: formatDateTime(c.credentialsExpiresAt) })}
        </Text>
      )}
      {!c.hasCredentials && c.platform !== 'zalo_group_manual' && c.platform !== 'site' && <Text size="sm">{t('channels.noCredentials')}</Text>}
    </>
  );
}
