import { Alert, Anchor, Button, Card, Code, CopyButton, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from './api.ts';

/** My API tokens for automation: the secret is shown once, at creation. */
export function ApiTokensCard() {
  const { t } = useTranslation();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const send = useSingleFlight(create);
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  // As typed ('' when cleared): the server refuses 0, −5 or an empty field under the field itself,
  // where clamping them to 1 would have made a one-day token nobody asked for.
  const [days, setDays] = useState<number | string>(90);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send({ name, scope, expiresInDays: days as number }, () => setName(''));
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('profile.tokens')}
        </Title>
        <Text size="sm">
          {t('profile.tokensHelp')}{' '}
          <Anchor href="/docs">{t('profile.apiDocs')}</Anchor>
        </Text>
        {create.data && (
          <Alert color="green" role="status" title={t('profile.tokenCreated')}>
            <Stack gap="xs">
              <Code block>{create.data.token}</Code>
              <CopyButton value={create.data.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy} w="fit-content">
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Stack>
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            <TextInput label={t('profile.tokenName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, '/name')} />
            <Select
              label={t('profile.tokenScope')}
              value={scope}
              onChange={(v) => setScope(v === 'write' ? 'write' : 'read')}
              data={[
                { value: 'read', label: t('profile.scopeRead') },
                { value: 'write', label: t('profile.scopeWrite') },
              ]}
            />
            <NumberInput
              label={t('profile.tokenDays')}
              required
              value={days}
              min={1}
              clampBehavior="none"
              allowDecimal={false}
              onChange={setDays}
              w={140}
              error={fieldError(create.error, '/expiresInDays')}
            />
            <Button type="submit" loading={create.isPending}>
              {t('profile.createToken')}
            </Button>
          </Group>
        </form>
        <ProblemAlert error={create.error} fieldsShownInline={['/name', '/expiresInDays']} />
        <ProblemAlert error={tokens.error ?? revoke.error} />
        {tokens.data && tokens.data.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('profile.tokenName')}</Table.Th>
                  <Table.Th>{t('profile.tokenScope')}</Table.Th>
                  <Table.Th>{t('profile.tokenLastUsed')}</Table.Th>
                  <Table.Th>{t('profile.tokenExpires')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>
                      {token.name} <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{token.scope === 'write' ? t('profile.scopeWrite') : t('profile.scopeRead')}</Table.Td>
                    <Table.Td>{formatDateTime(token.lastUsedAt) || t('profile.neverUsed')}</Table.Td>
                    <Table.Td>{formatDateTime(token.expiresAt)}</Table.Td>
                    <Table.Td>
                      {token.revokedAt ? (
                        t('profile.revokedAt', { at: formatDateTime(token.revokedAt) })
                      ) : (
                        <ConfirmButton
                          label={t('profile.revoke')}
                          confirmTitle={t('profile.revokeConfirm', { name: token.name })}
                          loading={revoke.isPending}
                          onConfirm={() => revoke.mutate(token.id)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
