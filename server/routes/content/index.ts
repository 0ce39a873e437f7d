import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { loadCaller, type Caller } from '../../../core/content/permissions.ts';
import type { Renderer } from '../../../core/content/rendering.ts';
import type { CorrectionPolicy } from '../../../core/corrections/policy.ts';
import { correctionsOf } from '../../../connectors/registry.ts';
import type { Queryable } from '../../../db/client.ts';
import { nfcDeep } from '../../../lib/text.ts';
import { renderForChannel } from '../../../templates/render.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { itemRoutes } from './items.ts';
import { previewRoutes } from './preview.ts';
import { workflowRoutes } from './workflow.ts';

export type ContentApp = Parameters<FastifyPluginAsyncTypebox>[0];

export interface ContentContext {
  deps: AppDeps;
  render: Renderer;
  /** What approving does on channels already showing the item (connectors' capabilities). */
  corrections: CorrectionPolicy;
  /** The signed-in caller with their roles (401 when signed out). */
  caller(q: Queryable, request: FastifyRequest): Promise<Caller>;
}

/**
 * Content items, their revisions and the approval workflow under /api/v1/content.
 * Domain rules live in core/content; these routes only translate HTTP.
 */
export const contentRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  // Lengths are counted on NFC (what users and platforms see), so normalise before validating.
  app.addHook('preValidation', async (request) => {
    if (request.body && typeof request.body === 'object') request.body = nfcDeep(request.body);
  });
  const ctx: ContentContext = {
    deps,
    render: (content, channel) => renderForChannel(content, channel, deps.config.publicUrl),
    corrections: correctionsOf,
    caller: (q, request) => {
      requireUser(request);
      return loadCaller(q, request.actor);
    },
  };
  itemRoutes(app, ctx);
  workflowRoutes(app, ctx);
  previewRoutes(app, ctx);
};
