import { Button, Card, Group, PasswordInput, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { onlyChoice } from '../../lib/only-choice.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { roles, useCreateUser, type Role } from './api.ts';

const inline = ['/email', '/displayName', '/password', '/unitId'];

export function NewUserForm({ unitOptions }: { unitOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const send = useSingleFlight(create);
  const [form, setForm] = useState({ email: '', displayName: '', password: '', unitId: null as string | null, role: 'editor' as Role });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const unitId = form.unitId ?? onlyChoice(unitOptions);
  // A submit without a unit says so under the field (a greyed-out button said nothing).
  const [triedWithoutUnit, setTriedWithoutUnit] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedWithoutUnit(!unitId);
    if (!unitId) return;
    send({ ...form, unitId }, () => set({ email: '', displayName: '', password: '' }));
  };

  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('admin.users.create')}
          </Title>
          {/* One column on a phone: three fields in a 380 px row left each about 100 px. */}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('signIn.email')} type="email" required value={form.email} onChange={(e) => set({ email: e.currentTarget.value })} error={fieldError(create.error, '/email')} />
            <TextInput label={t('admin.users.displayName')} required value={form.displayName} onChange={(e) => set({ displayName: e.currentTarget.value })} error={fieldError(create.error, '/displayName')} />
            <PasswordInput
              label={t('admin.users.initialPassword')}
              description={t('admin.users.initialPasswordHelp')}
              required
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => set({ password: e.currentTarget.value })}
              error={fieldError(create.error, '/password')}
            />
          </SimpleGrid>
          <Group align="flex-end">
            <Select label={t('admin.users.unit')} data={unitOptions} value={unitId} onChange={(v) => set({ unitId: v })} searchable required w={280} error={fieldError(create.error, '/unitId') ?? (triedWithoutUnit && !unitId ? t('common.chooseUnit') : undefined)} />
            <Select label={t('admin.users.role')} data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={form.role} onChange={(v) => v && set({ role: v as Role })} />
            <Button type="submit" loading={create.isPending}>
              {t('admin.users.create')}
            </Button>
          </Group>
          <ProblemAlert error={create.error} fieldsShownInline={inline} />
        </Stack>
      </form>
    </Card>
  );
}
