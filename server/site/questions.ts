import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { issueFormToken } from '../../core/questions/form-token.ts';
import { IpRateLimit } from '../../core/questions/rate-limit.ts';
import { selectableUnits } from '../../core/questions/routing.ts';
import { submitQuestion } from '../../core/questions/submit.ts';
import { listArticles } from '../../core/site/queries.ts';
import { AppError } from '../../lib/errors.ts';
import type { AppDeps } from '../deps.ts';
import { addFormParsers, textField } from '../http/forms.ts';
import { sendUncached } from '../http/cache.ts';
import { sendCached, PUBLIC_HEADERS } from './http-cache.ts';
import { ASK_PATH, ASKED_PATH, askedPage, type AskFormValues, askPage, emptyAskForm, QA_PATH, qaIndexPage } from './question-pages.ts';

const PAGE_SIZE = 20;
const tags = ['site'];
const HTML = 'text/html; charset=utf-8';

/**
 * Hỏi – đáp on the public site: the answered questions, and the form a citizen asks with, no
 * account and no JavaScript. The form routes ignore any session cookie (`anonymous`): an
 * officer signed in on the same browser asks like anyone else.
 */
export const questionPageRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, config, clock, secrets } = deps;
  addFormParsers(app);
  const rateLimit = new IpRateLimit(config.questionsPerIpPerHour);
  const limits = { perIpPerHour: config.questionsPerIpPerHour, minSeconds: config.questionMinSeconds, maxLinks: config.questionMaxLinks };

  /** The form carries a fresh time token, so it is never cached. */
  async function sendForm(reply: FastifyReply, values: AskFormValues, status = 200, error?: { message: string; field?: string | undefined }) {
    const body = askPage({ units: await selectableUnits(db), token: issueFormToken(secrets, clock.now()), values, ...(error ? { error } : {}) });
    return sendUncached(reply.status(status).headers(PUBLIC_HEADERS).header('cache-control', 'no-store'), HTML, body);
  }

  app.get(
    QA_PATH,
    { schema: { tags, summary: 'Hỏi – đáp: các câu hỏi đã được trả lời · Questions and answers: the questions answered', querystring: Type.Object({ trang: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } },
    async (request, reply) => {
      const page = request.query.trang ?? 1;
      const rows = await listArticles(db, { answersOnly: true }, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
      const body = qaIndexPage(config.publicUrl, { articles: rows.slice(0, PAGE_SIZE), page, hasMore: rows.length > PAGE_SIZE });
      return sendCached(request, reply, { body, contentType: HTML, lastModified: null, cacheControl: 'public, max-age=60' });
    },
  );

  app.get(ASK_PATH, { schema: { tags, summary: 'Biểu mẫu gửi câu hỏi (không cần tài khoản) · The question form (no account needed)' }, config: { anonymous: true } }, (_request, reply) =>
    sendForm(reply, emptyAskForm),
  );

  app.post(
    ASK_PATH,
    { schema: { tags, summary: 'Gửi câu hỏi (biểu mẫu HTML); từ chối thư rác mà không lưu gì · Ask a question (HTML form); spam is refused and nothing is stored' }, config: { anonymous: true } },
    async (request, reply) => {
      const field = (name: string) => textField(request.body, name);
      const values: AskFormValues = { body: field('body'), name: field('name'), contact: field('contact'), unitId: field('unitId'), theme: field('theme') };
      try {
        await submitQuestion({ db, secrets, limits, rateLimit, now: clock.now(), ip: request.ip }, { ...values, website: field('website'), token: field('token') });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        request.log.info({ code: err.code }, 'question.refused');
        return sendForm(reply, values, err.status, { message: err.messages.vi, field: err.field });
      }
      // Post/redirect/get: reloading the thank-you page cannot send the question twice.
      return reply.status(303).header('location', ASKED_PATH).header('cache-control', 'no-store').send();
    },
  );

  app.get(ASKED_PATH, { schema: { tags, summary: 'Đã nhận câu hỏi · Question received' } }, (_request, reply) =>
    sendUncached(reply.headers(PUBLIC_HEADERS).header('cache-control', 'no-store'), HTML, askedPage()),
  );
};
