import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createConsent } from '../../../core/consents/create.ts';
import { getConsent, listConsents } from '../../../core/consents/queries.ts';
import type { ConsentRow } from '../../../core/consents/validity.ts';
import { withdrawalImpact, withdrawConsent } from '../../../core/consents/withdraw.ts';
import { loadCaller } from '../../../core/content/permissions.ts';
import { nfcDeep } from '../../../lib/text.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { ConsentDetailView, ConsentListQuery, ConsentView, CreateConsentBody, WithdrawalImpactView, WithdrawBody, WithdrawResultView } from './schemas.ts';

const tags = ['consents'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function consentView(c: ConsentRow) {
  return {
    ...c,
    grantedAt: c.grantedAt.toISOString(),
    expiresAt: iso(c.expiresAt),
    withdrawnAt: iso(c.withdrawnAt),
    createdAt: c.createdAt.toISOString(),
  };
}

/** Consents of people shown in content (testimonies): record, read, withdraw. */
export const consentRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  app.addHook('preValidation', async (request) => {
    if (request.body && typeof request.body === 'object') request.body = nfcDeep(request.body);
  });

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Danh sách bản đồng ý (tìm theo tên; lọc theo đơn vị, trạng thái; phân trang) · Consents (search by name; filter by unit and state; paginated)',
        querystring: ConsentListQuery,
        response: { 200: Type.Object({ items: Type.Array(ConsentView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      requireUser(request);
      const page = await listConsents(db, await loadCaller(db, request.actor), request.query, clock.now());
      return { items: page.items.map(consentView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    { schema: { tags, summary: 'Chi tiết bản đồng ý và các bài đang dùng · A consent\'s details and the items using it', params: IdParams, response: { 200: ConsentDetailView } } },
    async (request) => {
      requireUser(request);
      const d = await getConsent(db, await loadCaller(db, request.actor), request.params.id);
      return { consent: consentView(d.consent), usedBy: d.usedBy };
    },
  );

  app.post(
    '/',
    { schema: { tags, summary: 'Ghi nhận sự đồng ý của người xuất hiện trong bài · Record the consent of a person who appears in an item', body: CreateConsentBody, response: { 201: ConsentView } } },
    async (request, reply) => {
      requireUser(request);
      const b = request.body;
      const consent = await db.transaction(async (tx) =>
        createConsent(
          tx,
          await loadCaller(tx, request.actor),
          {
            ...b,
            grantedAt: new Date(b.grantedAt),
            expiresAt: b.expiresAt ? new Date(b.expiresAt) : null,
          },
          clock.now(),
        ),
      );
      return reply.status(201).send(consentView(consent));
    },
  );

  app.get(
    '/:id/withdrawal-impact',
    {
      schema: {
        tags,
        summary: 'Trước khi rút lại sự đồng ý: số lượt đăng sẽ bị huỷ và số bài đã đăng cần gỡ · Before withdrawing a consent: how many deliveries will be cancelled and how many published posts taken down',
        params: IdParams,
        response: { 200: WithdrawalImpactView },
      },
    },
    async (request) => {
      requireUser(request);
      return withdrawalImpact(db, await loadCaller(db, request.actor), request.params.id);
    },
  );

  app.post(
    '/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Rút lại sự đồng ý: huỷ các lượt đăng chưa bắt đầu của bài đang dùng · Withdraw a consent: cancels the not-yet-started deliveries of the items using it',
        params: IdParams,
        body: WithdrawBody,
        response: { 200: WithdrawResultView },
      },
    },
    async (request) => {
      requireUser(request);
      const result = await db.transaction(async (tx) =>
        withdrawConsent(tx, await loadCaller(tx, request.actor), request.params.id, request.body.reason, clock.now()),
      );
      return { ...result, consent: consentView(result.consent) };
    },
  );
};
