import { Alert, Button, Card, Checkbox, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { onlyChoice } from '../../lib/only-choice.ts';
import { errorFor } from '../../lib/problems.ts';
import { useUnits } from '../../lib/content.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { useCreateChannel, useTestConnection, type NewChannel } from './api.ts';
import { reconnectHref } from './reconnect.ts';

const kinds = ['wordpress', 'webhook', 'zalo_group_manual', 'zalo_oa', 'facebook_page', 'youtube_channel', 'site'] as const;
type Kind = (typeof kinds)[number];

/**
 * A new channel by form: WordPress and webhook are saved only after "test the connection"
 * passed with exactly these values; a manual Zalo group needs its commune and members; a
 * Zalo OA, a Facebook Page or a YouTube channel is saved with its app keys and then connected
 * on the platform's consent page (the Page or channel is chosen there when not given); the
 * campaign's own site needs only its unit and name.
 */
export function NewChannelForm() {
  const { t } = useTranslation();
  const units = useUnits();
  const test = useTestConnection();
  const create = useCreateChannel();
  const send = useSingleFlight(create);
  const [kind, setKind] = useState<Kind>('wordpress');
  const [v, setV] = useState({ name: '', unitId: '', url: '', lookupUrl: '', username: '', password: '', secret: '', appId: '', appSecret: '', pageId: '', clientId: '', clientSecret: '', members: 0, intranet: false });
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const unitId = v.unitId || onlyChoice(unitOptions) || '';
  const [testedFor, setTestedFor] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (value: string | number | boolean) => setV((s) => ({ ...s, [k]: value }));

  const body = (): NewChannel => {
    const base = { unitId, name: v.name, platform: kind, allowPrivateNetwork: v.intranet };
    if (kind === 'wordpress') return { ...base, settings: { baseUrl: v.url }, credentials: { username: v.username, applicationPassword: v.password } };
    if (kind === 'webhook') return { ...base, settings: { url: v.url, ...(v.lookupUrl ? { lookupUrl: v.lookupUrl } : {}) }, ...(v.secret ? { credentials: { secret: v.secret } } : {}) };
    if (kind === 'zalo_oa') return { ...base, credentials: { appId: v.appId, appSecret: v.appSecret } };
    if (kind === 'facebook_page') return { ...base, settings: { appId: v.appId, ...(v.pageId ? { pageId: v.pageId } : {}) }, credentials: { appSecret: v.appSecret } };
    if (kind === 'youtube_channel') return { ...base, credentials: { clientId: v.clientId, clientSecret: v.clientSecret } };
    if (kind === 'site') return base;
    return { ...base, memberCount: v.members };
  };
  const signature = JSON.stringify(body());
  const needsTest = kind === 'wordpress' || kind === 'webhook';
  const tested = test.isSuccess && testedFor === signature;
  const refusal = [create.error, test.error].find((e) => e instanceof ApiError);
  const problem = refusal?.problem ?? null;
  // The field's own words ("Chưa chọn…"), not the detail that names it by a JSON pointer (/unitId).
  const errorAt = (prefix: string) => errorFor(refusal, prefix);
  const shownElsewhere = ['/credentials', '/settings', '/name', '/unitId', '/memberCount'].some((f) => problem?.field?.startsWith(f));

  function runTest() {
    const { unitId, platform, settings, credentials, allowPrivateNetwork } = body();
    setTestedFor(signature);
    test.mutate({ unitId, platform, settings, credentials, allowPrivateNetwork });
  }

  const created = create.data;
  return (
    <Card withBorder component="section" aria-labelledby="new-channel">
      <Title order={2} size="h4" id="new-channel" mb="sm">
        {t('channels.newTitle')}
      </Title>
      <Stack>
        {/* One column on a phone: three fields in a row cut the kind's name to "Cổng thô". */}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label={t('channels.kind')} data={kinds.map((k) => ({ value: k, label: t(`platforms.${k}`) }))} value={kind} onChange={(k) => setKind((k as Kind) ?? 'wordpress')} />
          <Select label={t('channels.unit')} data={unitOptions} value={unitId || null} onChange={(id) => set('unitId')(id ?? '')} error={errorAt('/unitId')} required />
          <TextInput label={t('channels.name')} value={v.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errorAt('/name')} required />
        </SimpleGrid>
        {(kind === 'wordpress' || kind === 'webhook') && (
          <Group grow align="flex-start">
            <TextInput label={kind === 'wordpress' ? t('channels.siteUrl') : t('channels.hookUrl')} value={v.url} onChange={(e) => set('url')(e.currentTarget.value)} error={errorAt('/settings')} required />
            {kind === 'webhook' && <TextInput label={t('channels.lookupUrl')} value={v.lookupUrl} onChange={(e) => set('lookupUrl')(e.currentTarget.value)} />}
          </Group>
        )}
        {kind === 'wordpress' && (
          <Group grow align="flex-start">
            <TextInput label={t('channels.wpUser')} value={v.username} onChange={(e) => set('username')(e.currentTarget.value)} required />
            <PasswordInput label={t('channels.wpPassword')} value={v.password} onChange={(e) => set('password')(e.currentTarget.value)} error={errorAt('/credentials')} required />
          </Group>
        )}
        {kind === 'webhook' && <PasswordInput label={t('channels.hookSecret')} description={t('channels.hookSecretHint')} value={v.secret} onChange={(e) => set('secret')(e.currentTarget.value)} error={errorAt('/credentials')} />}
        {kind === 'zalo_oa' && (
          <Group grow align="flex-start">
            <TextInput label={t('channels.zaloAppId')} value={v.appId} onChange={(e) => set('appId')(e.currentTarget.value)} error={errorAt('/credentials')} required />
            <PasswordInput label={t('channels.zaloAppSecret')} value={v.appSecret} onChange={(e) => set('appSecret')(e.currentTarget.value)} required />
          </Group>
        )}
        {kind === 'facebook_page' && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('channels.fbAppId')} value={v.appId} onChange={(e) => set('appId')(e.currentTarget.value)} error={errorAt('/settings')} required />
            <PasswordInput label={t('channels.fbAppSecret')} value={v.appSecret} onChange={(e) => set('appSecret')(e.currentTarget.value)} error={errorAt('/credentials')} required />
            <TextInput label={t('channels.fbPageId')} description={t('channels.fbPageIdHint')} value={v.pageId} onChange={(e) => set('pageId')(e.currentTarget.value)} />
          </SimpleGrid>
        )}
        {kind === 'youtube_channel' && (
          <Group grow align="flex-start">
            <TextInput label={t('channels.ytClientId')} value={v.clientId} onChange={(e) => set('clientId')(e.currentTarget.value)} error={errorAt('/credentials')} required />
            <PasswordInput label={t('channels.ytClientSecret')} value={v.clientSecret} onChange={(e) => set('clientSecret')(e.currentTarget.value)} required />
          </Group>
        )}
        {kind === 'zalo_group_manual' && <NumberInput label={t('channels.memberCount')} min={0} value={v.members} onChange={(n) => set('members')(Number(n) || 0)} error={errorAt('/memberCount')} />}
        {kind !== 'zalo_group_manual' && kind !== 'site' && <Checkbox label={t('channels.intranet')} checked={v.intranet} onChange={(e) => set('intranet')(e.currentTarget.checked)} />}
        {tested && test.data && (
          <Alert color="green" role="status">
            {t('channels.testPassed', { account: test.data.account ?? '' })}
            {test.data.note ? ` ${test.data.note[currentLanguage()]}` : ''}
          </Alert>
        )}
        {problem && !shownElsewhere && (
          <Alert color="red" role="alert">
            {problem.detail}
          </Alert>
        )}
        {created && (
          <Alert color="green" role="status">
            {t('channels.created', { name: created.name })}
            {created.webhookSecret ? ` ${t('channels.secretOnce', { secret: created.webhookSecret })}` : ''}
            {reconnectHref(created) && (
              <>
                {' '}
                <a href={reconnectHref(created)!}>{t('channels.connect')}</a>
              </>
            )}
          </Alert>
        )}
        <Group>
          {needsTest && (
            <Button variant="light" color="blue" onClick={runTest} loading={test.isPending}>
              {t('channels.test')}
            </Button>
          )}
          <Button onClick={() => send(body())} loading={create.isPending} disabled={needsTest && !tested}>
            {t('channels.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
