/** What the Graph simulator holds; tests read it to count side effects exactly. */
export interface SimToken {
  type: 'USER' | 'PAGE';
  userId: string;
  pageId: string | null;
  scopes: string[];
  /** null: never expires. */
  expiresAt: Date | null;
  /** false: invalidated (password change, logout …); Graph answers 190 with `invalidSubcode`. */
  valid: boolean;
  invalidSubcode: number;
}

export interface SimPost {
  /** `{page-id}_{n}` */
  id: string;
  kind: 'status' | 'link' | 'photo' | 'album';
  message: string;
  link: string | null;
  createdTime: Date;
  published: boolean;
  /** UNIX seconds, for posts Facebook holds until then. */
  scheduledPublishTime: number | null;
  /** Photo ids shown in the post. */
  photoIds: string[];
  reactions: number;
  comments: number;
  shares: number;
}

export interface SimPhoto {
  id: string;
  /** The feed story showing the photo, once there is one. */
  postId: string | null;
  published: boolean;
  temporary: boolean;
  /** Bytes received for `source` (0 when fetched by `url`). */
  bytes: number;
  sha256: string | null;
  mimeType: string | null;
  fileName: string | null;
  url: string | null;
}

export interface SimVideo {
  id: string;
  handle: string;
  title: string;
  description: string;
  createdTime: Date;
  published: boolean;
  scheduledPublishTime: number | null;
  status: 'processing' | 'ready' | 'error' | 'expired';
  reactions: number;
  comments: number;
}

export interface SimUploadSession {
  /** As returned to the client: `upload:<sid>?sig=<sig>`. */
  id: string;
  fileName: string;
  fileLength: number;
  fileType: string;
  /** Bytes accepted in order (the server's `file_offset`). */
  offset: number;
  /** Every body byte read for this session, including bytes refused or cut off. */
  bytesReceived: number;
  /** POSTs to the session. */
  requests: number;
  /** sha256 of the accepted bytes, computed incrementally; set when the file is complete. */
  sha256: string | null;
  handle: string | null;
  /** Which kind of token opened the session. */
  openedWith: 'USER' | 'PAGE';
}

export interface SimRequest {
  method: string;
  /** Path after the version, e.g. `/123/feed`, `/upload:abc`. */
  route: string;
  version: string | null;
  /** HTTP status answered, `reset` when the socket was destroyed instead. */
  outcome: number | 'reset';
  /** Where the token came from. */
  auth: 'Bearer' | 'OAuth' | 'query' | 'form' | 'none';
  fileOffset?: number;
  at: Date;
}

export type InsightValue = number | Record<string, number>;

export interface GraphSimState {
  pageId: string;
  pageName: string;
  appId: string;
  userId: string;
  posts: SimPost[];
  photos: SimPhoto[];
  videos: SimVideo[];
  uploadSessions: SimUploadSession[];
  /** Deleted objects (DELETE /{id}), by id. */
  deleted: string[];
  insights: {
    /** Names Graph no longer knows: asking for any of them fails the whole call with #100. */
    retired: Set<string>;
    /** Values per object id and metric; a metric without a value reads 0 (`{}` for breakdowns). */
    values: Map<string, Record<string, InsightValue>>;
  };
  /** Status given to the next videos published. */
  nextVideoStatus: SimVideo['status'];
  /** Listings leave out a post's `link` (a Graph version that stopped returning the field): a link-only marker is out of sight. */
  listingHidesLink: boolean;
  /**
   * Listings leave out `attachments` too: the posts of a Graph that answers only the fields §1.6
   * names for reconciliation (id, message, created_time, permalink_url).
   */
  listingHidesAttachments: boolean;
  /** The video list leaves out `description` (a Graph answering fewer fields than asked). */
  listingHidesDescription: boolean;
  /**
   * How a chunk that leaves the file incomplete is answered: `file_offset` (`{id, file_offset}`),
   * `handle` (`{h}` at once, as §1.5 documents the only answer), `bare` (`{id}`). (Default: file_offset)
   */
  chunkAnswer: 'file_offset' | 'handle' | 'bare';
  /** Video nodes come without `status` (a Graph that does not return the field; §1.5 documents none). */
  videoNodeOmitsStatus: boolean;
  /** Objects that take a slot in listings but are never shown (privacy filtering): pages come back short, even empty, with `next`. */
  listingFiltered: Set<string>;
  tokens: Map<string, SimToken>;
  /**
   * Tasks the simulated user may perform on the channel's Page (/me/accounts `tasks`, §1.2).
   * Insights need ANALYZE (§1.7): without it Graph refuses them (#10) while posting and
   * reading counters still work. (Default: all five)
   */
  pageTasks: string[];
  /** More Pages the simulated user manages, listed by /me/accounts after the channel's Page. */
  otherPages: { id: string; name: string; tasks: string[] }[];
  /** Codes the Login dialog handed out, by code; each is good for one exchange. */
  loginCodes: Map<string, { redirectUri: string; scopes: string[]; expiresAt: Date; used: boolean }>;
  requests: SimRequest[];
}

export function createSimState(ids: { pageId: string; pageName: string; appId: string; userId: string }): GraphSimState {
  return {
    ...ids,
    posts: [],
    photos: [],
    videos: [],
    uploadSessions: [],
    deleted: [],
    insights: { retired: new Set(), values: new Map() },
    nextVideoStatus: 'ready',
    listingHidesLink: false,
    listingHidesAttachments: false,
    listingHidesDescription: false,
    chunkAnswer: 'file_offset',
    videoNodeOmitsStatus: false,
    listingFiltered: new Set(),
    tokens: new Map(),
    pageTasks: ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'],
    otherPages: [],
    loginCodes: new Map(),
    requests: [],
  };
}
