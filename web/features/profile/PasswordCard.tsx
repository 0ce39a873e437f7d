import { Alert, Button, Card, PasswordInput, Stack, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { useChangePassword } from './api.ts';

const inlineFields = ['/currentPassword', '/newPassword'];

export function PasswordCard() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword }, { onSuccess: () => (setCurrent(''), setNew('')) });
  };

  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('profile.password')}
          </Title>
          {change.isSuccess && (
            <Alert color="green" role="status">
              {t('profile.passwordChanged')}
            </Alert>
          )}
          <ProblemAlert error={change.error} fieldsShownInline={inlineFields} />
          <PasswordInput
            label={t('profile.currentPassword')}
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fieldError(change.error, '/currentPassword')}
          />
          <PasswordInput
            label={t('profile.newPassword')}
            description={t('profile.newPasswordHelp')}
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={fieldError(change.error, '/newPassword')}
          />
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('profile.changePassword')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
