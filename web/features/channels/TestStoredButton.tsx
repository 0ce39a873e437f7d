import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { generalError } from '../../lib/problems.ts';
import { useTestStored } from './api.ts';

/** "Test the connection" of a saved channel with its stored credentials (read-only on the platform). */
export function TestStoredButton({ channelId }: { channelId: string }) {
  const { t } = useTranslation();
  const test = useTestStored(channelId);
  const failed = generalError(test.error, [], t('common.networkError'));
  return (
    <Group gap={4}>
      <Button size="compact-sm" variant="subtle" color="blue" loading={test.isPending} onClick={() => test.mutate()}>
        {t('channels.test')}
      </Button>
      {test.data && (
        <Text size="sm" c="green.9" role="status">
          {t('channels.testPassed', { account: test.data.account ?? '' })}
          {test.data.note ? ` ${test.data.note[currentLanguage()]}` : ''}
        </Text>
      )}
      {failed && (
        <Text size="sm" c="red.8" role="alert">
          {failed}
        </Text>
      )}
    </Group>
  );
}
