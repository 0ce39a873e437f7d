import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkHealth, readGauges } from '../../../core/health.ts';
import type { AppDeps } from '../../deps.ts';
import { assertMayReadMetrics } from '../../plugins/private-surfaces.ts';

export const systemRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Tình trạng cơ sở dữ liệu và các worker (503 khi một trong hai ngừng hoặc bị kẹt) · Liveness of the database and the workers (503 when either is down or stuck)',
        response: {
          200: Type.Any(),
          503: Type.Any(),
        },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(deps.db, deps.clock);
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );

  app.get('/metrics', { schema: { tags: ['system'], summary: 'Chỉ số Prometheus (quản trị viên, trừ khi LOA_PUBLIC_METRICS) · Prometheus metrics (admins unless LOA_PUBLIC_METRICS)' } }, async (request, reply) => {
    await assertMayReadMetrics(deps, request);
    const lines: string[] = [];
    const seen = new Set<string>();
    const gauge = (name: string, help: string, value: number, labels?: Record<string, string>) => {
      if (!seen.has(name)) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
        seen.add(name);
      }
      const l = labels ? `{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}` : '';
      lines.push(`${name}${l} ${value}`);
    };
    const health = await checkHealth(deps.db, deps.clock);
    gauge('loa_up', 'Database reachable and a live worker', health.status === 'ok' ? 1 : 0);
    gauge('loa_workers_live', 'Workers with a fresh heartbeat', health.worker.workers);
    if (health.database === 'ok') for (const g of await readGauges(deps.db)) gauge(g.name, g.help, g.value, g.labels);
    const mem = process.memoryUsage();
    gauge('process_resident_memory_bytes', 'Resident memory of this process', mem.rss);
    gauge('nodejs_heap_used_bytes', 'V8 heap in use', mem.heapUsed);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(lines.join('\n') + '\n');
  });
};
