import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readableChannel, readableDelivery, readableItem, readableUnitSubtree } from '../../../core/metrics/access.ts';
import { breakdownFigures, scopeFigures, type Period, type Scope } from '../../../core/metrics/figures.ts';
import { groupLabels } from '../../../core/metrics/labels.ts';
import { assertOrdered, periodOf, vnDayStart } from '../../../core/metrics/period.ts';
import { latestReadings, readingSchedule, samplesPage } from '../../../core/metrics/readings.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { BreakdownPage, BreakdownQuery, DeliveryStats, IdParams, PeriodQuery, SamplesPage, SamplesQuery, ScopeStats, UnitQuery } from './schemas.ts';

const tags = ['stats'];
const iso = (d: Date | null) => d?.toISOString() ?? null;
const DAY_MS = 86_400_000;

/**
 * Reach figures (`/api/v1/stats`; `/metrics` at the root is the Prometheus endpoint). Every
 * figure adds up like metrics only (core/metrics/kinds.ts, docs/METRICS.md); reading needs
 * `report.read` on the unit concerned.
 */
export const metricsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const period = (query: { from?: string | undefined; to?: string | undefined }) => periodOf(query, deps.clock.now());
  const scopeStats = async (scope: Scope, p: Period) => ({ period: p, ...(await scopeFigures(deps.db, scope, p)) });

  app.get(
    '/deliveries/:id',
    {
      schema: {
        tags,
        summary: 'Số liệu của một lượt đăng: con số trong kỳ, lần đọc mới nhất của từng chỉ số, lịch đọc · A delivery\'s figures: the period\'s numbers, each metric\'s latest reading, the reading schedule',
        params: IdParams,
        querystring: PeriodQuery,
        response: { 200: DeliveryStats },
      },
    },
    async (request) => {
      requireUser(request);
      const d = await readableDelivery(deps.db, request.actor, request.params.id);
      const p = period(request.query);
      const [figures, latest, schedule] = await Promise.all([
        scopeFigures(deps.db, { deliveryId: d.id }, p),
        latestReadings(deps.db, d.id, d.platform),
        readingSchedule(deps.db, d.id),
      ]);
      return {
        id: d.id,
        state: d.state,
        itemId: d.itemId,
        title: d.title,
        theme: d.theme,
        channel: { id: d.channelId, name: d.channelName, platform: d.platform },
        externalUrl: d.externalUrl,
        publishedAt: iso(d.publishedAt),
        period: p,
        figures: figures.figures,
        latest: latest.map((r) => ({ ...r, collectedAt: r.collectedAt.toISOString() })),
        schedule: schedule && { ...schedule, nextAt: iso(schedule.nextAt), lastCollectedAt: iso(schedule.lastCollectedAt) },
      };
    },
  );

  app.get(
    '/deliveries/:id/samples',
    {
      schema: {
        tags,
        summary: 'Chuỗi thời gian các lần đọc chỉ số của một lượt đăng (cũ trước, phân trang) · Time series of a delivery\'s metric readings (oldest first, paginated)',
        params: IdParams,
        querystring: SamplesQuery,
        response: { 200: SamplesPage },
      },
    },
    async (request) => {
      requireUser(request);
      const d = await readableDelivery(deps.db, request.actor, request.params.id);
      const { from, to, metric, limit, cursor } = request.query;
      assertOrdered(from, to);
      const page = await samplesPage(deps.db, d.id, {
        metric,
        since: from ? vnDayStart(from) : undefined,
        until: to ? new Date(vnDayStart(to).getTime() + DAY_MS) : undefined,
        limit,
        cursor,
      });
      return { items: page.items.map((s) => ({ ...s, collectedAt: s.collectedAt.toISOString() })), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/items/:id',
    { schema: { tags, summary: 'Số liệu của một bài trên mọi kênh trong kỳ, theo nền tảng · An item\'s figures on every channel in a period, by platform', params: IdParams, querystring: PeriodQuery, response: { 200: ScopeStats } } },
    async (request) => {
      requireUser(request);
      const item = await readableItem(deps.db, request.actor, request.params.id);
      return scopeStats({ itemId: item.id }, period(request.query));
    },
  );

  app.get(
    '/channels/:id',
    { schema: { tags, summary: 'Số liệu của một kênh trong kỳ · A channel\'s figures in a period', params: IdParams, querystring: PeriodQuery, response: { 200: ScopeStats } } },
    async (request) => {
      requireUser(request);
      const channel = await readableChannel(deps.db, request.actor, request.params.id);
      return scopeStats({ channelId: channel.id }, period(request.query));
    },
  );

  app.get(
    '/units/:id',
    {
      schema: {
        tags,
        summary: 'Số liệu các kênh của đơn vị và đơn vị cấp dưới trong kỳ (lọc theo chủ đề), theo nền tảng · Figures of the channels of a unit and the units below it in a period (filter by theme), by platform',
        params: IdParams,
        querystring: UnitQuery,
        response: { 200: ScopeStats },
      },
    },
    async (request) => {
      requireUser(request);
      const unitIds = await readableUnitSubtree(deps.db, request.actor, request.params.id);
      return scopeStats({ channelUnitIds: unitIds, theme: request.query.theme }, period(request.query));
    },
  );

  app.get(
    '/units/:id/breakdown',
    {
      schema: {
        tags,
        summary: 'Số liệu của đơn vị chia theo kênh, bài, chủ đề, đơn vị sở hữu kênh hoặc nền tảng; xếp theo một con số (phân trang) · A unit\'s figures by channel, item, theme, owning unit or platform; ranked by one figure (paginated)',
        params: IdParams,
        querystring: BreakdownQuery,
        response: { 200: BreakdownPage },
      },
    },
    async (request) => {
      requireUser(request);
      const unitIds = await readableUnitSubtree(deps.db, request.actor, request.params.id);
      const { by, sort, limit, cursor, theme } = request.query;
      const p = period(request.query);
      const page = await breakdownFigures(deps.db, { channelUnitIds: unitIds, theme }, p, { by, sort: sort ?? 'reach', limit, cursor });
      const labels = await groupLabels(deps.db, by, page.items.map((g) => g.key));
      return {
        period: p,
        items: page.items.map((g) => ({ ...g, label: labels.get(g.key)?.label ?? g.key, platform: labels.get(g.key)?.platform ?? null })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
