import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import SignInPage from '../features/auth/SignInPage.tsx';
import type { Role } from '../lib/session.ts';

/**
 * THE ROUTE TABLE — the one place where a feature registers its pages.
 *
 * To add a screen:
 *   1. Write the page in web/features/<feature>/<Name>Page.tsx with a DEFAULT export
 *      (pages load lazily, so a heavy screen such as the calendar never weighs on home).
 *   2. Add one entry below (keep them grouped by feature):
 *        { path: 'lich', titleKey: 'nav.calendar', nav: { order: 30 }, roles: ['editor', 'approver'],
 *          page: lazy(() => import('../features/calendar/CalendarPage.tsx')) }
 *      - path: under /app, no leading slash; React Router syntax (`bai/:id`). Names are
 *        Vietnamese slugs like the public site's (`lich`, `duyet`, `kenh`, `quan-tri/nguoi-dung`).
 *      - titleKey: an i18n key in web/i18n/vi.json and en.json (the tab title and the nav label).
 *      - nav: present → the page appears in the side navigation, sorted by `order`
 *        (home 0, daily work 10–49, library 50–79, admin 80+); absent → reachable by link only.
 *      - roles: who sees the NAV ENTRY (any membership with one of these roles); omitted =
 *        every signed-in user. It never guards data: the server answers 403 and the page
 *        shows the server's message.
 *   3. Pages inside `shellPages` render in the signed-in shell (navigation, bell, sign-out);
 *      `openPages` render bare and need no session (sign-in, password reset link).
 *
 * The one page in the first download is sign-in: on a phone on slow 3G a lazy chunk costs one
 * more 2-second round trip before the form shows, for ~1 KB of code.
 */
export interface AppPage {
  path: string;
  titleKey: string;
  nav?: { order: number };
  roles?: readonly Role[];
  page: LazyExoticComponent<ComponentType>;
}

export const shellPages: AppPage[] = [
  // home
  { path: '', titleKey: 'nav.home', nav: { order: 0 }, page: lazy(() => import('../features/home/HomePage.tsx')) },
  // notifications (the header bell links here)
  { path: 'thong-bao', titleKey: 'notifications.title', page: lazy(() => import('../features/notifications/NotificationsPage.tsx')) },
  // admin (the server answers 403 to anyone else; the pages show it)
  { path: 'quan-tri/don-vi', titleKey: 'admin.units.title', nav: { order: 80 }, roles: ['admin'], page: lazy(() => import('../features/admin/UnitsPage.tsx')) },
  { path: 'quan-tri/nguoi-dung', titleKey: 'admin.users.title', nav: { order: 81 }, roles: ['admin'], page: lazy(() => import('../features/admin/UsersPage.tsx')) },
  { path: 'quan-tri/tam-dung', titleKey: 'admin.freeze.title', nav: { order: 82 }, roles: ['admin'], page: lazy(() => import('../features/admin/FreezePage.tsx')) },
  { path: 'quan-tri/nhat-ky', titleKey: 'admin.audit.title', nav: { order: 83 }, roles: ['admin'], page: lazy(() => import('../features/admin/AuditPage.tsx')) },
  // profile
  { path: 'ho-so', titleKey: 'profile.title', nav: { order: 99 }, page: lazy(() => import('../features/profile/ProfilePage.tsx')) },
  // composer, items, approvals, media library, consents
  { path: 'bai-viet/moi', titleKey: 'nav.compose', nav: { order: 10 }, roles: ['editor', 'commune_officer', 'admin'], page: lazy(() => import('../features/composer/ComposerPage.tsx')) },
  { path: 'bai-viet/:id/sua', titleKey: 'composer.editTitle', page: lazy(() => import('../features/composer/ComposerPage.tsx')) },
  { path: 'duyet', titleKey: 'nav.approvals', nav: { order: 15 }, roles: ['approver', 'admin'], page: lazy(() => import('../features/approvals/InboxPage.tsx')) },
  { path: 'duyet/:id', titleKey: 'approvals.reviewTitle', page: lazy(() => import('../features/approvals/ReviewPage.tsx')) },
  { path: 'bai-viet', titleKey: 'nav.items', nav: { order: 20 }, page: lazy(() => import('../features/items/ItemsPage.tsx')) },
  { path: 'bai-viet/:id', titleKey: 'items.itemTitle', page: lazy(() => import('../features/items/ItemPage.tsx')) },
  { path: 'bai-viet/:id/chia-se', titleKey: 'shareKits.title', page: lazy(() => import('../features/share-kits/ShareKitsPage.tsx')) },
  { path: 'thu-vien', titleKey: 'nav.media', nav: { order: 50 }, page: lazy(() => import('../features/media/MediaLibraryPage.tsx')) },
  { path: 'dong-y', titleKey: 'nav.consents', nav: { order: 55 }, page: lazy(() => import('../features/consents/ConsentsPage.tsx')) },
  // calendar, delivery board, channels (board)
  { path: 'lich', titleKey: 'nav.calendar', nav: { order: 30 }, roles: ['admin', 'editor', 'approver', 'viewer'], page: lazy(() => import('../features/calendar/CalendarPage.tsx')) },
  { path: 'luot-dang', titleKey: 'nav.board', nav: { order: 35 }, roles: ['admin', 'editor', 'approver', 'viewer'], page: lazy(() => import('../features/deliveries/BoardPage.tsx')) },
  { path: 'lien-ket', titleKey: 'nav.links', nav: { order: 60 }, page: lazy(() => import('../features/links/LinksPage.tsx')) },
  { path: 'kenh/ket-noi', titleKey: 'connect.title', page: lazy(() => import('../features/channels/ConnectResultPage.tsx')) },
  { path: 'kenh', titleKey: 'nav.channels', nav: { order: 40 }, roles: ['admin', 'editor', 'approver', 'viewer'], page: lazy(() => import('../features/channels/ChannelsPage.tsx')) },
  { path: 'kenh/nhom', titleKey: 'nav.channelSets', nav: { order: 41 }, roles: ['admin', 'editor', 'approver', 'viewer'], page: lazy(() => import('../features/channels/ChannelSetsPage.tsx')) },
  // citizens' questions (Hỏi – đáp), moderation
  { path: 'hoi-dap', titleKey: 'nav.questions', nav: { order: 25 }, roles: ['admin', 'editor', 'commune_officer'], page: lazy(() => import('../features/questions/QuestionsPage.tsx')) },
  // reports, activities
  { path: 'bao-cao', titleKey: 'nav.reports', nav: { order: 42 }, roles: ['viewer', 'approver', 'admin', 'editor'], page: lazy(() => import('../features/reports/ReportsPage.tsx')) },
  { path: 'hoat-dong', titleKey: 'nav.activities', nav: { order: 46 }, roles: ['editor', 'commune_officer', 'admin', 'viewer'], page: lazy(() => import('../features/reports/ActivitiesPage.tsx')) },
];

export const openPages: AppPage[] = [
  // auth
  { path: 'dang-nhap', titleKey: 'signIn.title', page: lazy(async () => ({ default: SignInPage })) },
  { path: 'dat-lai-mat-khau', titleKey: 'resetPassword.title', page: lazy(() => import('../features/auth/ResetPasswordPage.tsx')) },
];

/** The navigation entries a user with these roles sees, in order. */
export function navigationFor(roles: ReadonlySet<Role>): AppPage[] {
  return shellPages
    .filter((p) => p.nav && (!p.roles || p.roles.some((r) => roles.has(r))))
    .sort((a, b) => a.nav!.order - b.nav!.order);
}
