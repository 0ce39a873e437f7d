/**
 * A signed-in user over real HTTP (fetch against a listening app), for end-to-end tests:
 * the session cookie and CSRF header travel as a browser or script would send them.
 */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are read field by field
  json(): any;
}

export interface HttpSession {
  send(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
  /** Sends raw bytes (media uploads: the body is the file). */
  upload(path: string, bytes: Buffer, contentType: string): Promise<HttpAnswer>;
}

export async function fetchAnswer(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('loa_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const auth = { cookie, 'x-csrf-token': csrfToken };
  return {
    send: (method, path, body) =>
      fetchAnswer(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    upload: (path, bytes, contentType) =>
      fetchAnswer(`${baseUrl}${path}`, { method: 'POST', headers: { ...auth, 'content-type': contentType }, body: new Uint8Array(bytes) }),
  };
}

/** Polls `probe` until it returns something truthy; fails naming `label` and the last value seen. */
export async function pollUntil<T>(probe: () => Promise<T | null | undefined | false>, label: string, timeoutMs: number, describeLast?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}${describeLast ? `: ${describeLast()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
