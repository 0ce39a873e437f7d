import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { objectPaths } from '../../lib/object-links.ts';
import { rolesOf, useMe, type Role } from '../../lib/session.ts';
import { vietnamRanges } from '../../lib/time.ts';
import { useChannelsNeedingReconnect, useDeliveriesIn, useRecentItems, useWaitingForMe, useWeekSchedule } from './api.ts';
import { DeliveryRows } from './DeliveryRows.tsx';
import { FreezeBanner } from './FreezeBanner.tsx';
import { GettingStarted } from './GettingStarted.tsx';
import { HomeSection } from './HomeSection.tsx';
import { ItemRows } from './ItemRows.tsx';

// Which sections a role has a use for, as the navigation decides its entries (routes.tsx):
// a manager who only reads was shown "Chờ tôi duyệt" and "Bài của tôi", and no way to the reports.
const APPROVES: readonly Role[] = ['approver', 'admin'];
const WRITES: readonly Role[] = ['editor', 'commune_officer', 'admin'];

/** /app: the signed-in user's day — what needs a person first, then the schedule and the items. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const week = useWeekSchedule();
  const failed = useDeliveriesIn('failed');
  const unconfirmed = useDeliveriesIn('unconfirmed');
  const reconnect = useChannelsNeedingReconnect();
  const waiting = useWaitingForMe();
  const recent = useRecentItems();
  if (!me) return null;

  const roles = rolesOf(me);
  const has = (any: readonly Role[]) => any.some((r) => roles.has(r));
  const { today } = vietnamRanges();
  const isToday = (iso: string) => iso >= today[0] && iso < today[1];
  const todayQuery = { ...week, data: week.data?.filter((d) => isToday(new Date(d.dueAt).toISOString())) };
  const mineQuery = { ...recent, data: recent.data?.filter((i) => i.authorId === me.user.id || i.createdBy === me.user.id) };

  return (
    <Stack>
      <Title order={1}>{t('home.greeting', { name: me.user.displayName })}</Title>
      <FreezeBanner />
      {roles.has('admin') && <GettingStarted />}
      {roles.has('viewer') && (
        <Group>
          <Button component={Link} to="/bao-cao">
            {t('home.openReports')}
          </Button>
        </Group>
      )}
      <Title order={2} size="h3">
        {t('home.needsAttention')}
      </Title>
      <HomeSection title={t('home.failed')} query={failed} empty={t('home.noneFailed')}>
        {(rows) => <DeliveryRows rows={rows} showReason />}
      </HomeSection>
      <HomeSection title={t('home.unconfirmed')} query={unconfirmed} empty={t('home.noneUnconfirmed')}>
        {(rows) => <DeliveryRows rows={rows} showReason />}
      </HomeSection>
      <HomeSection title={t('home.reconnect')} query={reconnect} empty={t('home.noneReconnect')}>
        {(rows) => (
          <Stack gap={4}>
            {rows.map((c) => (
              <div key={c.id}>
                <Anchor component={Link} to={objectPaths.channels()}>
                  {c.name}
                </Anchor>
                <Text size="xs">{t(`platforms.${c.platform}`)}</Text>
              </div>
            ))}
          </Stack>
        )}
      </HomeSection>
      {has(APPROVES) && (
        <HomeSection title={t('home.waitingForMe')} query={waiting} empty={t('home.noneWaiting')}>
          {(rows) => <ItemRows rows={rows} to={(item) => objectPaths.approval(item.id)} />}
        </HomeSection>
      )}
      <HomeSection title={t('home.today')} query={todayQuery} empty={t('home.noneToday')}>
        {(rows) => <DeliveryRows rows={rows} />}
      </HomeSection>
      <HomeSection title={t('home.thisWeek')} query={week} empty={t('home.noneWeek')}>
        {(rows) => <DeliveryRows rows={rows} />}
      </HomeSection>
      {has(WRITES) && (
        <HomeSection
          title={t('home.myItems')}
          query={mineQuery}
          empty={
            <>
              {t('home.noneMine')}{' '}
              <Anchor component={Link} to="/bai-viet/moi">
                {t('items.new')}
              </Anchor>
            </>
          }
        >
          {(rows) => <ItemRows rows={rows} to={(item) => objectPaths.item(item.id)} />}
        </HomeSection>
      )}
    </Stack>
  );
}
