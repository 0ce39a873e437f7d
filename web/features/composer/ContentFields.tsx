import { ActionIcon, Button, Group, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { themes, type Theme } from '../../lib/content.ts';
import { unitOptions } from '../../lib/unit-options.ts';
import type { Draft } from './draft.ts';

interface Props {
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
  message: (field: string) => string | undefined;
  units: { id: string; name: string; depth: number }[];
  unitLocked: boolean;
}

/** Unit, title, summary, body, theme, hashtags and links: the text every channel starts from. */
export function ContentFields({ draft, change, message, units, unitLocked }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Select
        label={t('composer.unit')}
        data={unitOptions(units)}
        value={draft.unitId || null}
        onChange={(v) => v && change({ unitId: v })}
        disabled={unitLocked}
        error={message('/unitId')}
      />
      <TextInput label={t('composer.title')} required value={draft.title} onChange={(e) => change({ title: e.currentTarget.value })} error={message('/title')} />
      {draft.question != null && (
        <Textarea
          label={t('composer.question')}
          description={t('composer.questionHelp')}
          autosize
          minRows={2}
          value={draft.question}
          onChange={(e) => change({ question: e.currentTarget.value })}
          error={message('/question')}
        />
      )}
      <Textarea label={t('composer.summary')} autosize minRows={2} value={draft.summary} onChange={(e) => change({ summary: e.currentTarget.value })} error={message('/summary')} />
      <Textarea label={t('composer.body')} autosize minRows={6} value={draft.body} onChange={(e) => change({ body: e.currentTarget.value })} error={message('/body')} />
      <Select
        label={t('composer.theme')}
        data={themes.map((th) => ({ value: th, label: t(`themes.${th}`) }))}
        value={draft.theme}
        onChange={(v) => v && change({ theme: v as Theme })}
        error={message('/theme')}
      />
      <TagsInput
        label={t('composer.hashtags')}
        description={t('composer.hashtagsHelp')}
        value={draft.hashtags}
        onChange={(hashtags) => change({ hashtags })}
        error={message('/hashtags')}
      />
      <Stack gap={4}>
        {draft.links.map((link, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              style={{ flex: 2 }}
              label={t('composer.linkUrl', { n: i + 1 })}
              value={link.url}
              onChange={(e) => change({ links: draft.links.map((l, j) => (j === i ? { ...l, url: e.currentTarget.value } : l)) })}
              error={message(`/links/${i}`)}
            />
            <TextInput
              style={{ flex: 1 }}
              label={t('composer.linkLabel')}
              value={link.label ?? ''}
              onChange={(e) => change({ links: draft.links.map((l, j) => (j === i ? { ...l, label: e.currentTarget.value } : l)) })}
            />
            <ActionIcon mt={28} variant="subtle" color="red" aria-label={t('composer.removeLink', { n: i + 1 })} onClick={() => change({ links: draft.links.filter((_, j) => j !== i) })}>
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => change({ links: [...draft.links, { url: '' }] })}>
          {t('composer.addLink')}
        </Button>
      </Stack>
    </Stack>
  );
}
