import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ItemDetail } from '../../lib/content.ts';
import { formatDateTime } from '../../lib/time.ts';

/** Every revision, newest first, with its decision; each opens on the item page (`?phien-ban=n`). */
export function RevisionsTable({ detail, shown }: { detail: ItemDetail; shown: number }) {
  const { t } = useTranslation();
  const { item, revisions, approvals } = detail;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('items.col.revision')}</Table.Th>
          <Table.Th>{t('items.col.state')}</Table.Th>
          <Table.Th>{t('items.col.created')}</Table.Th>
          <Table.Th>{t('items.col.decision')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...revisions].reverse().map((r) => {
          const decision = approvals.filter((a) => a.revision === r.number).at(-1);
          return (
            <Table.Tr key={r.id}>
              <Table.Td>
                {r.number === shown ? (
                  <Text size="sm" fw={600} aria-current="true">
                    {t('items.shownRevision', { n: r.number })}
                  </Text>
                ) : (
                  <Anchor component={Link} to={`/bai-viet/${item.id}?phien-ban=${r.number}`} underline="always" size="sm">
                    {t('items.viewRevision', { n: r.number })}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>{t(`revisionStates.${r.state}`)}</Table.Td>
              <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
              <Table.Td>
                {decision ? t('items.decidedBy', { name: decision.decidedByName, time: formatDateTime(decision.decidedAt) }) : ''}
                {decision?.comment ? ` — ${decision.comment}` : ''}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
