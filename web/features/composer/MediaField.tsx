import { Alert, Button, Card, CloseButton, FileButton, Group, Image, Modal, Progress, SimpleGrid, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readableDimmed } from '../../lib/content.ts';
import { useMe } from '../../lib/session.ts';
import { useLibrary, useMediaFiles, type MediaFile } from './api.ts';
import { uploadFile, UploadError, uploadVideo, type UploadProgress } from '../../lib/uploads.ts';
import { PhotoAltInput } from './PhotoAltInput.tsx';

interface Props {
  mediaIds: string[];
  unitId: string;
  onChange: (mediaIds: string[]) => void;
  message: string | undefined;
}

/** Photos and videos of the item: picked from the library or uploaded here (videos resumable). */
export function MediaField({ mediaIds, unitId, onChange, message }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const files = useMediaFiles(mediaIds);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pickerOpen, picker] = useDisclosure(false);

  const add = (id: string) => onChange(mediaIds.includes(id) ? mediaIds : [...mediaIds, id]);
  const upload = async (file: File | null, kind: 'photo' | 'video') => {
    const csrf = me.data?.csrfToken;
    if (!file || !csrf) return;
    setFailure(null);
    setProgress({ name: file.name, sent: 0, total: file.size, retrying: false });
    try {
      const id = kind === 'photo' ? (await uploadFile(file, unitId, csrf, setProgress)).id : await uploadVideo(file, unitId, csrf, setProgress);
      add(id);
      await queryClient.invalidateQueries({ queryKey: ['media'] });
    } catch (e) {
      setFailure(e instanceof UploadError && e.detail ? e.detail : t('common.networkError'));
    } finally {
      setProgress(null);
    }
  };

  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        {t('composer.media')}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
        {(files.data ?? []).filter((f) => mediaIds.includes(f.id)).map((f) => (
          <Card key={f.id} withBorder padding={4}>
            <Group justify="space-between" wrap="nowrap" gap={4}>
              <Text size="xs" truncate>
                {f.originalName}
              </Text>
              <CloseButton size="sm" aria-label={t('composer.removeMedia', { name: f.originalName })} onClick={() => onChange(mediaIds.filter((id) => id !== f.id))} />
            </Group>
            <MediaThumb file={f} />
            {f.kind === 'image' && <PhotoAltInput file={f} />}
          </Card>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <FileButton onChange={(f) => void upload(f, 'photo')} accept="image/jpeg,image/png,image/webp,image/gif">
          {(props) => (
            <Button {...props} variant="light" size="xs" disabled={!unitId || Boolean(progress)}>
              {t('composer.uploadPhoto')}
            </Button>
          )}
        </FileButton>
        <FileButton onChange={(f) => void upload(f, 'video')} accept="video/*">
          {(props) => (
            <Button {...props} variant="light" size="xs" disabled={!unitId || Boolean(progress)}>
              {t('composer.uploadVideo')}
            </Button>
          )}
        </FileButton>
        <Button variant="subtle" size="xs" onClick={picker.open}>
          {t('composer.fromLibrary')}
        </Button>
      </Group>
      {progress && (
        <Stack gap={2} aria-live="polite">
          <Text size="xs">
            {progress.retrying ? t('composer.uploadRetrying', { name: progress.name }) : t('composer.uploading', { name: progress.name, percent: Math.floor((100 * progress.sent) / Math.max(progress.total, 1)) })}
          </Text>
          <Progress value={(100 * progress.sent) / Math.max(progress.total, 1)} aria-label={t('composer.uploadProgress')} />
        </Stack>
      )}
      {(failure || message) && (
        <Alert color="red" role="alert" p="xs">
          {failure ?? message}
        </Alert>
      )}
      <LibraryPicker opened={pickerOpen} onClose={picker.close} onPick={(id) => (add(id), picker.close())} />
    </Stack>
  );
}

function MediaThumb({ file }: { file: MediaFile }) {
  const { t } = useTranslation();
  if (file.kind === 'image') return <Image src={file.contentUrl} alt={file.altText ?? ''} h={80} fit="cover" />;
  return (
    <Text size="xs" c="dimmed">
      {t(`media.kinds.${file.kind}`)} · {Math.round(file.sizeBytes / 1024)} KB
    </Text>
  );
}

function LibraryPicker({ opened, onClose, onPick }: { opened: boolean; onClose: () => void; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const library = useLibrary(search);
  return (
    <Modal styles={{ content: readableDimmed }} closeButtonProps={{ 'aria-label': t('dialogs.close') }} opened={opened} onClose={onClose} title={t('composer.fromLibrary')} size="lg">
      <TextInput label={t('media.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} mb="sm" />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
        {(library.data ?? []).map((f) => (
          <UnstyledButton key={f.id} onClick={() => onPick(f.id)}>
            <Card withBorder padding={4}>
              <MediaThumb file={f} />
              <Text size="xs" truncate>
                {f.originalName}
              </Text>
            </Card>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
