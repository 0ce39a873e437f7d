import { Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../lib/touch.css';
import { Attempts } from './Attempts.tsx';
import { AttemptsButton } from './AttemptsButton.tsx';
import { DeliveryActions } from './DeliveryActions.tsx';
import { DeliveryStatus } from './DeliveryStatus.tsx';
import { DeliveryTime } from './DeliveryTime.tsx';
import { PostLink } from './PostLink.tsx';
import type { Delivery } from './api.ts';

/** DeliveryRow's facts stacked for a phone, one block per channel, its actions full-size within the screen. */
export function DeliveryBlock({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const [showAttempts, setShowAttempts] = useState(false);
  return (
    <Stack gap="xs" role="listitem" data-delivery={d.id} pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <div>
        <Text fw={500}>{d.channel.name}</Text>
        <Text size="xs" c="gray.7">
          {t(`platforms.${d.channel.platform}`)}
        </Text>
      </div>
      <DeliveryStatus delivery={d} />
      <DeliveryTime delivery={d} />
      <Group gap="xs" className="loa-touch">
        <AttemptsButton delivery={d} shown={showAttempts} onToggle={() => setShowAttempts((s) => !s)} />
        <PostLink delivery={d} />
      </Group>
      {showAttempts && <Attempts id={d.id} />}
      <div className="loa-touch">
        <DeliveryActions delivery={d} />
      </div>
    </Stack>
  );
}
