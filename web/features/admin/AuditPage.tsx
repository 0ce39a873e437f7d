import { Anchor, Button, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime, vietnamDayStart, vnTime } from '../../lib/time.ts';
import { useAudit, type AuditItem, type AuditQuery } from './api.ts';
import { actionLabel, auditDetail, entityLabel, labelledCodes } from './audit-labels.ts';

const PAGE = 100;

/** /app/quan-tri/nhat-ky: who did what, in words, filtered, paged, with a CSV export of the same filter. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ action: '', entityType: '', from: '', to: '' });
  const [query, setQuery] = useState<AuditQuery>({ limit: PAGE });
  const audit = useAudit(query);
  const actions = useMemo(() => labelledCodes(t, 'admin.audit.actions'), [t]);
  const entities = useMemo(() => labelledCodes(t, 'admin.audit.entities'), [t]);
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const from = vietnamDayStart(draft.from);
    const to = vietnamDayStart(draft.to);
    setQuery({
      limit: PAGE,
      ...(draft.action ? { action: draft.action } : {}),
      ...(draft.entityType ? { entityType: draft.entityType } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to: vnTime(to).add(1, 'day').toISOString() } : {}),
    });
  };
  const { limit: _limit, ...filter } = query;
  const csv = `/api/v1/audit.csv?${new URLSearchParams(filter as Record<string, string>).toString()}`;

  return (
    <Stack>
      <Title order={1}>{t('admin.audit.title')}</Title>
      <form onSubmit={apply} aria-label={t('admin.audit.filters')}>
        <Group align="flex-end">
          <Select label={t('admin.audit.action')} placeholder={t('admin.audit.actionAll')} searchable clearable data={actions} value={draft.action || null} onChange={(v) => setDraft({ ...draft, action: v ?? '' })} />
          <Select label={t('admin.audit.entityType')} placeholder={t('admin.audit.entityTypeAll')} clearable data={entities} value={draft.entityType || null} onChange={(v) => setDraft({ ...draft, entityType: v ?? '' })} />
          <DateField label={t('admin.audit.from')} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          <DateField label={t('admin.audit.to')} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
          <Button type="submit">{t('admin.audit.apply')}</Button>
          <Anchor href={csv} download>
            {t('admin.audit.csv')}
          </Anchor>
        </Group>
      </form>
      <ProblemAlert error={audit.error} />
      {audit.data && rows.length === 0 && <Text c="dimmed">{t('admin.audit.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.audit.at')}</Table.Th>
                <Table.Th>{t('admin.audit.who')}</Table.Th>
                <Table.Th>{t('admin.audit.action')}</Table.Th>
                <Table.Th>{t('admin.audit.detail')}</Table.Th>
                <Table.Th>{t('admin.audit.object')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <AuditRow key={row.id} row={row} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {audit.hasNextPage && (
        <Button variant="subtle" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
          {t('admin.audit.more')}
        </Button>
      )}
    </Stack>
  );
}

function AuditRow({ row }: { row: AuditItem }) {
  const { t } = useTranslation();
  const actorKind = row.actor.kind === 'system' || row.actor.kind === 'cli' ? row.actor.kind : 'unknown';
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(row.at)}</Table.Td>
      <Table.Td>{row.actor.displayName ?? row.actor.email ?? t(`admin.audit.actorKinds.${actorKind}`)}</Table.Td>
      <Table.Td title={row.action}>{actionLabel(t, row.action)}</Table.Td>
      <Table.Td>{auditDetail(t, row.data)}</Table.Td>
      <Table.Td>
        {entityLabel(t, row.entityType)} {row.entityId && <Code>{row.entityId.slice(0, 8)}</Code>}
      </Table.Td>
    </Table.Tr>
  );
}
