import { Badge, CloseButton, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useRevokeRole, useSetDisabled, type User } from './api.ts';
import { GrantRoleButton } from './GrantRoleButton.tsx';
import { ResetPasswordButton } from './ResetPasswordButton.tsx';

export function UserRow({ user, unitOptions }: { user: User; unitOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const setDisabled = useSetDisabled();
  const revoke = useRevokeRole();
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{user.displayName}</Text>
        <Text size="sm">{user.email}</Text>
        {user.disabled && (
          <Badge color="red" variant="light">
            {t('admin.users.disabled')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {user.memberships.map((m) => (
            <Group key={m.id} gap={4} wrap="nowrap">
              <Text size="sm">
                {t(`roles.${m.role}`)} · {m.unitName}
              </Text>
              {/* The small cross sits where a slip of the mouse lands: it asks before taking the role away. */}
              <ConfirmButton
                label={t('admin.users.revoke')}
                confirmTitle={t('admin.users.revokeConfirm', { role: t(`roles.${m.role}`), unit: m.unitName, name: user.displayName })}
                confirmBody={t('admin.users.revokeBody')}
                onConfirm={() => revoke.mutate({ id: user.id, membershipId: m.id })}
                trigger={(open) => <CloseButton size="sm" aria-label={t('admin.users.revokeRole', { role: t(`roles.${m.role}`), unit: m.unitName })} onClick={open} />}
              />
            </Group>
          ))}
          <ProblemAlert error={revoke.error} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          <GrantRoleButton user={user} unitOptions={unitOptions} />
          <ResetPasswordButton user={user} />
          <ConfirmButton
            label={user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
            fullLabel={user.disabled ? t('admin.users.enableFor', { name: user.displayName }) : t('admin.users.disableFor', { name: user.displayName })}
            color={user.disabled ? 'blue' : 'red'}
            confirmTitle={user.disabled ? t('admin.users.enableConfirm', { name: user.displayName }) : t('admin.users.disableConfirm', { name: user.displayName })}
            loading={setDisabled.isPending}
            onConfirm={() => setDisabled.mutate({ id: user.id, disabled: !user.disabled })}
          />
        </Group>
        <ProblemAlert error={setDisabled.error} />
      </Table.Td>
    </Table.Tr>
  );
}
