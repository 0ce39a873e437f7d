import { Alert, Anchor, Badge, Center, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { readableDimmed } from '../../lib/content.ts';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useInbox } from './api.ts';

/** /app/duyet: items waiting for a decision in the units the approver covers. */
export default function InboxPage() {
  const { t } = useTranslation();
  const inbox = useInbox();
  if (inbox.error) return <Alert color="red">{inbox.error instanceof ApiError ? inbox.error.problem.detail : t('common.networkError')}</Alert>;
  if (!inbox.data) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  }
  return (
    <Stack style={readableDimmed}>
      <Title order={1}>{t('approvals.title')}</Title>
      {inbox.data.length === 0 ? (
        <Text c="dimmed">{t('approvals.empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('items.col.title')}</Table.Th>
              <Table.Th>{t('items.col.unit')}</Table.Th>
              <Table.Th>{t('items.col.theme')}</Table.Th>
              <Table.Th>{t('approvals.submittedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inbox.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor underline="always" component={Link} to={`/duyet/${i.id}`}>
                    {i.title}
                  </Anchor>{' '}
                  <Badge size="xs" variant="light">
                    {t('approvals.revision', { n: i.revision })}
                  </Badge>
                </Table.Td>
                <Table.Td>{i.unitName}</Table.Td>
                <Table.Td>{t(`themes.${i.theme}`)}</Table.Td>
                <Table.Td>{formatDateTime(i.submittedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
