import { createBrowserRouter, type RouteObject } from 'react-router';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PageFrame } from './PageFrame.tsx';
import { openPages, shellPages, type AppPage } from './routes.tsx';
import { Shell } from './Shell.tsx';

/** Builds React Router's tree from the route table (routes.tsx), under /app. */
function toRoute(page: AppPage): RouteObject {
  return { path: page.path || undefined, index: page.path === '', element: <PageFrame page={page} /> } as RouteObject;
}

export const router = createBrowserRouter(
  [
    { path: '/', element: <Shell />, children: [...shellPages.map(toRoute), { path: '*', element: <NotFoundPage /> }] },
    ...openPages.map(toRoute),
  ],
  { basename: '/app' },
);
