import type { ZaloErrorClass } from '../../lib/config.ts';
import { nfcLength } from '../../lib/text.ts';
import type { Capabilities, Connector, Problem, PublishContext, RenderedPost } from '../contract.ts';
import { grantCredentials, refreshTokens } from './oauth.ts';
import { editOnOa, oaCall, publishToOa, type ZaloDeps } from './publish.ts';
import { copiesOnOa, reconcileOa } from './reconcile.ts';
import { createRatePace } from './rate-pace.ts';
import type { BroadcastLedger } from './rules.ts';
import { parseZaloCredentials, parseZaloLocation } from './settings.ts';

export interface ZaloConnectorDeps {
  broadcasts?: BroadcastLedger;
  /** LOA_ZALO_ERROR_OVERRIDES. */
  errorOverrides?: Readonly<Record<string, ZaloErrorClass>>;
  mediaUrl?: (mediaId: string) => string | null;
  /** Timeout of a token request. (Default: 15 s) */
  tokenTimeoutMs?: number;
}

export const zaloCapabilities: Capabilities = {
  text: true,
  link: true,
  maxImages: 1,
  video: false,
  nativeScheduling: false,
  metrics: [],
  corrections: 'update_in_place',
  correctionNote: {
    vi: 'Sửa bài viết trên OA (cùng mã, cùng địa chỉ); tin đã gửi cho người quan tâm và nhóm không thu hồi hay gửi lại được',
    en: 'The OA article is edited (same id, same link); messages already sent to followers and groups cannot be recalled or sent again',
  },
};
/** Zalo builds and reviews an article asynchronously after create (§3.6): minutes, not seconds. */
const SETTLE_MS = 15 * 60_000;

const problem = (field: string, code: string, vi: string, en: string): Problem => ({ field, code, message: { vi, en } });

/**
 * A Zalo Official Account over the OA Open API with OAuth v4 tokens (platform-apis.md §3).
 * Official APIs only: no personal-account automation. A post becomes an OA article (its
 * first image the cover), broadcast to followers within the OA's rules and optionally sent
 * to the OA's group chats (GMF).
 */
export function createZaloConnector(deps: ZaloConnectorDeps = {}): Connector {
  const zdeps: ZaloDeps = {
    errorOverrides: deps.errorOverrides ?? {},
    ...(deps.broadcasts ? { broadcasts: deps.broadcasts } : {}),
    ...(deps.mediaUrl ? { mediaUrl: deps.mediaUrl } : {}),
  };
  const pace = createRatePace();
  /** Every answer tells the pace what is left of the OA's minute (rate-pace.ts). */
  const observed = <C extends PublishContext>(ctx: C): C => pace.observed(ctx, ctx.channel.id);
  /** The same, for work that may wait: while the OA's minute is used up it is deferred before any call. */
  const paced = <C extends PublishContext>(ctx: C): C => pace.paced(ctx, ctx.channel.id);
  return {
    platform: 'zalo_oa',
    capabilities: zaloCapabilities,
    settleMs: SETTLE_MS,

    validate(post: RenderedPost) {
      const problems: Problem[] = [];
      if (post.title.trim() === '') problems.push(problem('/title', 'ZALO_TITLE_REQUIRED', 'Bài viết Zalo OA cần tiêu đề', 'A Zalo OA article needs a title'));
      if (nfcLength(post.title) > 150) problems.push(problem('/title', 'ZALO_TITLE_TOO_LONG', 'Tiêu đề bài viết Zalo OA tối đa 150 ký tự', 'A Zalo OA article title is at most 150 characters'));
      return problems;
    },

    publish: async (post, ctx) => publishToOa(post, paced(ctx), zdeps),

    update: async (ref, post, ctx) => editOnOa(ref, post, paced(ctx), zdeps),

    reconcile: async (ref, ctx) => reconcileOa(ref, paced(ctx), zdeps),

    // The duplicate scan and takedowns must not wait: they only report what they see.
    findCopies: (ref, ctx) => copiesOnOa(ref, observed(ctx), zdeps),

    /** Removes the article from the OA; broadcasts already delivered cannot be recalled. */
    async unpublish(ref, ctx) {
      const { client } = oaCall(observed(ctx), zdeps);
      await client.call({ host: 'openapi', method: 'POST', path: '/v2.0/article/remove', json: { id: ref.externalId }, action: { vi: 'gỡ bài viết khỏi OA', en: 'removing the article from the OA' } });
    },

    /**
     * Spends the single-use refresh token for a new pair. The caller (core/credentials) must
     * persist the returned credentials before using them; a failure with sideEffectPossible
     * means the old refresh token may already be dead.
     */
    async refreshCredentials(ctx) {
      const location = parseZaloLocation(ctx.channel.settings);
      const credentials = parseZaloCredentials(ctx.credentials, { requireTokens: true });
      const grant = await refreshTokens({
        http: ctx.http,
        location,
        appId: credentials.appId,
        appSecret: credentials.appSecret,
        refreshToken: credentials.refreshToken!,
        now: ctx.now(),
        signal: ctx.signal,
        timeoutMs: deps.tokenTimeoutMs,
      });
      return grantCredentials(credentials, grant);
    },
  };
}

