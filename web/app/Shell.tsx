import './shell-styles.css';
import './shell.css';
import { Anchor, AppShell, Burger, Button, Center, Group, Loader, NavLink, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSignOut } from '../features/auth/api.ts';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { ApiError } from '../lib/api-client.ts';
import { useLanguage } from '../lib/i18n.ts';
import { rolesOf, useMe } from '../lib/session.ts';
import { currentAppPath } from './current-path.ts';
import { navigationFor } from './routes.tsx';

/** The signed-in frame: header with the user and sign-out, navigation by role, the page. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure();
  useLanguage(me.data?.user.locale);
  const { pathname } = useLocation();
  const signedIn = me.data !== undefined;
  // A page opened by its address (a bookmark, a link in a notification or an email) lights an entry
  // that may sit below the fold of the scrolling list: bring it into the list's view.
  useEffect(() => {
    const nav = signedIn ? document.getElementById(NAV_ID) : null;
    if (!nav) return;
    revealLitEntry(nav);
    // Chosen from the list (by keyboard, or a click): the next Tab goes into the new page, not down
    // the rest of the list — an administrator's 19 entries stood between every page and its content.
    if (nav.contains(document.activeElement)) focusMain();
  }, [pathname, signedIn]);

  if (me.error instanceof ApiError && me.error.problem.status === 401) {
    return <Navigate to={`/dang-nhap?next=${encodeURIComponent(currentAppPath())}`} replace />;
  }
  if (!me.data) {
    return (
      <Center mih="100vh">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  }

  const nav = navigationFor(rolesOf(me.data));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <a href={`#${MAIN_ID}`} className="loa-skip-link" onClick={(event) => (event.preventDefault(), focusMain())}>
          {t('shell.skipToContent')}
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNav')} />
            <Title order={2} size="h3">
              Loa
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationBell />
            <Anchor component={RouterLink} to="/ho-so" size="sm" visibleFrom="xs">
              {me.data.user.displayName}
            </Anchor>
            <Button
              variant="light"
              size="xs"
              loading={signOut.isPending}
              onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/dang-nhap', { replace: true }) })}
            >
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      {/* An administrator's 19 entries are taller than a 1366×768 office screen's page area: the list scrolls on its own. */}
      <AppShell.Navbar id={NAV_ID} p="xs" component="nav" aria-label={t('shell.navigation')} style={{ overflowY: 'auto', overscrollBehavior: 'contain' }}>
        {nav.map((page) => (
          // A prefix of another entry (bai-viet ⊂ bai-viet/moi) matches only itself, so one entry is lit.
          <NavLink key={page.path} component={RouterLink} to={`/${page.path}`} end={page.path === '' || nav.some((o) => o.path.startsWith(`${page.path}/`))} label={t(page.titleKey)} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main component="main" id={MAIN_ID} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

const NAV_ID = 'loa-navigation';
const MAIN_ID = 'loa-main';

function focusMain() {
  document.getElementById(MAIN_ID)?.focus({ preventScroll: true });
}

/** Scrolls the navigation list (not the page) just enough to show the entry of the current page. */
function revealLitEntry(nav: HTMLElement) {
  const lit = nav.querySelector<HTMLElement>('[aria-current="page"]');
  if (!lit) return;
  // The list is position: fixed, so it is its entries' offsetParent; its padding is kept around the entry.
  const pad = parseFloat(getComputedStyle(nav).paddingTop) || 0;
  const top = lit.offsetTop - pad;
  const bottom = Math.ceil(lit.offsetTop + lit.offsetHeight + pad);
  if (top < nav.scrollTop) nav.scrollTop = top;
  else if (bottom > nav.scrollTop + nav.clientHeight) nav.scrollTop = bottom - nav.clientHeight;
}
