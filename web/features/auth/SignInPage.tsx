import { Alert, Button, Center, Code, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { isOnlyCommuneOfficer } from '../../lib/session.ts';
import { useSetupNeeded, useSignIn } from './api.ts';

/** /app/dang-nhap: email and password; returns to `?next=` (the page the session expired on). */
export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const setupNeeded = useSetupNeeded();
  const queryClient = useQueryClient();
  // Whoever arrives here is signed out (sign-out, an expired session): no answer of the previous
  // user stays cached. Cleared here, once the signed-in pages and their queries are gone.
  useEffect(() => queryClient.clear(), [queryClient]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email, password },
      {
        onSuccess: (me) => {
          if (isOnlyCommuneOfficer(me)) {
            window.location.assign('/xa');
            return;
          }
          const next = params.get('next');
          if (next && SERVER_PAGES.includes(next)) window.location.assign(next);
          else navigate(safeNext(next), { replace: true });
        },
      },
    );
  };


  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t('signIn.title')}
            </Title>
            {setupNeeded && (
              <Alert color="blue" title={t('signIn.setupTitle')}>
                <Stack gap="xs">
                  <Text size="sm">{t('signIn.setupLink')}</Text>
                  <Text size="sm">{t('signIn.setupCli')}</Text>
                  {/* Wrapped at spaces only (unwrapped, it widened the alert past the card; "--role" split at its hyphens). */}
                  <Code block style={{ whiteSpace: 'pre-wrap' }}>
                    {SETUP_COMMAND.map((word, i) => (
                      <Fragment key={i}>
                        {i > 0 && ' '}
                        <span style={{ whiteSpace: 'nowrap' }}>{word}</span>
                      </Fragment>
                    ))}
                  </Code>
                </Stack>
              </Alert>
            )}
            {/* A field left empty is said under that field, not as "/email: …" in the alert. */}
            <ProblemAlert error={signIn.error} title={t('signIn.failed')} fieldsShownInline={['/email', '/password']} />
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(signIn.error, '/email')}
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(signIn.error, '/password')}
            />
            <Button type="submit" loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

/** The shell command that makes the first administrator when the setup link is lost, word by word. */
const SETUP_COMMAND = ['npx', 'loa', 'user', 'create', '--role', 'admin', '--email', '…', '--name', '"…"'];

/** Loa's own pages outside the app that send a signed-out browser here (the API documentation). */
const SERVER_PAGES = ['/docs'];

/** Only a path inside the app: `next` comes from the address bar. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
