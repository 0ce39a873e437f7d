import { Alert, Anchor, Card, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { themeColors } from '../../lib/delivery-states.ts';
import { useLiveRefresh } from '../../lib/live-events.ts';
import '../../lib/contrast.css';
import { useDeliveries, type Delivery } from './api.ts';
import { DeliveryBlock } from './DeliveryBlock.tsx';
import { DeliveryRow } from './DeliveryRow.tsx';

const states = ['scheduled', 'publishing', 'processing', 'retrying', 'needs_reconnect', 'unconfirmed', 'awaiting_officer', 'missed', 'published', 'failed', 'cancelled', 'taken_down'] as const;

/** /app/luot-dang: every item's channels and their states, live from the event stream. */
export default function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? undefined;
  const itemId = params.get('item') ?? undefined;
  const list = useDeliveries({ ...(state ? { state: state as Delivery['state'] } : {}), ...(itemId ? { itemId } : {}) });
  useLiveRefresh(['deliveries']);

  // Opened from one item (home's failed list, a notification): said, with the way back to every item.
  const everyItem = new URLSearchParams(params);
  everyItem.delete('item');
  const byItem = new Map<string, Delivery[]>();
  for (const d of list.data?.items ?? []) byItem.set(d.itemId, [...(byItem.get(d.itemId) ?? []), d]);

  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('board.title')}</Title>
      <Group>
        <Select
          label={t('board.filterState')}
          placeholder={t('board.allStates')}
          clearable
          value={state ?? null}
          data={states.map((s) => ({ value: s, label: t(`deliveryStates.${s}`) }))}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('state', v);
            else next.delete('state');
            setParams(next, { replace: true });
          }}
        />
      </Group>
      {itemId && (
        <Text size="sm">
          {t('board.oneItem')}{' '}
          <Anchor component={RouterLink} to={{ search: everyItem.toString() }}>
            {t('board.everyItem')}
          </Anchor>
        </Text>
      )}
      {list.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.data && byItem.size === 0 && <Text>{t('board.empty')}</Text>}
      {[...byItem.entries()].map(([id, rows]) => (
        <Card key={id} withBorder component="section" aria-labelledby={`item-${id}`}>
          <Group gap="xs" mb="xs">
            <span aria-hidden style={{ width: 10, height: 10, borderRadius: 5, background: themeColors[rows[0]!.theme] }} />
            <Title order={2} size="h4" id={`item-${id}`}>
              {rows[0]!.title}
            </Title>
            <Text size="sm" c="gray.7">
              {t(`themes.${rows[0]!.theme}`)} · {t('board.revision', { number: rows[0]!.revisionNumber })}
            </Text>
            <Anchor component={RouterLink} to={`/lien-ket?item=${id}`} size="sm">
              {t('board.linksAndQr')}
            </Anchor>
          </Group>
          {/* On a phone the six columns put each row's actions off screen: one block per delivery instead.
              CSS picks the layout, so an open dialog survives a resize (a JS switch remounted its button). */}
          <Stack hiddenFrom="sm" gap="sm" role="list">
            {rows.map((d) => (
              <DeliveryBlock key={d.id} delivery={d} />
            ))}
          </Stack>
          <Table.ScrollContainer visibleFrom="sm" minWidth={800}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('board.channel')}</Table.Th>
                  <Table.Th>{t('board.state')}</Table.Th>
                  <Table.Th>{t('board.time')}</Table.Th>
                  <Table.Th>{t('board.attempts')}</Table.Th>
                  <Table.Th>{t('board.link')}</Table.Th>
                  <Table.Th>{t('board.actionsHeader')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
                  <DeliveryRow key={d.id} delivery={d} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ))}
    </Stack>
  );
}
