import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../lib/api-client.ts';
import { type MediaFile, useSetAltText } from './api.ts';

/**
 * A photo's description for screen readers, asked where the photo is attached: without it the
 * site shows the photo with an empty alt. Saved when the field is left; the server's refusal
 * (someone else's photo) shows under it.
 */
export function PhotoAltInput({ file }: { file: MediaFile }) {
  const { t } = useTranslation();
  const save = useSetAltText(file.id);
  const [text, setText] = useState(file.altText ?? '');
  const saved = save.isSuccess && !save.isPending && text === (save.data?.altText ?? '');
  return (
    <TextInput
      size="xs"
      mt={4}
      label={t('composer.altText')}
      aria-label={t('composer.altTextOf', { name: file.originalName })}
      description={saved ? t('composer.altSaved') : t('composer.altHelp')}
      value={text}
      maxLength={1000}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => text.trim() !== (file.altText ?? '') && save.mutate(text.trim())}
      error={save.error ? (fieldError(save.error, '/altText') ?? save.error.message) : undefined}
    />
  );
}
