import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { api, fieldError, unwrap } from '../../lib/api-client.ts';

/**
 * /app/dat-lai-mat-khau#<secret>: the one-time link an admin issued. The secret travels in
 * the fragment, which the browser never sends to a server.
 */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [newPassword, setNewPassword] = useState('');
  const reset = useMutation({
    mutationFn: async () => {
      unwrap(await api.POST('/api/v1/auth/password-reset', { body: { token, newPassword } }));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={1} size="h2">
            {t('resetPassword.title')}
          </Title>
          {reset.isSuccess ? (
            <Alert color="green" role="status">
              <Text>{t('resetPassword.done')}</Text>
              <Anchor component={Link} to="/dang-nhap">
                {t('signIn.title')}
              </Anchor>
            </Alert>
          ) : !token ? (
            <Alert color="red" role="alert">
              {t('resetPassword.noToken')}
            </Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack>
                <ProblemAlert error={reset.error} fieldsShownInline={['/newPassword']} />
                <PasswordInput
                  label={t('profile.newPassword')}
                  description={t('profile.newPasswordHelp')}
                  autoComplete="new-password"
                  required
                  value={newPassword}
                  onChange={(e) => setNewPassword(e.currentTarget.value)}
                  error={fieldError(reset.error, '/newPassword')}
                />
                <Button type="submit" loading={reset.isPending}>
                  {t('resetPassword.submit')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
