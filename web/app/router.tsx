import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PageFrame, PageLoader } from './PageFrame.tsx';
import { openPages, shellPages, type AppPage } from './routes.tsx';

/**
 * Builds React Router's tree from the route table (routes.tsx), under /app.
 *
 * The signed-in shell loads lazily like the pages: the sign-in and password-reset pages are
 * what a phone on a slow network downloads first, and they need neither the shell's Mantine
 * components nor its full stylesheet. Once one of them is on screen, the shell and home are
 * fetched while the user types (prefetchSignedInApp).
 */
const loadShell = () => import('./Shell.tsx');
const Shell = lazy(async () => ({ default: (await loadShell()).Shell }));

function toRoute(page: AppPage, onShown?: () => void): RouteObject {
  return { path: page.path || undefined, index: page.path === '', element: <PageFrame page={page} onShown={onShown} /> } as RouteObject;
}

/** After an open page is shown, when the browser is idle: the shell and home, so signing in does not wait for them. */
function prefetchSignedInApp(): void {
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
  idle(() => {
    void loadShell().then(() => import('../features/home/HomePage.tsx'));
  });
}

export const router = createBrowserRouter(
  [
    {
      path: '/',
      element: (
        <Suspense fallback={<PageLoader fullPage />}>
          <Shell />
        </Suspense>
      ),
      children: [...shellPages.map((page) => toRoute(page)), { path: '*', element: <NotFoundPage /> }],
    },
    ...openPages.map((page) => toRoute(page, prefetchSignedInApp)),
  ],
  { basename: '/app' },
);
