import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { countsAsClick } from '../../../core/links/agents.ts';
import { countClick } from '../../../core/links/clicks.ts';
import { findLinkByCode } from '../../../core/links/links.ts';
import { LINK_CODE_PATTERN } from '../../../core/links/codes.ts';
import { mayRedirect } from '../../../core/links/targets.ts';
import type { AppDeps } from '../../deps.ts';
import { errorPage } from '../../site/error-pages.ts';
import { vnDay } from '../../site/format.ts';

const HEADERS = {
  // Every follow must reach Loa to be counted, and the redirect says nothing to a cache.
  'cache-control': 'private, no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
} as const;

/**
 * `/l/<code>`: a tracked short link (commune Zalo groups, posters' QR codes). Answers 302
 * to the target (which carries its marker) and counts the click per link per Vietnam day
 * — without a cookie, an IP or anything else about the visitor. Link-preview fetchers,
 * robots, HEAD requests and prefetches are redirected but not counted. A stored target Loa
 * may no longer lead to (its host left LOA_LINK_TARGET_HOSTS, or it predates the rule) is
 * answered with the site's 410 page, never followed: no open redirect on the official domain.
 */
export const linkRedirectRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/l/:code',
    schema: { tags: ['links'], summary: 'Liên kết rút gọn có đếm lượt nhấp (302 tới trang đích) · Short link that counts clicks (302 to the target)', params: Type.Object({ code: Type.String({ maxLength: 32 }) }) },
    handler: async (request, reply) => {
      const code = request.params.code.toLowerCase();
      const link = LINK_CODE_PATTERN.test(code) ? await findLinkByCode(deps.db, code) : null;
      if (!link) return reply.status(404).headers(HEADERS).type('text/plain; charset=utf-8').send('Liên kết không tồn tại hoặc đã bị gỡ.');
      if (!(await mayRedirect(deps.db, link, deps.config.linkTargetHosts))) {
        request.log.warn({ linkId: link.id }, 'link.target_not_allowed');
        return reply.status(410).headers(HEADERS).type('text/html; charset=utf-8').send(errorPage(410));
      }
      if (countsAsClick(request.method, request.headers)) {
        // A failed count must not cost the reader the page.
        await countClick(deps.db, link.id, vnDay(deps.clock.now())).catch((err: unknown) => request.log.warn({ err, linkId: link.id }, 'link.click_not_counted'));
      }
      return reply.status(302).headers(HEADERS).header('location', link.targetUrl).send();
    },
  });
};
