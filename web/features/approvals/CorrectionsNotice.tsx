import { Alert, Anchor, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { useCorrections } from './api.ts';

/**
 * Before approval: on each channel where the item is already published, or its publish is
 * still in flight, what approving this revision will do there (edit the post in place, post
 * again, or leave it; wait for the publish in flight first), as the server says.
 */
export function CorrectionsNotice({ itemId, revision }: { itemId: string; revision: number }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const corrections = useCorrections(itemId, revision);
  if (!corrections.data || corrections.data.length === 0) return null;
  return (
    <Alert color="blue" title={t('approvals.correctionsTitle')}>
      <List spacing="xs">
        {corrections.data.map((c) => (
          <List.Item key={c.channelId}>
            <Text span fw={600}>
              {c.externalUrl ? (
                <Anchor href={c.externalUrl} target="_blank" rel="noreferrer" underline="always" c="inherit">
                  {c.channelName}
                </Anchor>
              ) : (
                c.channelName
              )}
            </Text>{' '}
            ({c.waitsFor ? t('approvals.correctionInFlight', { n: c.publishedRevision, state: t(`deliveryStates.${c.waitsFor}`) }) : t('approvals.correctionPublished', { n: c.publishedRevision })}):{' '}
            {t(`approvals.correctionMode.${c.mode}`)}. {c.note[language]}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
