import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { channelFor } from '../../../core/channels/access.ts';
import { afterGrant } from '../../../core/channels/connect-grant.ts';
import type { ChannelRow } from '../../../core/channels/view.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { CONNECT_RESULT_PAGE, connectFlow, denied, exchangeRefused, navigation, type ConnectPath } from './connect-flow.ts';
import { grantView, type Grant } from './grants.ts';
import { sessionHash } from './state.ts';

/** What differs between the platforms connected by a server-side authorization-code flow. */
export interface CodeFlowPlatform<Keys> {
  path: ConnectPath;
  /** The platform's name in messages ("Facebook", "Google (YouTube)"). */
  label: string;
  /** OpenAPI summary ("vi · en") and the 302's description, per route. */
  start: { summary: string; location: string };
  callback: { summary: string; location: string };
  /** The app's keys the channel needs before the consent page; a 422 naming the missing one. */
  keys(deps: AppDeps, channel: ChannelRow): Keys;
  /** PKCE (Zalo requires it): a fresh verifier and its S256 challenge for each flow. */
  pkce?: () => { verifier: string; challenge: string };
  /** `codeChallenge`: set when the platform uses PKCE. */
  consentUrl(channel: ChannelRow, keys: Keys, o: { redirectUri: string; state: string; codeChallenge: string | null }): string;
  /** Trades the code for what the choice or the connection needs; `query`: the rest of the callback's query (Zalo's oa_id). */
  exchange(deps: AppDeps, channel: ChannelRow, keys: Keys, o: { code: string; redirectUri: string; codeVerifier: string; query: Record<string, unknown> }): Promise<Grant>;
  /** Refusals the connector itself finds in the grant (a scope left unticked …), kept as they are. */
  ownRefusals?: string[];
}

/**
 * `start` (channel.manage, a browser session) sends the person to the platform's consent page
 * with a `state` bound to their session and the channel; `callback` checks that state, trades
 * the code and connects the channel, or lets the person choose the Page or channel (choices.ts).
 */
export function codeFlowRoutes<Keys>(p: CodeFlowPlatform<Keys>): FastifyPluginAsyncTypebox<AppDeps> {
  return async (app, deps) => {
    const flow = connectFlow(deps, { path: p.path, label: p.label });
    const tags = ['oauth'];

    app.get(
      '/start',
      {
        schema: {
          tags,
          summary: p.start.summary,
          querystring: Type.Object({ channelId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
          response: { 302: Type.Null({ description: p.start.location }) },
        },
      },
      async (request, reply) => {
        const location = await navigation(request, async () => {
          requireUser(request);
          const channel = await channelFor(deps.db, request.actor, request.query.channelId, 'channel.manage');
          const keys = p.keys(deps, channel);
          const pkce = p.pkce?.() ?? null;
          const state = flow.begin(request, reply, channel.id, pkce?.verifier);
          return p.consentUrl(channel, keys, { redirectUri: flow.redirectUri, state, codeChallenge: pkce?.challenge ?? null });
        });
        return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
      },
    );

    app.get(
      '/callback',
      {
        schema: {
          tags,
          summary: p.callback.summary,
          querystring: Type.Object(
            {
              state: Type.String({ minLength: 1, maxLength: 200 }),
              code: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
              error: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: true },
          ),
          response: { 302: Type.Null({ description: p.callback.location }) },
        },
      },
      async (request, reply) => {
        const location = await navigation(request, async () => {
          const s = flow.end(request, reply, request.query.state);
          const { code } = request.query;
          if (!code) throw denied(p.label);
          const channel = await channelFor(deps.db, request.actor, s.channelId, 'channel.manage');
          const keys = p.keys(deps, channel);
          let grant: Grant;
          try {
            grant = await p.exchange(deps, channel, keys, { code, redirectUri: flow.redirectUri, codeVerifier: s.verifier, query: request.query });
          } catch (err) {
            request.log.warn({ err, channelId: channel.id, platform: channel.platform }, 'oauth.exchange_failed');
            throw exchangeRefused(err, p.label, p.ownRefusals);
          }
          const done = await afterGrant(deps, request.actor, { userId: s.userId, sessionHash: sessionHash(s.sessionToken), channel, grant, view: grantView(grant) });
          return done.kind === 'connected' ? `${CONNECT_RESULT_PAGE}?kenh=${channel.id}` : `${CONNECT_RESULT_PAGE}?chon=${done.choiceId}`;
        });
        return reply.status(302).header('cache-control', 'no-store').header('location', location).send(null);
      },
    );
  };
}
