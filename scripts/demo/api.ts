import type { App } from '../../server/app.ts';

/**
 * The demo seeds through Loa's own HTTP API (fastify `inject`: routing, schemas, sign-in,
 * CSRF, RBAC and audit all run), so it exercises the paths a user's requests take.
 */
export interface DemoSession {
  email: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field, shapes are in /docs
  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<any>;
  /** `POST /api/v1/media`: the body is the file. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upload(url: string, bytes: Buffer, contentType: string): Promise<any>;
}

export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export async function signInDemo(app: App, email: string, password: string): Promise<DemoSession> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw failure('POST', '/api/v1/auth/login', res.statusCode, res.body);
  const session = res.cookies.find((c) => c.name === 'loa_session');
  if (!session) throw new Error(`Đăng nhập ${email}: không nhận được cookie phiên`);
  const headers = { cookie: `loa_session=${session.value}`, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };

  const answer = async (method: string, url: string, reply: { statusCode: number; body: string }) => {
    if (reply.statusCode >= 300) throw failure(method, url, reply.statusCode, reply.body);
    return reply.body ? JSON.parse(reply.body) : null;
  };
  return {
    email,
    async call(method, url, body) {
      const reply = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
      return answer(method, url, reply);
    },
    async upload(url, bytes, contentType) {
      const reply = await app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': contentType }, payload: bytes });
      return answer('POST', url, reply);
    },
  };
}

function failure(method: string, url: string, status: number, body: string): DemoApiError {
  let code: string | undefined;
  let detail = body.slice(0, 500);
  try {
    const problem = JSON.parse(body) as { code?: string; detail?: string; field?: string };
    code = problem.code;
    detail = `${problem.code ?? ''} ${problem.field ?? ''} ${problem.detail ?? ''}`.trim();
  } catch {
    // not problem+json: keep the raw excerpt
  }
  return new DemoApiError(status, code, `${method} ${url} → ${status}: ${detail}`);
}
