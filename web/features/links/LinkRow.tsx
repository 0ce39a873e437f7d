import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../lib/time.ts';
import type { TrackedLink } from '../../lib/content.ts';
import { useLinkDays } from './api.ts';

/** One tracked link: where it is printed, its short address, QR downloads and clicks per day. */
export function LinkRow({ link: l }: { link: TrackedLink }) {
  const { t } = useTranslation();
  const [showDays, setShowDays] = useState(false);
  const days = useLinkDays(l.id, showDays);
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text fw={500}>{l.label ?? t('links.noLabel')}</Text>
          <Text size="xs" c="dimmed">
            {t('links.created', { time: formatDateTime(l.createdAt) })}
          </Text>
        </Table.Td>
        <Table.Td>
          <Anchor href={l.shortUrl} target="_blank" rel="noreferrer">
            {l.shortUrl}
          </Anchor>
        </Table.Td>
        <Table.Td>
          <Group gap="xs">
            <Anchor href={`/api/v1/links/${l.id}/qr.svg`} download={`loa-${l.code}.svg`}>
              {t('links.downloadSvg')}
            </Anchor>
            <Anchor href={`/api/v1/links/${l.id}/qr.png?scale=12`} download={`loa-${l.code}.png`}>
              {t('links.downloadPng')}
            </Anchor>
          </Group>
        </Table.Td>
        <Table.Td>
          <Button variant="default" size="compact-sm" onClick={() => setShowDays((s) => !s)} aria-expanded={showDays}>
            {t('links.clicks', { count: l.clicks })}
          </Button>
        </Table.Td>
      </Table.Tr>
      {showDays && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            {days.data && days.data.length === 0 && <Text size="sm">{t('links.noClicks')}</Text>}
            {days.data?.map((d) => (
              <Text key={d.day} size="sm">
                {t('links.day', { day: formatDate(`${d.day}T00:00:00+07:00`), count: d.clicks })}
              </Text>
            ))}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
