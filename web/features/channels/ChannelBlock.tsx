import { Stack } from '@mantine/core';
import '../../lib/touch.css';
import type { Channel } from './api.ts';
import { ChannelActions } from './ChannelActions.tsx';
import { ChannelHealth } from './ChannelHealth.tsx';
import { ChannelName } from './ChannelName.tsx';
import { ChannelStatus } from './ChannelStatus.tsx';

/** ChannelRow's facts stacked for a phone, its actions full-size within the screen. */
export function ChannelBlock({ channel: c }: { channel: Channel }) {
  return (
    <Stack gap="xs" role="listitem" data-channel={c.id} pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <ChannelName channel={c} />
      <ChannelStatus channel={c} />
      <ChannelHealth channel={c} />
      <div className="loa-touch">
        <ChannelActions channel={c} />
      </div>
    </Stack>
  );
}
