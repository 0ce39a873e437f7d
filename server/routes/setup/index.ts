import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { completeSetup, isSetupNeeded, isSetupTokenUsable } from '../../../core/setup.ts';
import { AppError } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { signInWithCookies } from '../auth/sign-in.ts';
import { setupDonePage, setupFormPage, setupInvalidPage, type FormValues } from './page.ts';

/** The token is a secret: this route's request log lines (which carry the URL) stay below info. */
const quiet = { logLevel: 'warn' } as const;

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .send(body);
}

/** First value of a form field (a repeated field keeps its first occurrence); anything but text counts as empty. */
function formField(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

/** `/setup`: the one-time first-run page (GET) and its form POST, both plain HTML. */
export const setupPageRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  // Scoped to this plugin: nothing else accepts form bodies.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const prev = fields[k];
      fields[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    }
    done(null, fields);
  });

  app.get(
    '/setup',
    {
      ...quiet,
      schema: {
        tags: ['setup'],
        summary: 'Trang thiết lập lần đầu (HTML, dùng một lần) · First-time setup page (HTML, one use)',
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (request, reply) => {
      const token = request.query.token ?? '';
      if (!token || !(await isSetupTokenUsable(deps.db, deps.clock, token))) return html(reply, 403, setupInvalidPage());
      return html(reply, 200, setupFormPage(token, { unitName: '', displayName: '', email: '' }));
    },
  );

  app.post(
    '/setup',
    {
      ...quiet,
      schema: {
        tags: ['setup'],
        summary: 'Gửi biểu mẫu thiết lập (application/x-www-form-urlencoded, trả về HTML) · Send the setup form (application/x-www-form-urlencoded, answers HTML)',
        consumes: ['application/x-www-form-urlencoded'],
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const token = formField(body, 'token');
      const values: FormValues = { unitName: formField(body, 'unitName'), displayName: formField(body, 'displayName'), email: formField(body, 'email') };
      try {
        const password = formField(body, 'password');
        await completeSetup(deps.db, deps.clock, token, { ...values, password }, request.ip);
        // The person who just chose the password is signed in: the page's link opens the app, not the sign-in form.
        const email = values.email.trim().toLowerCase();
        await signInWithCookies(deps, reply, { email, password, ip: request.ip });
        return html(reply, 201, setupDonePage(email));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 403) return html(reply, 403, setupInvalidPage());
        return html(reply, error.status, setupFormPage(token, values, { message: error.messages.vi, field: error.field }));
      }
    },
  );
};

/** `POST /api/v1/setup`: the same first-run setup as JSON, for scripts. */
export const setupApiRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '',
    {
      schema: {
        tags: ['setup'],
        summary:
          'Cài đặt còn chờ quản trị viên đầu tiên không (trang đăng nhập nhắc liên kết thiết lập) · Whether the installation still waits for its first administrator (the sign-in page then mentions the setup link)',
        security: [],
        response: { 200: Type.Object({ setupNeeded: Type.Boolean({ description: 'true only while no user exists' }) }) },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send({ setupNeeded: await isSetupNeeded(deps.db) }),
  );

  app.post(
    '',
    {
      ...quiet,
      schema: {
        tags: ['setup'],
        summary: 'Thiết lập lần đầu: tạo đơn vị cấp cao nhất và quản trị viên đầu tiên (token dùng một lần) · First-time setup: creates the top unit and the first administrator (one-time token)',
        security: [],
        body: Type.Object(
          {
            token: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.String({ format: 'email', maxLength: 254 }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 512 }),
            unitName: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ userId: Type.String({ format: 'uuid' }), unitId: Type.String({ format: 'uuid' }) }) },
      },
    },
    async (request, reply) => {
      const { token, ...input } = request.body;
      return reply.status(201).send(await completeSetup(deps.db, deps.clock, token, input, request.ip));
    },
  );
};
