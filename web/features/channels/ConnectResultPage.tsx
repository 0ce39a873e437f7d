import { Alert, Anchor, Button, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api-client.ts';
import '../../lib/contrast.css';
import { useChannel, useChooseConnection, useConnectChoice } from './connect-api.ts';

/**
 * /app/kenh/ket-noi: where a Facebook, YouTube or Zalo OA connect flow comes back to (server/routes/oauth).
 * `?chon=<id>`: choose the Page / YouTube channel; `?kenh=<id>`: connected; `?loi=<code>`: why not.
 */
export default function ConnectResultPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const choiceId = params.get('chon');
  const channelId = params.get('kenh');
  const error = params.get('loi');
  return (
    <Stack className="loa-contrast" maw={720}>
      <Title order={1}>{t('connect.title')}</Title>
      {choiceId && <Choose id={choiceId} />}
      {!choiceId && channelId && <Connected channelId={channelId} />}
      {!choiceId && !channelId && <Failed code={error} />}
      <Anchor component={Link} to="/kenh">
        {t('connect.backToChannels')}
      </Anchor>
    </Stack>
  );
}

function Connected({ channelId, connectedTo }: { channelId: string; connectedTo?: string }) {
  const { t } = useTranslation();
  const channel = useChannel(channelId);
  if (channel.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  const name = channel.data?.name ?? '';
  return (
    <Alert color="green" role="status" title={t('connect.connected', { name })}>
      {connectedTo ? t('connect.connectedTo', { target: connectedTo }) : null} {t('connect.released')}
    </Alert>
  );
}

function Failed({ code }: { code: string | null }) {
  const { t, i18n } = useTranslation();
  const key = `connect.errors.${code ?? ''}`;
  return (
    <Alert color="red" role="alert" title={t('connect.failed')}>
      {code && i18n.exists(key) ? t(key) : t('connect.errors.generic')}
    </Alert>
  );
}

/** The Page / channel choice: names from the server, one pick, once. */
function Choose({ id }: { id: string }) {
  const { t } = useTranslation();
  const choice = useConnectChoice(id);
  const choose = useChooseConnection(id);
  const [picked, setPicked] = useState<string | null>(null);
  if (choice.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (choose.data) return <Connected channelId={choose.data.channelId} connectedTo={choose.data.connectedTo} />;
  if (choice.error) {
    return (
      <Alert color="red" role="alert" title={t('connect.failed')}>
        {choice.error instanceof ApiError ? choice.error.problem.detail : t('common.networkError')}
      </Alert>
    );
  }
  const c = choice.data!;
  const facebook = c.platform === 'facebook_page';
  const problem = choose.error instanceof ApiError ? choose.error.problem.detail : choose.error ? t('common.networkError') : null;
  return (
    <Stack>
      <Text>{t(facebook ? 'connect.choosePage' : 'connect.chooseYoutube', { name: c.channelName })}</Text>
      <Radio.Group label={t(facebook ? 'connect.pages' : 'connect.youtubeChannels')} value={picked} onChange={setPicked} error={problem} required>
        <Stack gap="xs" mt="xs">
          {c.options.map((o) => (
            <Radio key={o.id} value={o.id} label={`${o.name} (${o.id})`} />
          ))}
        </Stack>
      </Radio.Group>
      <Button w="fit-content" disabled={picked === null} loading={choose.isPending} onClick={() => picked && choose.mutate(picked)}>
        {t('connect.confirm')}
      </Button>
    </Stack>
  );
}
