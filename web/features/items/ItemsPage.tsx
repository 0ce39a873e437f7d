import { Anchor, Button, Center, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { DateField } from '../../components/DateField.tsx';
import { RevisionStateBadge } from '../../components/StateBadge.tsx';
import { api, unwrap } from '../../lib/api-client.ts';
import { themes, useUnits, type Theme, readableDimmed } from '../../lib/content.ts';
import { errorFor } from '../../lib/problems.ts';
import { formatDateTime, VIETNAM_TZ } from '../../lib/time.ts';

const states = ['draft', 'in_review', 'approved', 'rejected', 'superseded', 'expired'] as const;
type State = (typeof states)[number];

/** A Vietnam calendar day (yyyy-MM-dd from a date input) as the UTC instant it starts at. */
const dayStart = (day: string, plus = 0) => (day ? dayjs.tz(day, VIETNAM_TZ).add(plus, 'day').toISOString() : undefined);

/** /app/bai-viet: every item in my units, searchable by title, filtered by state, theme, unit and publish days. */
export default function ItemsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const units = useUnits();
  const filter = (key: string) => params.get(key) ?? '';
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const [q] = useDebouncedValue(filter('q'), 300);
  const query = {
    limit: 50,
    ...(q ? { q } : {}),
    ...(filter('state') ? { state: filter('state') as State } : {}),
    ...(filter('theme') ? { theme: filter('theme') as Theme } : {}),
    ...(filter('unitId') ? { unitId: filter('unitId') } : {}),
    ...(filter('from') ? { from: dayStart(filter('from')) } : {}),
    ...(filter('to') ? { to: dayStart(filter('to'), 1) } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: ['content', 'list', 'items', query],
    initialPageParam: undefined as string | undefined,
    placeholderData: keepPreviousData,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/api/v1/content/', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack style={readableDimmed}>
      <Group justify="space-between">
        <Title order={1}>{t('items.title')}</Title>
        <Button component={Link} to="/bai-viet/moi">
          {t('items.new')}
        </Button>
      </Group>
      <Group align="flex-end" gap="sm">
        <TextInput label={t('items.search')} value={filter('q')} onChange={(e) => set('q', e.currentTarget.value)} />
        <Select label={t('items.col.state')} clearable data={states.map((s) => ({ value: s, label: t(`revisionStates.${s}`) }))} value={filter('state') || null} onChange={(v) => set('state', v)} />
        <Select label={t('items.col.theme')} clearable data={themes.map((s) => ({ value: s, label: t(`themes.${s}`) }))} value={filter('theme') || null} onChange={(v) => set('theme', v)} />
        <Select label={t('items.col.unit')} clearable data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={filter('unitId') || null} onChange={(v) => set('unitId', v)} />
        <DateField label={t('items.from')} value={filter('from')} onChange={(day) => set('from', day)} />
        <DateField label={t('items.to')} value={filter('to')} onChange={(day) => set('to', day)} error={errorFor(list.error, 'querystring:/to')} />
      </Group>
      {!list.data ? (
        <Center p="xl">
          <Loader role="status" aria-label={t('common.loading')} />
        </Center>
      ) : rows.length === 0 ? (
        // With no filter, nothing matches because nothing is written yet: say where to start.
        <Text c="dimmed">{t(params.size > 0 ? 'items.empty' : 'items.none')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('items.col.title')}</Table.Th>
              <Table.Th>{t('items.col.state')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('items.col.theme')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('items.col.unit')}</Table.Th>
              <Table.Th>{t('items.col.publishAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor underline="always" component={Link} to={`/bai-viet/${i.id}`}>
                    {i.title}
                  </Anchor>
                  {/* On a phone the theme and unit columns give way to this line under the title. */}
                  <Text size="xs" hiddenFrom="sm">
                    {t(`themes.${i.theme}`)} · {i.unitName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RevisionStateBadge state={i.state} />
                </Table.Td>
                <Table.Td visibleFrom="sm">{t(`themes.${i.theme}`)}</Table.Td>
                <Table.Td visibleFrom="sm">{i.unitName}</Table.Td>
                <Table.Td>{formatDateTime(i.publishAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('items.more')}
        </Button>
      )}
    </Stack>
  );
}
