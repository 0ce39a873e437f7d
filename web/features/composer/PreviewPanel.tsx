import { Alert, Badge, Group, Loader, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import type { DraftPreview, MediaFile } from './api.ts';
import { ChannelPreview } from './ChannelPreview.tsx';
import { countersFor } from './counters.ts';
import type { Draft } from './draft.ts';
import { OgCard } from './OgCard.tsx';

interface Props {
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
  preview: DraftPreview | undefined;
  /** Why the server refused to preview the draft (a field it cannot read, or the reader may not write here): not "type a title". */
  failure: string | null;
  loading: boolean;
  media: readonly MediaFile[];
}

/**
 * One tab per destination platform: its own title and text (overrides; empty = the common
 * text), each channel's post as it will look, live counters against the platform's limits
 * and the server's verdict per channel. The first tab is the shared link card.
 */
export function PreviewPanel({ draft, change, preview, loading, failure, media }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const platforms = [...new Set((preview?.renderings ?? []).map((r) => r.platform))];
  const nameOf = (channelId: string) => preview?.targets.find((x) => x.channelId === channelId)?.channelName ?? '';
  const setOverride = (platform: string, key: 'title' | 'body', value: string) =>
    change({ overrides: { ...draft.overrides, [platform]: { ...draft.overrides[platform], [key]: value } } });

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text fw={600}>{t('composer.previews')}</Text>
        {loading && <Loader size="xs" role="status" aria-label={t('common.loading')} />}
      </Group>
      <Tabs defaultValue="og" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="og">{t('composer.og.tab')}</Tabs.Tab>
          {platforms.map((p) => {
            const bad = preview!.problems.some((x) => x.channelId && preview!.renderings.some((r) => r.channelId === x.channelId && r.platform === p));
            return (
              <Tabs.Tab key={p} value={p} rightSection={bad ? <Badge color="red" size="xs">{t('composer.hasProblems')}</Badge> : null}>
                {t(`platforms.${p}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Tabs.Panel value="og" pt="xs">
          {preview?.og ? <OgCard og={preview.og} /> : <Text c="dimmed">{failure ?? t('composer.og.needsTitle')}</Text>}
        </Tabs.Panel>
        {platforms.map((p) => (
          <Tabs.Panel key={p} value={p} pt="xs">
            <Stack gap="xs">
              <TextInput
                label={t('composer.override.title', { platform: t(`platforms.${p}`) })}
                placeholder={t('composer.override.placeholder')}
                value={draft.overrides[p]?.title ?? ''}
                onChange={(e) => setOverride(p, 'title', e.currentTarget.value)}
              />
              <Textarea
                label={t('composer.override.body', { platform: t(`platforms.${p}`) })}
                placeholder={t('composer.override.placeholder')}
                autosize
                minRows={2}
                value={draft.overrides[p]?.body ?? ''}
                onChange={(e) => setOverride(p, 'body', e.currentTarget.value)}
              />
              {preview!.renderings
                .filter((r) => r.platform === p)
                .map((r) => (
                  <Stack key={r.channelId} gap={4}>
                    <Group gap="xs">
                      {countersFor(r, preview!.limits).map((c) => (
                        <Badge key={c.field} variant="light" color={c.used > c.max ? 'red' : 'gray'}>
                          {t(`composer.counter.${c.field}`)}: {c.used}/{c.max} {t(`composer.counter.${c.unit}`)}
                        </Badge>
                      ))}
                    </Group>
                    <ChannelPreview rendering={r} channelName={nameOf(r.channelId)} og={preview!.og} media={media} />
                    {preview!.problems
                      .filter((x) => x.channelId === r.channelId)
                      .map((x, i) => (
                        <Alert key={i} color="red" p="xs" role="status">
                          {x.messages[language]}
                        </Alert>
                      ))}
                  </Stack>
                ))}
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
