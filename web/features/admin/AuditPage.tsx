import { Anchor, Button, Code, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime, vietnamDayStart, vnTime } from '../../lib/time.ts';
import { useAudit, type AuditQuery } from './api.ts';

/** /app/quan-tri/nhat-ky: who did what, filtered, with a CSV export of the same filter. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ action: '', entityType: '', from: '', to: '' });
  const [query, setQuery] = useState<AuditQuery>({ limit: 100 });
  const audit = useAudit(query);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const from = vietnamDayStart(draft.from);
    const to = vietnamDayStart(draft.to);
    setQuery({
      limit: 100,
      ...(draft.action.trim() ? { action: draft.action.trim() } : {}),
      ...(draft.entityType.trim() ? { entityType: draft.entityType.trim() } : {}),
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
          <TextInput label={t('admin.audit.action')} placeholder="user.disable" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })} />
          <TextInput label={t('admin.audit.entityType')} placeholder="user" value={draft.entityType} onChange={(e) => setDraft({ ...draft, entityType: e.currentTarget.value })} />
          <TextInput label={t('admin.audit.from')} placeholder="dd/mm/yyyy" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
          <TextInput label={t('admin.audit.to')} placeholder="dd/mm/yyyy" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
          <Button type="submit">{t('admin.audit.apply')}</Button>
          <Anchor href={csv} download>
            {t('admin.audit.csv')}
          </Anchor>
        </Group>
      </form>
      <ProblemAlert error={audit.error} />
      {audit.data && (
        <Table.ScrollContainer minWidth={760}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.audit.at')}</Table.Th>
                <Table.Th>{t('admin.audit.who')}</Table.Th>
                <Table.Th>{t('admin.audit.action')}</Table.Th>
                <Table.Th>{t('admin.audit.object')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {audit.data.items.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{formatDateTime(row.at)}</Table.Td>
                  <Table.Td>{row.actor.displayName ?? row.actor.email ?? t(`admin.audit.actorKinds.${row.actor.kind === 'system' || row.actor.kind === 'cli' ? row.actor.kind : 'unknown'}`)}</Table.Td>
                  <Table.Td>
                    <Code>{row.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {row.entityType} {row.entityId && <Code>{row.entityId.slice(0, 8)}</Code>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
