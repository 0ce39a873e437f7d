import { expect } from 'vitest';
import { TEST_PASSWORD } from './app.ts';

/**
 * A browser stand-in over real HTTP for connect flows: it keeps Loa's cookies (the session,
 * the flow's state cookie) for Loa's origin only, follows one redirect at a time, and "clicks"
 * the simulators' consent buttons by submitting their GET form (the same query plus `decision`).
 * Loa is asked for JSON, so a refusal arrives as problem+json rather than the web app's page.
 */
export interface ConsentBrowser {
  csrfToken: string;
  /** GET without following redirects; Loa's cookies travel only to Loa. */
  get(url: string | URL): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  /** start → the consent page (200 HTML with Allow / Deny); returns its URL. */
  open(startPath: string): Promise<URL>;
  /** Presses a consent button: returns where the platform sends the browser back (Loa's callback). */
  decide(consent: URL, decision: 'allow' | 'deny'): Promise<URL>;
  cookie(name: string): string | undefined;
  /** Puts a cookie back (a replayed callback). */
  setCookie(name: string, value: string): void;
}

export async function consentBrowser(base: string, email: string): Promise<ConsentBrowser> {
  const jar = new Map<string, string>();
  const loaOrigin = new URL(base).origin;
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, i), pair!.slice(i + 1)];
      if (value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  const headersFor = (url: URL): Record<string, string> =>
    url.origin === loaOrigin ? { accept: 'application/json', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : { accept: 'text/html' };

  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: TEST_PASSWORD }) });
  expect(login.status).toBe(200);
  keep(login);
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  const b: ConsentBrowser = {
    csrfToken,
    async get(raw) {
      const url = new URL(raw, base);
      const res = await fetch(url, { redirect: 'manual', headers: headersFor(url) });
      if (url.origin === loaOrigin) keep(res);
      return res;
    },
    async post(path, body) {
      const url = new URL(path, base);
      const res = await fetch(url, { method: 'POST', headers: { ...headersFor(url), 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
      keep(res);
      return res;
    },
    async open(startPath) {
      const start = await b.get(startPath);
      expect(start.status).toBe(302);
      const consent = new URL(start.headers.get('location')!);
      const page = await b.get(consent);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="get">');
      expect(html).toContain('name="decision" value="allow"');
      expect(html).toContain('name="decision" value="deny"');
      return consent;
    },
    async decide(consent, decision) {
      const pressed = new URL(consent);
      pressed.searchParams.set('decision', decision);
      const res = await b.get(pressed);
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location')!);
    },
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => void jar.set(name, value),
  };
  return b;
}
