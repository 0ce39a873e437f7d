import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { loadDeliveryContext } from '../../core/deliveries/context.ts';
import { shortUrl } from '../../core/links/codes.ts';
import { linkOfDelivery } from '../../core/links/links.ts';
import { textWithTrackedLink } from '../../core/manual/tasks.ts';
import { confirmKit } from '../../core/share-kits/confirm.ts';
import { kitOfToken, kitPath } from '../../core/share-kits/links.ts';
import { AppError } from '../../lib/errors.ts';
import { bindMarker } from '../../templates/render.ts';
import type { AppDeps } from '../deps.ts';
import { html } from '../http/html.ts';
import { addFormParsers, textField } from '../http/forms.ts';
import { sendPhoneImage } from './images.ts';
import { kitPage } from './kit-page.ts';
import { sendPhonePage } from './layout.ts';

const tags = ['phone'];
const KIT_HEADING = 'Con đường hướng thiện · Bộ chia sẻ';
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });

/**
 * Share-kit recipients' pages at `/chia-se/<token>`: the personal, revocable secret link a
 * KOL or group admin opens without an account (no session is looked at), rendered like the
 * /xa pages (no JavaScript needed, phone-sized). A revoked or expired link is a plain 404.
 */
export const kitRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, config, storage } = deps;
  addFormParsers(app);

  const gone = (reply: FastifyReply) =>
    sendPhonePage(reply, { title: 'Liên kết không dùng được', main: GONE, user: null, heading: KIT_HEADING }, 404);

  async function render(reply: FastifyReply, token: string, status = 200, error?: { message: string; sent: { permalink: string; reach: string } }) {
    const kit = await kitOfToken(db, token, clock.now());
    const ctx = kit ? await loadDeliveryContext(db, kit.deliveryId) : null;
    if (!ctx) return gone(reply);
    const r = ctx.revision.rendering;
    const bound = bindMarker({ text: typeof r?.text === 'string' ? r.text : '', link: typeof r?.link === 'string' ? r.link : null }, ctx.delivery.id);
    const link = await linkOfDelivery(db, ctx.delivery.id);
    const trackedUrl = link ? shortUrl(config.publicUrl, link.code) : null;
    const main = kitPage({
      path: kitPath(token),
      title: typeof r?.title === 'string' ? r.title : '',
      recipient: ctx.channel.name,
      state: ctx.delivery.state,
      late: ctx.delivery.late,
      deadlineAt: ctx.delivery.deadlineAt,
      text: textWithTrackedLink(bound.text, bound.link, trackedUrl),
      trackedUrl,
      images: ctx.media.filter((m) => m.kind === 'image'),
      now: clock.now(),
      error: error?.message,
      sent: error?.sent,
    });
    return sendPhonePage(reply, { title: ctx.channel.name, main, user: null, withScript: true, heading: KIT_HEADING }, status);
  }

  app.get('/chia-se/:token', { schema: { tags, summary: 'Bộ chia sẻ của một người nhận (liên kết bí mật, không cần tài khoản) · One recipient\'s share kit (secret link, no account needed)', params: TokenParams }, config: { anonymous: true } }, (request, reply) =>
    render(reply, request.params.token),
  );

  app.post(
    '/chia-se/:token',
    { schema: { tags, summary: 'Người nhận báo đã chia sẻ (liên kết, số người tiếp cận) · The recipient reports where they shared it (link, reach)', params: TokenParams }, config: { anonymous: true } },
    async (request, reply) => {
      const { token } = request.params;
      const kit = await kitOfToken(db, token, clock.now());
      if (!kit) return gone(reply);
      const sent = { permalink: textField(request.body, 'permalink'), reach: textField(request.body, 'reach') };
      try {
        await confirmKit(db, kit.deliveryId, sent, clock.now());
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return render(reply, token, err.status, { message: err.messages.vi, sent });
      }
      return reply.status(303).header('location', kitPath(token)).header('cache-control', 'no-store').send();
    },
  );

  app.get(
    '/chia-se/:token/anh/:mediaId',
    {
      schema: {
        tags,
        summary: 'Ảnh của bộ chia sẻ, cỡ điện thoại · A share kit\'s photo, sized for phones',
        params: Type.Object({ token: Type.String({ maxLength: 100 }), mediaId: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ co: Type.Union([Type.Literal('nho'), Type.Literal('lon')], { default: 'nho' }) }),
      },
      config: { anonymous: true },
    },
    async (request, reply) => {
      const kit = await kitOfToken(db, request.params.token, clock.now());
      const ctx = kit ? await loadDeliveryContext(db, kit.deliveryId) : null;
      const media = ctx?.media.find((m) => m.id === request.params.mediaId && m.kind === 'image');
      if (!media) return gone(reply);
      return sendPhoneImage(reply, storage, media, request.query.co === 'lon' ? 'large' : 'small', config.maxImagePixels);
    },
  );
};

/** The same page for unknown, revoked and expired links: it says nothing about which kit it was. */
const GONE = html`<h1>Liên kết không dùng được</h1><p class="note miss" role="alert">Liên kết này đã hết hạn hoặc đã được thu hồi. Nếu bạn cần bộ chia sẻ, hãy liên hệ cán bộ đã gửi cho bạn.</p>`;
