import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GraphSimState, SimRequest, SimToken } from './simulator-state.ts';

export interface SimAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface GraphErrorExtra {
  subcode?: number;
  type?: string;
  errorData?: unknown;
  isTransient?: boolean;
}

export function graphError(status: number, code: number, message: string, extra: GraphErrorExtra = {}): SimAnswer {
  return {
    status,
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.errorData !== undefined ? { error_data: extra.errorData } : {}),
        ...(extra.isTransient !== undefined ? { is_transient: extra.isTransient } : {}),
        fbtrace_id: `A${randomBytes(8).toString('base64url')}`,
      },
    },
  };
}

export const PAGE_SCOPES = ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts', 'pages_manage_engagement', 'publish_video'];
const LONG_LIVED_SECONDS = 5_183_944;

/** Where the request carried its token (header, query or form), without keeping the token. */
export function tokenOf(req: IncomingMessage, params: Map<string, string>, query: URLSearchParams): { token: string | null; scheme: SimRequest['auth'] } {
  const header = /^(Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (header) return { token: header[2]!, scheme: header[1]!.toLowerCase() === 'oauth' ? 'OAuth' : 'Bearer' };
  if (query.get('access_token')) return { token: query.get('access_token'), scheme: 'query' };
  if (params.get('access_token')) return { token: params.get('access_token')!, scheme: 'form' };
  return { token: null, scheme: 'none' };
}

/** Issues and checks tokens the way Graph answers about them (§1.2, §1.8). */
export function createSimAuth(state: GraphSimState, opts: { appSecret: string; requireAppSecretProof: boolean }) {
  const appToken = `${state.appId}|${opts.appSecret}`;
  const pageTokenOfUser = new Map<string, string>();

  function mint(spec: Omit<SimToken, 'valid' | 'invalidSubcode'>): string {
    const token = `EAA${randomBytes(24).toString('base64url')}`;
    state.tokens.set(token, { ...spec, valid: true, invalidSubcode: 467 });
    return token;
  }

  /** The token's record, or the Graph error a caller with it gets. */
  function authenticate(token: string | null, proof: string | null, now: Date): SimToken | SimAnswer {
    if (!token) return graphError(400, 2500, 'An active access token must be used to query information about the current user.');
    const t = state.tokens.get(token);
    if (!t) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (proof !== null && proof !== createHmac('sha256', opts.appSecret).update(token).digest('hex')) {
      return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument', { type: 'GraphMethodException' });
    }
    if (proof === null && opts.requireAppSecretProof) return graphError(400, 100, 'API calls from the server require an appsecret_proof argument', { type: 'GraphMethodException' });
    if (!t.valid) return graphError(400, 190, 'Error validating access token: The session has been invalidated.', { subcode: t.invalidSubcode });
    if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) {
      return graphError(400, 190, `Error validating access token: Session has expired on ${t.expiresAt.toUTCString()}.`, { subcode: 463 });
    }
    return t;
  }

  function exchange(params: Map<string, string>, now: Date): SimAnswer {
    if (params.get('grant_type') !== 'fb_exchange_token') return graphError(400, 100, 'Missing or invalid grant_type');
    if (params.get('client_id') !== state.appId) return graphError(400, 101, 'Error validating application. Invalid application ID.');
    if (params.get('client_secret') !== opts.appSecret) return graphError(400, 1, 'Error validating client secret.');
    const short = authenticate(params.get('fb_exchange_token') ?? null, null, now);
    if ('status' in short) return short;
    if (short.type !== 'USER') return graphError(400, 190, 'Invalid OAuth access token - only user tokens can be exchanged');
    const token = mint({ ...short, expiresAt: new Date(now.getTime() + LONG_LIVED_SECONDS * 1000) });
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_SECONDS } };
  }

  /** /me/accounts (§1.2): the simulated Page and `otherPages`, each with a Page token derived from the user token. */
  function accounts(user: SimToken, userToken: string): SimAnswer {
    if (user.type !== 'USER') return graphError(400, 100, '(#100) Tried accessing nonexisting field (accounts) on node type (Page)', { type: 'GraphMethodException' });
    const all = [{ id: state.pageId, name: state.pageName, tasks: state.pageTasks }, ...state.otherPages];
    const data = all.map((p) => {
      const key = `${userToken}:${p.id}`;
      let pageToken = pageTokenOfUser.get(key);
      if (!pageToken) {
        // A Page token from a long-lived user token does not expire; from a short-lived one it lives as long.
        const longLived = user.expiresAt === null || user.expiresAt.getTime() - Date.now() > 24 * 3600_000;
        pageToken = mint({ type: 'PAGE', userId: user.userId, pageId: p.id, scopes: user.scopes, expiresAt: longLived ? null : user.expiresAt });
        pageTokenOfUser.set(key, pageToken);
      }
      return { access_token: pageToken, category: 'Government organization', id: p.id, name: p.name, tasks: p.tasks };
    });
    return { status: 200, body: { data, paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } } } };
  }

  function debug(params: Map<string, string>, caller: string | null, now: Date): SimAnswer {
    if (caller !== appToken && (!caller || !state.tokens.has(caller))) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const input = params.get('input_token') ?? '';
    const t = state.tokens.get(input);
    if (!t) return { status: 200, body: { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] } } };
    const live = t.valid && (t.expiresAt === null || t.expiresAt.getTime() > now.getTime());
    return {
      status: 200,
      body: {
        data: {
          app_id: state.appId,
          type: t.type,
          application: 'Loa (mô phỏng)',
          data_access_expires_at: Math.floor(now.getTime() / 1000) + 90 * 86_400,
          expires_at: t.expiresAt ? Math.floor(t.expiresAt.getTime() / 1000) : 0,
          is_valid: live,
          scopes: t.scopes,
          user_id: t.userId,
          ...(t.pageId ? { profile_id: t.pageId } : {}),
        },
      },
    };
  }

  return { mint, authenticate, exchange, accounts, debug, appToken };
}

export type SimAuth = ReturnType<typeof createSimAuth>;
