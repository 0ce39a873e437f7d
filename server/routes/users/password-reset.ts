import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { issuePasswordReset, PASSWORD_RESET_TTL_HOURS } from '../../../core/auth/password-reset.ts';
import { createSmtpMailer } from '../../../lib/mailer.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';

/**
 * An admin (`user.manage` over the user) issues a one-time password reset link. The link is
 * in this answer only (shown once to the admin) and e-mailed to the user when SMTP is set.
 * Its secret rides in the URL fragment, so it never reaches server logs or a Referer.
 */
export const passwordResetRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const mailer = deps.config.smtpUrl ? createSmtpMailer(deps.config.smtpUrl, deps.config.mailFrom) : null;

  app.post(
    '/:id/password-reset',
    {
      schema: {
        tags: ['users'],
        summary: `Cấp liên kết đặt lại mật khẩu dùng một lần (hiệu lực ${PASSWORD_RESET_TTL_HOURS} giờ; gửi email khi có SMTP) · Issue a one-time password reset link (valid ${PASSWORD_RESET_TTL_HOURS} hours; emailed when SMTP is set)`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: {
          201: Type.Object({
            url: Type.String({ description: 'Shown once; the user opens it to choose a new password' }),
            expiresAt: Type.String({ format: 'date-time' }),
            emailed: Type.Boolean({ description: 'True when the link was also e-mailed to the user' }),
          }),
        },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const reset = await issuePasswordReset(deps.db, deps.clock, request.actor, request.params.id);
      const url = `${deps.config.publicUrl}/app/dat-lai-mat-khau#${reset.token}`;
      let emailed = false;
      if (mailer) {
        try {
          await mailer.send({
            to: reset.email,
            subject: reset.locale === 'en' ? '[Loa] Set a new password' : '[Loa] Đặt lại mật khẩu',
            text:
              reset.locale === 'en'
                ? `Hello ${reset.displayName},\n\nAn administrator let you set a new Loa password. Open this link (valid ${PASSWORD_RESET_TTL_HOURS} hours, once):\n${url}\n`
                : `Chào ${reset.displayName},\n\nQuản trị viên đã cho phép bạn đặt lại mật khẩu Loa. Mở liên kết sau (dùng một lần, hiệu lực ${PASSWORD_RESET_TTL_HOURS} giờ):\n${url}\n`,
          });
          emailed = true;
        } catch (err) {
          // The admin still has the link to hand over; the answer says it was not e-mailed.
          request.log.warn({ err }, 'password reset e-mail failed');
        }
      }
      return reply.status(201).send({ url, expiresAt: reset.expiresAt.toISOString(), emailed });
    },
  );
};
