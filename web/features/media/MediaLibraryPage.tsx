import { Card, Center, Drawer, Grid, Image, Loader, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readableDimmed } from '../../lib/content.ts';
import { useDrawerParam } from '../../lib/drawer-param.ts';
import { useMediaList } from './api.ts';
import { MediaDetails } from './MediaDetails.tsx';

/** /app/thu-vien: the media library: search, grid, alt text, where each file is used and which consent covers it. */
export default function MediaLibraryPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const list = useMediaList(q);
  const { openId, open: openFile, close } = useDrawerParam('tep');
  const open = list.data?.find((f) => f.id === openId) ?? null;
  return (
    <Stack style={readableDimmed}>
      <Title order={1}>{t('media.title')}</Title>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('media.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        </Grid.Col>
      </Grid>
      {!list.data ? (
        <Center p="xl">
          <Loader role="status" aria-label={t('common.loading')} />
        </Center>
      ) : list.data.length === 0 ? (
        <Text c="dimmed">{t('media.empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} spacing="sm">
          {list.data.map((f) => (
            <UnstyledButton key={f.id} onClick={() => openFile(f.id)}>
              <Card withBorder padding="xs">
                {f.kind === 'image' ? (
                  <Image src={f.contentUrl} alt={f.altText ?? ''} h={110} fit="cover" />
                ) : (
                  <Center h={110} bg="gray.1">
                    <Text size="sm">{t(`media.kinds.${f.kind}`)}</Text>
                  </Center>
                )}
                <Text size="xs" truncate mt={4}>
                  {f.originalName}
                </Text>
                {!f.altText && f.kind === 'image' && (
                  <Text size="xs" c="red.9">
                    {t('media.noAlt')}
                  </Text>
                )}
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      )}
      <Drawer styles={{ content: readableDimmed }} closeButtonProps={{ 'aria-label': t('dialogs.close') }} opened={Boolean(open)} onClose={close} position="right" size="md" title={open?.originalName}>
        {open && <MediaDetails key={open.id} file={open} />}
      </Drawer>
    </Stack>
  );
}
