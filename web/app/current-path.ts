/** The path inside the app (without /app) and its query, to come back to after signing in. */
export function currentAppPath(): string {
  const { pathname, search } = window.location;
  return (pathname.replace(/^\/app(?=\/|$)/, '') || '/') + search;
}
