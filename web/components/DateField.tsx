import { DateInput } from '@mantine/dates';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTypedDate } from '../lib/time.ts';
import { dateInputSettings } from './date-input-settings.ts';
import { useTypedDateCheck } from './use-typed-date-check.ts';

interface Props {
  label: string;
  /** yyyy-mm-dd, or '' when empty: what the API takes. */
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  required?: boolean;
}

/**
 * A calendar day shown and typed as dd/mm/yyyy with a Vietnamese calendar to pick from,
 * whatever the browser's language (a native date input showed mm/dd/yyyy on an English
 * Windows). An optional field can be cleared; a day that does not exist stays as typed, marked invalid.
 */
export function DateField({ value, onChange, required, error, ...field }: Props) {
  const { t, i18n } = useTranslation();
  const check = useTypedDateCheck({ value, parse: parseTypedDate, required, message: t('dateField.invalid'), error });
  return (
    <DateInput
      {...field}
      {...dateInputSettings(t, i18n.language)}
      {...check}
      required={required}
      clearable={!required}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      valueFormat="DD/MM/YYYY"
      dateParser={parseTypedDate}
      placeholder={t('dateField.placeholder')}
    />
  );
}
