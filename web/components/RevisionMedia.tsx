import { Anchor, Card, Image, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RevisionFile } from '../lib/revision-media.ts';

/**
 * The photos and videos of a revision, shown themselves (not only their file names): the approver
 * answers for what a picture shows, and sees the description a screen reader will read. A video's
 * poster is the revision's first photo, as the public site shows it.
 */
export function RevisionMedia({ files, title }: { files: (RevisionFile | null)[]; title: string }) {
  const { t } = useTranslation();
  const shown = files.filter((f): f is RevisionFile => f !== null);
  const poster = shown.find((f) => f.kind === 'image')?.contentUrl;
  if (shown.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {shown.map((f) => (
          <Card key={f.id} withBorder padding="xs">
            {f.kind === 'image' && <Image src={f.contentUrl} alt={f.altText ?? ''} h={180} fit="contain" />}
            {f.kind === 'video' && <video src={f.contentUrl} poster={poster} controls preload="metadata" style={{ width: '100%', maxHeight: 180 }} aria-label={f.name} />}
            {f.kind === 'document' && (
              <Anchor href={f.contentUrl} target="_blank" rel="noopener">
                {f.name}
              </Anchor>
            )}
            <Text size="sm" mt={4}>
              {f.name}
            </Text>
            {f.kind === 'image' && (
              <Text size="sm" c={f.altText ? undefined : 'red.9'}>
                {f.altText ? t('approvals.altText', { text: f.altText }) : t('approvals.noAltText')}
              </Text>
            )}
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
