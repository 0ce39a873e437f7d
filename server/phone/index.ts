import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isCrossSite } from '../plugins/same-origin.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { login, logout } from '../../core/auth/sessions.ts';
import { shortUrl } from '../../core/links/codes.ts';
import { confirmPush } from '../../core/manual/confirm.ts';
import { MAX_PROOF_BYTES } from '../../core/manual/proofs.ts';
import { getOfficerTask, listOfficerItems, textWithTrackedLink, type OfficerTaskDetail } from '../../core/manual/tasks.ts';
import { getFreeze } from '../../core/system-settings.ts';
import { AppError } from '../../lib/errors.ts';
import { bindMarker } from '../../templates/render.ts';
import type { AppDeps } from '../deps.ts';
import { toProblem } from '../errors.ts';
import { clearSessionCookies, setSessionCookies } from '../plugins/session-cookies.ts';
import { fileField, addFormParsers, textField } from '../http/forms.ts';
import { sendPhoneImage } from './images.ts';
import { PHONE_HEADERS, sendPhonePage } from './layout.ts';
import { freezeNotice, listPage, loginPage, messagePage, taskPath } from './pages.ts';
import { PROOF_LIMIT, taskPage } from './task-page.ts';

const tags = ['phone'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const HOME = '/xa';
const CONFIRM_PATH = `${HOME}/nhiem-vu/:id/xac-nhan`;

const SESSION_ENDED =
  'Phiên đăng nhập đã hết hạn nên xác nhận "Đã đăng" chưa được ghi. Hãy đăng nhập lại: trang của nhóm sẽ mở lại với số thành viên và liên kết đã nhập; ảnh chụp màn hình (nếu có) cần chọn lại.';

/** The task page again after signing in, with the member count and permalink typed (while the address stays short). */
function resumePath(deliveryId: string, sent: { permalink: string; memberCount: string }): string {
  const query = new URLSearchParams();
  if (sent.memberCount) query.set('thanhvien', sent.memberCount.slice(0, 12));
  if (sent.permalink) query.set('lienket', sent.permalink);
  const full = query.size ? `${taskPath(deliveryId)}?${query}` : taskPath(deliveryId);
  if (full.length <= 300) return full;
  query.delete('lienket');
  return query.size ? `${taskPath(deliveryId)}?${query}` : taskPath(deliveryId);
}

/** Where to go after signing in: only back into the phone pages. */
const safeNext = (next: string) => (/^\/xa(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : HOME);

/**
 * The commune officers' phone pages at `/xa`: sign in, today's pushes into their Zalo
 * groups, one page per group push (text to copy, tracked link, images, "đã đăng" with
 * member count, permalink and screenshot). Plain HTML forms, complete with JavaScript off;
 * errors come back as pages, not JSON.
 */
export const phoneRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, config, storage } = deps;
  const secureCookie = config.publicUrl.startsWith('https://');
  // Room for the screenshot plus the text fields and multipart framing.
  addFormParsers(app, { multipartBytes: MAX_PROOF_BYTES + 64 * 1024 });
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, error));

  const loginForm = (reply: FastifyReply, next: string, status = 200, extra: { email?: string; error?: string; invalid?: readonly ('email' | 'password')[] } = {}) =>
    sendPhonePage(reply, { title: 'Đăng nhập', main: loginPage({ next, ...extra }), user: null, withScript: true }, status);
  const pageUser = (request: FastifyRequest) => ({ displayName: request.user!.displayName, csrfToken: request.csrfToken ?? '' });
  const notice = async () => {
    const freeze = await getFreeze(db);
    return freeze.on ? freezeNotice(freeze.reason) : undefined;
  };

  app.get(
    HOME,
    { schema: { tags, summary: 'Trang điện thoại: việc đăng bài vào nhóm Zalo hôm nay · Phone page: today\'s Zalo group posts', querystring: Type.Object({ xong: Type.Optional(Type.String({ format: 'uuid' })) }) } },
    async (request, reply) => {
      if (!request.user) return loginForm(reply, HOME);
      const now = clock.now();
      const list = await listOfficerItems(db, request.actor, now);
      const doneId = request.query.xong;
      const done = doneId ? list.items.flatMap((i) => i.tasks).find((t) => t.deliveryId === doneId) : undefined;
      const main = listPage({ ...list, now, done: done ? { groupName: done.channelName, late: done.late } : null });
      return sendPhonePage(reply, { title: 'Việc cần làm', main, user: pageUser(request), notice: await notice() });
    },
  );

  async function renderTask(
    request: FastifyRequest,
    reply: FastifyReply,
    detail: OfficerTaskDetail,
    status = 200,
    error?: { message?: string; field?: string | undefined; sent?: { permalink: string; memberCount: string }; reselect?: boolean },
  ) {
    const r = detail.context.revision.rendering;
    const bound = bindMarker({ text: typeof r?.text === 'string' ? r.text : '', link: typeof r?.link === 'string' ? r.link : null }, detail.context.delivery.id);
    const trackedUrl = detail.link ? shortUrl(config.publicUrl, detail.link.code) : null;
    const main = taskPage({
      detail,
      text: textWithTrackedLink(bound.text, bound.link, trackedUrl),
      trackedUrl,
      now: clock.now(),
      csrfToken: request.csrfToken ?? '',
      error: error?.message,
      field: error?.field,
      sent: error?.sent,
      reselect: error?.reselect,
    });
    return sendPhonePage(reply, { title: detail.context.channel.name, main, user: pageUser(request), withScript: true, notice: await notice() }, status);
  }

  app.get(
    `${HOME}/nhiem-vu/:id`,
    {
      schema: {
        tags,
        summary: 'Trang điện thoại: một lượt đăng vào một nhóm Zalo · Phone page: one post to one Zalo group',
        params: IdParams,
        // What a "đã đăng" form refused for an ended session carried, put back after signing in again.
        querystring: Type.Object({ thanhvien: Type.Optional(Type.String({ maxLength: 12 })), lienket: Type.Optional(Type.String({ maxLength: 300 })) }),
      },
    },
    async (request, reply) => {
      if (!request.user) return loginForm(reply, taskPath(request.params.id));
      const { thanhvien, lienket } = request.query;
      const detail = await getOfficerTask(db, request.actor, request.params.id);
      const resumed = thanhvien !== undefined || lienket !== undefined;
      const sent = { memberCount: thanhvien ?? String(detail.context.channel.memberCount ?? ''), permalink: lienket ?? '' };
      return renderTask(request, reply, detail, 200, resumed ? { sent } : undefined);
    },
  );

  app.post(
    CONFIRM_PATH,
    { config: { formCsrf: true }, schema: { tags, summary: 'Xác nhận "đã đăng" vào nhóm (biểu mẫu multipart) · Confirm "posted" to a group (multipart form)', params: IdParams } },
    async (request, reply) => {
      const deliveryId = request.params.id;
      const sent = { permalink: textField(request.body, 'permalink').trim(), memberCount: textField(request.body, 'memberCount').trim() };
      // The form was shown to a signed-in officer, so no session now means it ended (12 h) while the
      // page stayed open: say that nothing was recorded, and come back to the task with what was typed.
      if (!request.user) return loginForm(reply, resumePath(deliveryId, sent), 401, { error: SESSION_ENDED });
      try {
        await confirmPush({ db, storage, maxImagePixels: config.maxImagePixels }, request.actor, {
          deliveryId,
          permalink: sent.permalink,
          memberCount: sent.memberCount === '' ? null : Number(sent.memberCount),
          screenshot: fileField(request.body, 'screenshot')?.bytes ?? null,
          now: clock.now(),
        });
      } catch (err) {
        // A second tap on a slow network sends the form twice: the first recorded it, so the second
        // lands where the first did ("Đã ghi nhận"), not on "Không thực hiện được", as if nothing was.
        if (err instanceof AppError && err.code === 'TASK_ALREADY_CONFIRMED') return reply.status(303).headers(PHONE_HEADERS).redirect(`${HOME}?xong=${deliveryId}`);
        // A fixable mistake in the form: the same page again, with the message and what was typed.
        if (err instanceof AppError && err.status < 500 && err.status !== 403 && err.status !== 404 && err.status !== 409) {
          request.log.info({ code: err.code, field: err.field }, 'request refused');
          const reselect = fileField(request.body, 'screenshot') !== null;
          return renderTask(request, reply, await getOfficerTask(db, request.actor, deliveryId), err.status, { message: err.messages.vi, field: err.field, sent, reselect });
        }
        throw err;
      }
      return reply.status(303).headers(PHONE_HEADERS).redirect(`${HOME}?xong=${deliveryId}`);
    },
  );

  app.post(
    `${HOME}/dang-nhap`,
    {
      config: { formCsrf: true },
      schema: {
        tags,
        summary: 'Đăng nhập bằng biểu mẫu (điện thoại, không cần JavaScript) · Sign in with a form (phone, no JavaScript needed)',
        body: Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 512 }), next: Type.Optional(Type.String({ maxLength: 300 })), _csrf: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const next = safeNext(request.body.next ?? HOME);
      // A login form posted from another site would sign the phone into someone else's account.
      if (isCrossSite(request, config.publicUrl)) throw new AppError('LOGIN_CROSS_SITE', 403, { vi: 'Hãy đăng nhập từ trang của Loa', en: 'Sign in from Loa’s own page' });
      try {
        const result = await login(
          db,
          clock,
          { maxAttempts: config.loginMaxAttempts, lockMinutes: config.loginLockMinutes, sessionTtlHours: config.sessionTtlHours, maxFailuresPerIp: config.loginMaxAttempts * 4 },
          { email: request.body.email, password: request.body.password, ip: request.ip },
        );
        setSessionCookies(reply, { token: result.sessionToken, expires: result.expiresAt, secure: secureCookie });
        return reply.status(303).headers(PHONE_HEADERS).redirect(next);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Which of the two was wrong is not told (it would confirm the account exists): both are marked.
        const invalid = err.code === 'AUTH_INVALID_CREDENTIALS' ? (['email', 'password'] as const) : [];
        return loginForm(reply, next, err.status, { email: request.body.email, error: err.messages.vi, invalid });
      }
    },
  );

  app.post(`${HOME}/dang-xuat`, { config: { formCsrf: true }, schema: { tags, summary: 'Đăng xuất (biểu mẫu) · Sign out (form)' } }, async (request, reply) => {
    if (request.sessionToken) await logout(db, request.actor, request.sessionToken);
    clearSessionCookies(reply);
    return reply.status(303).headers(PHONE_HEADERS).redirect(HOME);
  });

  app.get(
    `${HOME}/anh/:id/:mediaId`,
    {
      schema: {
        tags,
        summary: 'Ảnh của bài, cỡ điện thoại (nho: để xem, lon: để lưu và gửi vào nhóm) · An item\'s photo sized for phones (nho: to view, lon: to save and send to a group)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), mediaId: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ co: Type.Union([Type.Literal('nho'), Type.Literal('lon')], { default: 'nho' }) }),
      },
    },
    async (request, reply) => {
      if (!request.user) throw new AppError('AUTH_REQUIRED', 401, { vi: 'Bạn cần đăng nhập', en: 'You need to sign in' });
      const detail = await getOfficerTask(db, request.actor, request.params.id);
      const media = detail.context.media.find((m) => m.id === request.params.mediaId && m.kind === 'image');
      if (!media) throw new AppError('MEDIA_NOT_FOUND', 404, { vi: 'Không tìm thấy ảnh', en: 'Image not found' });
      return sendPhoneImage(reply, storage, media, request.query.co === 'lon' ? 'large' : 'small', config.maxImagePixels);
    },
  );

  // An old or mistyped address under /xa: a phone page leading back to the list, not the public site's 404
  // (whose ways on are the campaign's home page, search and Hỏi – đáp). Not an endpoint: left out of the API description.
  app.get(`${HOME}/*`, { schema: { hide: true } }, (request, reply) =>
    sendPhonePage(
      reply,
      { title: 'Không tìm thấy trang', main: messagePage({ title: 'Không tìm thấy trang', message: 'Địa chỉ này không có trong trang của Loa cho công an xã.' }), user: request.user ? pageUser(request) : null },
      404,
    ),
  );

  async function sendError(request: FastifyRequest, reply: FastifyReply, error: FastifyError | AppError) {
    const p = toProblem(error, 'vi');
    if (p.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: p.code, field: p.field }, 'request refused');
    if (p.code === 'AUTH_REQUIRED') return loginForm(reply, HOME, 401);
    // Only the screenshot can make a "đã đăng" form too large: say so on the task page itself,
    // not on a bare "Nội dung gửi lên quá lớn" page that sends the officer back to the list.
    if (p.code === 'BODY_TOO_LARGE' && request.user && request.routeOptions.url === CONFIRM_PATH) {
      const task = await getOfficerTask(db, request.actor, (request.params as { id: string }).id).catch(() => null);
      if (task) return renderTask(request, reply, task, 413, { message: `Ảnh chụp màn hình lớn hơn giới hạn ${PROOF_LIMIT}: hãy chọn ảnh nhỏ hơn hoặc bỏ trống ô này.`, field: '/screenshot' });
    }
    const message =
      p.code === 'CSRF_TOKEN_INVALID'
        ? 'Trang đã cũ hoặc phiên đăng nhập đã thay đổi. Hãy quay lại, tải lại trang rồi thử lại.'
        : p.messages.vi;
    const user = request.user ? pageUser(request) : null;
    return sendPhonePage(reply, { title: 'Không thực hiện được', main: messagePage({ title: 'Không thực hiện được', message }), user }, p.status);
  }
};
