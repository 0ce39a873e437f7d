import { Table } from '@mantine/core';
import type { Channel } from './api.ts';
import { ChannelActions } from './ChannelActions.tsx';
import { ChannelHealth } from './ChannelHealth.tsx';
import { ChannelName } from './ChannelName.tsx';
import { ChannelStatus } from './ChannelStatus.tsx';

/** One channel as a table row: name, status, health, actions. */
export function ChannelRow({ channel: c }: { channel: Channel }) {
  return (
    <Table.Tr data-channel={c.id}>
      <Table.Td>
        <ChannelName channel={c} />
      </Table.Td>
      <Table.Td>
        <ChannelStatus channel={c} />
      </Table.Td>
      <Table.Td>
        <ChannelHealth channel={c} />
      </Table.Td>
      <Table.Td>
        <ChannelActions channel={c} />
      </Table.Td>
    </Table.Tr>
  );
}
