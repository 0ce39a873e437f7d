import { Alert, Button, Code, CopyButton, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatDateTime } from '../../lib/time.ts';
import { useResetPassword, type User } from './api.ts';

/** Issues a one-time reset link and shows it once (closing the dialog forgets it). */
export function ResetPasswordButton({ user }: { user: User }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const [opened, { open, close }] = useDisclosure(false);
  const title = t('admin.users.resetFor', { name: user.displayName });
  const finish = () => {
    close();
    reset.reset();
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={open} aria-label={title}>
        {t('admin.users.reset')}
      </Button>
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={opened} onClose={finish} title={title}>
        <Stack>
          {!reset.data && (
            <>
              <Text>{t('admin.users.resetExplain')}</Text>
              <ProblemAlert error={reset.error} />
              <Button loading={reset.isPending} onClick={() => reset.mutate(user.id)}>
                {t('admin.users.resetIssue')}
              </Button>
            </>
          )}
          {reset.data && (
            <Alert color="green" role="status" title={t('admin.users.resetShownOnce')}>
              <Stack gap="xs">
                <Code block>{reset.data.url}</Code>
                <Text size="sm">
                  {t('admin.users.resetExpires', { at: formatDateTime(reset.data.expiresAt) })} {reset.data.emailed ? t('admin.users.resetEmailed') : t('admin.users.resetNotEmailed')}
                </Text>
                <CopyButton value={reset.data.url}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy} w="fit-content">
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Stack>
            </Alert>
          )}
        </Stack>
      </Modal>
    </>
  );
}
