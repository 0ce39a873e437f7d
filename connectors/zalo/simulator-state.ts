/** What the Zalo simulator holds; tests read it to count side effects exactly. */
export interface SimAccessToken {
  issuedAt: Date;
  expiresAt: Date;
}

export interface SimRefreshToken {
  expiresAt: Date;
  /** Refresh tokens are single-use: once spent, Zalo refuses them. */
  used: boolean;
}

export interface SimAuthCode {
  appId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: Date;
  used: boolean;
}

export interface SimTokenRequest {
  grantType: string;
  at: Date;
  /** 0 = tokens issued; else the error number answered. */
  error: number;
}

export interface SimUpload {
  attachmentId: string;
  bytes: number;
  mimeType: string;
  fileName: string;
}

export interface SimArticle {
  token: string;
  /** Known to Zalo at once; readable, verifiable and broadcastable only from `readyAt`. */
  id: string;
  createdAt: Date;
  readyAt: Date;
  title: string;
  description: string;
  author: string;
  cover: Record<string, unknown>;
  body: unknown[];
  status: string;
  removed: boolean;
  /** The access token the create call carried. */
  accessToken: string;
}

export interface SimBroadcast {
  messageId: string;
  articleId: string;
  at: Date;
  target: unknown;
}

export interface SimGroupMessage {
  messageId: string;
  groupId: string;
  text: string;
  at: Date;
  /** Who wrote it: a member's user id; the OA when unset. */
  fromId?: string;
}

export interface SimRequest {
  method: string;
  path: string;
  at: Date;
  /** Zalo `error` answered (0 = success), `reset` when the socket was destroyed instead. */
  outcome: number | 'reset';
}

export interface ZaloSimState {
  appId: string;
  appSecret: string;
  oaId: string;
  codes: Map<string, SimAuthCode>;
  accessTokens: Map<string, SimAccessToken>;
  refreshTokens: Map<string, SimRefreshToken>;
  tokenRequests: SimTokenRequest[];
  uploads: SimUpload[];
  articles: SimArticle[];
  broadcasts: SimBroadcast[];
  groupMessages: SimGroupMessage[];
  /** Group chats the OA manages: `enabled` ones accept messages. */
  groups: Map<string, 'enabled' | 'disabled'>;
  /** Followers and their last interaction (consultation messages need a recent one). */
  followers: Map<string, Date>;
  requests: SimRequest[];
  /**
   * How getslice lists article titles (§3.6 documents no shape): `as_stored`, or `escaped`
   * (HTML entities, spaces collapsed, cut to 40 characters with "…"). (Default: as_stored)
   */
  listedTitles: 'as_stored' | 'escaped';
  /**
   * The shape of getslice's `data` (§3.6 documents the call, not its answer): `medias`
   * (`{medias, total}`), `array` (the list itself) or `items` (`{items, total}`, a shape Loa
   * does not read). (Default: medias)
   */
  articleListing: 'medias' | 'array' | 'items';
  /** getdetail leaves out the article's `body` (its shape is undocumented). (Default: false) */
  detailHidesBody: boolean;
  /** The field naming a message's id in a group's conversation (its shape is unverified); null leaves ids out. (Default: message_id) */
  conversationIdField: string | null;
}

export function createSimState(ids: { appId: string; appSecret: string; oaId: string }): ZaloSimState {
  return {
    ...ids,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    tokenRequests: [],
    uploads: [],
    articles: [],
    broadcasts: [],
    groupMessages: [],
    groups: new Map(),
    followers: new Map(),
    requests: [],
    listedTitles: 'as_stored',
    articleListing: 'medias',
    detailHidesBody: false,
    conversationIdField: 'message_id',
  };
}

/** `{error, message, data}`, HTTP 200, as Zalo answers everything. */
export interface SimAnswer {
  error: number;
  message: string;
  data?: unknown;
}

export const ok = (data: unknown): SimAnswer => ({ error: 0, message: 'Success', data });
export const fail = (error: number, message: string): SimAnswer => ({ error, message });
