import { TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import { parseVietnamTime } from './vietnam-time.ts';

interface Props {
  label: string;
  description: string;
  value: string | null;
  onChange: (iso: string | null) => void;
  error: string | undefined;
}

/** A time typed as dd/MM/yyyy HH:mm (Vietnam time); applied when it parses, kept as typed otherwise. */
export function VietnamTimeInput({ label, description, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatDateTime(value));
  useEffect(() => {
    // A quick slot or a reload set the value from outside: show it.
    if (parseVietnamTime(text) !== value) setText(formatDateTime(value));
  }, [value]);
  const parsed = parseVietnamTime(text);
  const invalid = parsed === undefined;
  // Text that is no time keeps the previous value in the draft: marked invalid to the browser, the
  // composer's save refuses it (as the date fields elsewhere do) rather than saving without it.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.setCustomValidity(invalid ? t('composer.timeInvalid') : ''), [invalid, t]);
  return (
    <TextInput
      ref={input}
      label={label}
      description={description}
      placeholder={t('composer.timeFormat')}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const at = parseVietnamTime(next);
        if (at !== undefined) onChange(at);
      }}
      error={invalid ? t('composer.timeInvalid') : error}
    />
  );
}
