import { Button, Modal, Select, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { onlyChoice } from '../../lib/only-choice.ts';
import { roles, useGrantRole, type Role, type User } from './api.ts';

export function GrantRoleButton({ user, unitOptions }: { user: User; unitOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const grant = useGrantRole();
  const [opened, { open, close }] = useDisclosure(false);
  const [picked, setUnitId] = useState<string | null>(null);
  const unitId = picked ?? onlyChoice(unitOptions);
  const [role, setRole] = useState<Role>('editor');
  const title = t('admin.users.grantFor', { name: user.displayName });
  return (
    <>
      <Button size="xs" variant="light" onClick={open} aria-label={title}>
        {t('admin.users.grant')}
      </Button>
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={opened} onClose={close} title={title}>
        <Stack>
          <Select label={t('admin.users.unit')} data={unitOptions} value={unitId} onChange={setUnitId} searchable />
          <Select label={t('admin.users.role')} data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={role} onChange={(v) => v && setRole(v as Role)} />
          <ProblemAlert error={grant.error} />
          <Button disabled={!unitId} loading={grant.isPending} onClick={() => unitId && grant.mutate({ id: user.id, unitId, role }, { onSuccess: close })}>
            {t('admin.users.grant')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
