import { Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Attempts } from './Attempts.tsx';
import { AttemptsButton } from './AttemptsButton.tsx';
import { DeliveryActions } from './DeliveryActions.tsx';
import { DeliveryStatus } from './DeliveryStatus.tsx';
import { DeliveryTime } from './DeliveryTime.tsx';
import { PostLink } from './PostLink.tsx';
import type { Delivery } from './api.ts';

/** One channel of an item on the board: state and why, times, attempts, link, actions. */
export function DeliveryRow({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const [showAttempts, setShowAttempts] = useState(false);
  return (
    <>
      <Table.Tr data-delivery={d.id}>
        <Table.Td>
          <Text fw={500}>{d.channel.name}</Text>
          <Text size="xs" c="gray.7">
            {t(`platforms.${d.channel.platform}`)}
          </Text>
        </Table.Td>
        <Table.Td>
          <DeliveryStatus delivery={d} />
        </Table.Td>
        <Table.Td>
          <DeliveryTime delivery={d} />
        </Table.Td>
        <Table.Td>
          <AttemptsButton delivery={d} shown={showAttempts} onToggle={() => setShowAttempts((s) => !s)} />
        </Table.Td>
        <Table.Td>
          <PostLink delivery={d} />
        </Table.Td>
        <Table.Td>
          <DeliveryActions delivery={d} />
        </Table.Td>
      </Table.Tr>
      {showAttempts && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            <Attempts id={d.id} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
