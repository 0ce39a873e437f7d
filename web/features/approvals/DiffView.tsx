import { Badge, Box, Card, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import type { Change } from './diff.ts';

/** One field's change: struck-through removals and underlined additions, readable without colour. */
export function DiffView({ changes, names }: { changes: Change[]; names: Record<string, string> }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <Text c="dimmed">{t('approvals.noChanges')}</Text>;
  const label = (field: string) => {
    const [head, key, sub] = field.split('.');
    if (head === 'overrides') return t('approvals.field.override', { channel: t(`platforms.${key}`, { defaultValue: names[key!] ?? key }), field: t(`approvals.field.${sub}`) });
    if (head === 'targets' && key) return t('approvals.field.targetTime', { channel: key });
    return t(`approvals.field.${head}`);
  };
  const show = (field: string, v: string | null) => (v === null ? t('approvals.none') : /At$/.test(field) ? formatDateTime(v) : field === 'theme' ? t(`themes.${v}`) : v);
  return (
    <Stack gap="sm">
      {changes.map((c) => (
        <Card key={c.field} withBorder padding="sm">
          <Text fw={600} size="sm" mb={4}>
            {label(c.field)}
          </Text>
          {c.kind === 'text' && (
            <Box style={{ whiteSpace: 'pre-wrap', lineHeight: 1.6 }}>
              {c.parts.map((p, i) =>
                p.op === 'same' ? (
                  <span key={i}>{p.text}</span>
                ) : p.op === 'added' ? (
                  <ins key={i} style={{ background: '#d3f9d8', textDecoration: 'underline' }}>
                    {p.text}
                  </ins>
                ) : (
                  <del key={i} style={{ background: '#ffe3e3' }}>
                    {p.text}
                  </del>
                ),
              )}
            </Box>
          )}
          {c.kind === 'list' && (
            <Stack gap={2}>
              {c.added.map((x) => (
                <Text key={`+${x}`} size="sm">
                  <Badge color="blue" size="xs" mr={6}>
                    {t('approvals.added')}
                  </Badge>
                  {names[x] ?? x}
                </Text>
              ))}
              {c.removed.map((x) => (
                <Text key={`-${x}`} size="sm">
                  <Badge color="red.9" size="xs" mr={6}>
                    {t('approvals.removed')}
                  </Badge>
                  {names[x] ?? x}
                </Text>
              ))}
            </Stack>
          )}
          {c.kind === 'value' && (
            <Text size="sm">
              <del>{show(c.field, c.before)}</del> → <ins>{show(c.field, c.after)}</ins>
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}
