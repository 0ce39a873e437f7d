import { Anchor, Box, Card, Group, Image, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DraftPreview, MediaFile, Rendering } from './api.ts';
import { OgCard } from './OgCard.tsx';

/** Renderings carry the renderer's extra fields untyped (the API lets them through as they are). */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface Props {
  rendering: Rendering;
  channelName: string;
  og: DraftPreview['og'];
  media: readonly MediaFile[];
}

/** The post as the destination will show it: a Facebook post, a YouTube card, a Zalo article, an article page, a message to copy. */
export function ChannelPreview({ rendering: r, channelName, og, media }: Props) {
  const { t } = useTranslation();
  const image = media.find((m) => m.kind === 'image');
  const video = media.find((m) => m.kind === 'video');
  switch (r.platform) {
    case 'facebook_page':
      return (
        <Card withBorder padding="sm" data-preview="facebook_page" aria-label={t('composer.preview.of', { name: channelName })}>
          <Text fw={700} size="sm">
            {channelName}
          </Text>
          <Text size="xs" c="dimmed">
            {t('composer.preview.facebookMeta')}
          </Text>
          <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {r.text}
          </Text>
          {image && <Image src={image.contentUrl} alt={image.altText ?? ''} mt="xs" radius="sm" />}
          {r.linkPlacement === 'link' && og && <OgCard og={og} compact />}
        </Card>
      );
    case 'youtube_channel':
      return (
        <Card withBorder padding="sm" data-preview="youtube_channel" aria-label={t('composer.preview.of', { name: channelName })}>
          <Box bg="dark.7" h={160} style={{ borderRadius: 8, display: 'grid', placeItems: 'center' }}>
            <Text c="white" size="sm">
              {video ? video.originalName : t('composer.preview.noVideo')}
            </Text>
          </Box>
          <Text fw={700} mt="xs">
            {r.title}
          </Text>
          <Text size="xs" c="dimmed">
            {channelName}
          </Text>
          <Text size="sm" mt="xs" lineClamp={6} style={{ whiteSpace: 'pre-wrap' }}>
            {r.text}
          </Text>
        </Card>
      );
    case 'zalo_oa':
      return (
        <Card withBorder padding="sm" data-preview="zalo_oa" aria-label={t('composer.preview.of', { name: channelName })}>
          {og && <Image src={og.image} alt="" radius="sm" />}
          <Title order={4} mt="xs">
            {r.title}
          </Title>
          <Text size="sm" c="dimmed">
            {str(r.description)}
          </Text>
          <Text size="xs" mt="xs">
            {channelName}
          </Text>
        </Card>
      );
    case 'zalo_group_manual':
      return (
        <Card withBorder padding="sm" data-preview="zalo_group_manual" aria-label={t('composer.preview.of', { name: channelName })}>
          <Text size="xs" c="dimmed">
            {t('composer.preview.officerCopies')}
          </Text>
          <Box component="pre" p="xs" bg="gray.1" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', fontSize: 14, borderRadius: 6 }}>
            {r.text}
          </Box>
        </Card>
      );
    case 'site':
    case 'wordpress':
      return (
        <Card withBorder padding="md" data-preview={r.platform} aria-label={t('composer.preview.of', { name: channelName })}>
          <Text size="xs" fw={700}>
            {channelName}
          </Text>
          <Title order={3} mt="xs">
            {r.title}
          </Title>
          {str(r.summary) && (
            <Text fw={500} mt="xs">
              {str(r.summary)}
            </Text>
          )}
          {image && <Image src={image.contentUrl} alt={image.altText ?? ''} mt="xs" radius="sm" />}
          <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {str(r.body)}
          </Text>
          {r.platform === 'site' && og && (
            <Anchor underline="always" size="xs" href={og.url} target="_blank" rel="noreferrer">
              {og.url}
            </Anchor>
          )}
        </Card>
      );
    default:
      return (
        <Card withBorder padding="sm" data-preview={r.platform} aria-label={t('composer.preview.of', { name: channelName })}>
          <Stack gap={4}>
            <Group gap="xs">
              <Text size="xs" fw={700}>
                {channelName}
              </Text>
            </Group>
            <Text fw={700}>{r.title}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {r.text}
            </Text>
          </Stack>
        </Card>
      );
  }
}
