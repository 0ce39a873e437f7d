import { Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { unitOptions } from '../../lib/unit-options.ts';
import { useUnits } from '../../lib/content.ts';
import { useUsers } from './api.ts';
import { NewUserForm } from './NewUserForm.tsx';
import { UserRow } from './UserRow.tsx';

/** /app/quan-tri/nguoi-dung: accounts of the units I administer, their roles per unit. */
export default function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const units = useUnits();
  const options = unitOptions(units.data ?? []);
  return (
    <Stack>
      <Title order={1}>{t('admin.users.title')}</Title>
      {/* The server refused the list (not an administrator): its reason, without a form it would refuse too. */}
      <ProblemAlert error={users.error} />
      {!(users.error instanceof ApiError && users.error.problem.status === 403) && <NewUserForm unitOptions={options} />}
      {users.data && (
        <Table.ScrollContainer minWidth={760}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.users.person')}</Table.Th>
                <Table.Th>{t('admin.users.roles')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((user) => (
                <UserRow key={user.id} user={user} unitOptions={options} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
