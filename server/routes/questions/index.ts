import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { closeQuestion, composeAnswer, getQuestion, listQuestions, type QuestionView } from '../../../core/questions/moderation.ts';
import { listRouting, setRouting } from '../../../core/questions/routing.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../../core/org/pagination.ts';
import { questionCloseReasons, questionStatuses } from '../../../db/schema/index.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { limits, Target, ThemeSchema, Uuid } from '../content/schemas.ts';

const tags = ['questions'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Status = Type.Unsafe<(typeof questionStatuses)[number]>({ type: 'string', enum: [...questionStatuses] });
const CloseReason = Type.Unsafe<(typeof questionCloseReasons)[number]>({ type: 'string', enum: [...questionCloseReasons] });

const QuestionSchema = Type.Object({
  id: Uuid,
  unitId: Uuid,
  unitName: Type.String(),
  unitChosen: Type.Union([Type.Literal('citizen'), Type.Literal('theme')], { description: 'citizen: the asker chose the unit; theme: routed by theme' }),
  theme: ThemeSchema,
  body: Type.String({ description: 'The raw question as sent; never published' }),
  askerName: Nullable(Type.String()),
  contactKind: Nullable(Type.Union([Type.Literal('email'), Type.Literal('phone')], { description: 'The contact itself is not shown to moderators' })),
  personalData: Type.Array(Type.Object({ kind: Type.String(), text: Type.String() }), { description: 'Personal data found in the text: leave it out of the published question' }),
  suggestedQuestion: Type.String({ description: 'The question with personal data masked, the default published text' }),
  status: Status,
  answerItemId: Nullable(Uuid),
  closeReason: Nullable(CloseReason),
  createdAt: DateTime,
  answeredAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
});

function questionJson(q: QuestionView) {
  return { ...q, createdAt: q.createdAt.toISOString(), answeredAt: q.answeredAt?.toISOString() ?? null, closedAt: q.closedAt?.toISOString() ?? null };
}

const IdParams = Type.Object({ id: Uuid });

/**
 * `/api/v1/questions`: the moderation queue of citizens' questions (question.moderate on the
 * question's unit), starting an answer item, closing; and the per-theme routing (question.route).
 */
export const questionRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Hàng chờ câu hỏi của người dân (các đơn vị bạn kiểm duyệt), mới nhất trước · Citizens\' question queue (the units you moderate), newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(Status),
            unitId: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(QuestionSchema), nextCursor: Nullable(Type.String()) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const { status, unitId, limit, cursor } = request.query;
      const page = await listQuestions(db, request.actor, { limit: limit ?? DEFAULT_LIMIT, ...(status ? { status } : {}), ...(unitId ? { unitId } : {}), ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(questionJson), nextCursor: page.nextCursor };
    },
  );

  app.get('/routing', {
    schema: {
      tags,
      summary: 'Đơn vị nhận câu hỏi theo chủ đề khi người hỏi không chọn đơn vị (mặc định: đơn vị gốc) · The unit receiving each theme\'s questions when the asker picks none (default: the root unit)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ theme: ThemeSchema, unitId: Nullable(Uuid), isDefault: Type.Boolean() })) }) },
    },
  }, async (request) => {
    requireUser(request);
    return { items: await listRouting(db) };
  });

  app.put(
    '/routing/:theme',
    {
      schema: {
        tags,
        summary: 'Đặt đơn vị nhận câu hỏi của một chủ đề (quản trị) · Set the unit that receives a theme\'s questions (admin)',
        params: Type.Object({ theme: ThemeSchema }),
        body: Type.Object({ unitId: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await db.transaction((tx) => setRouting(tx, request.actor, request.params.theme, request.body.unitId));
      return reply.status(204).send(null);
    },
  );

  app.get('/:id', { schema: { tags, summary: 'Một câu hỏi, với dữ liệu cá nhân phát hiện được · One question, with the personal data found in it', params: IdParams, response: { 200: QuestionSchema } } }, async (request) => {
    requireUser(request);
    return questionJson(await getQuestion(db, request.actor, request.params.id));
  });

  app.post(
    '/:id/answer',
    {
      schema: {
        tags,
        summary: 'Soạn câu trả lời: tạo một bài (bản nháp) mang câu hỏi đã biên tập; sau đó gửi duyệt như mọi bài · Answer: creates an item (draft) carrying the edited question; then it goes for approval like any item',
        params: IdParams,
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: limits.title }),
            question: Type.Optional(Type.String({ minLength: 1, maxLength: limits.question, description: 'The question as published; default: suggestedQuestion' })),
            body: Type.String({ minLength: 1, maxLength: limits.body }),
            summary: Type.Optional(Type.String({ maxLength: limits.summary })),
            theme: Type.Optional(ThemeSchema),
            targets: Type.Optional(Type.Array(Target, { maxItems: limits.targets })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ itemId: Uuid, question: QuestionSchema }) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { targets, ...rest } = request.body;
      const result = await composeAnswer(db, request.actor, request.params.id, {
        ...rest,
        ...(targets ? { targets: targets.map((t) => ({ channelId: t.channelId, channelSetId: t.channelSetId, publishAt: t.publishAt ? new Date(t.publishAt) : null })) } : {}),
      });
      return reply.status(201).send({ itemId: result.itemId, question: questionJson(result.question) });
    },
  );

  app.post(
    '/:id/close',
    {
      schema: {
        tags,
        summary: 'Đóng câu hỏi (đã trả lời, bỏ qua, thư rác); tên và liên hệ của người hỏi bị xoá · Close a question (answered, dismissed, spam); the asker\'s name and contact are erased',
        params: IdParams,
        body: Type.Object({ reason: CloseReason }, { additionalProperties: false }),
        response: { 200: QuestionSchema },
      },
    },
    async (request) => {
      requireUser(request);
      return questionJson(await closeQuestion(db, request.actor, request.params.id, request.body.reason, clock.now()));
    },
  );
};
