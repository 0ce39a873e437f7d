/** An account with an Application Password; the role decides what it may do (Editor ⊃ Author). */
export interface SimUser {
  username: string;
  applicationPassword: string;
  role: 'editor' | 'author';
}

/** What the WordPress simulator holds; tests read it to count side effects exactly. */
export interface SimPost {
  id: number;
  slug: string;
  status: 'publish' | 'future' | 'draft' | 'pending' | 'private' | 'trash';
  title: string;
  content: string;
  excerpt: string;
  dateGmt: string;
  featuredMedia: number;
  categories: number[];
  tags: number[];
}

export interface SimMedia {
  id: number;
  fileName: string;
  mimeType: string;
  /** Bytes received in the request body. */
  bytes: number;
  sha256: string;
  altText: string;
  /** The request declared Content-Length (not chunked). */
  declaredLength: number | null;
}

export interface SimComment {
  id: number;
  post: number;
  status: 'approved' | 'hold' | 'spam';
}

export interface SimTerm {
  id: number;
  name: string;
  slug: string;
}

export interface SimRequest {
  method: string;
  /** REST route, e.g. `/wp/v2/posts`, whichever URL style was used. */
  route: string;
  style: 'wp-json' | 'rest_route' | 'page';
  /** HTTP status answered, or `reset` when the socket was destroyed instead. */
  outcome: number | 'reset';
  at: Date;
}

export interface WordpressSimState {
  posts: SimPost[];
  media: SimMedia[];
  comments: SimComment[];
  tags: SimTerm[];
  categories: SimTerm[];
  requests: SimRequest[];
  /** WP-cron does not run (a site without visits): `future` posts stay unpublished past their time. */
  cronDisabled: boolean;
}

export function createSimState(): WordpressSimState {
  return {
    posts: [],
    media: [],
    comments: [],
    tags: [],
    // WordPress ships with category 1, given to posts sent without categories.
    categories: [{ id: 1, name: 'Chưa được phân loại', slug: 'uncategorized' }],
    requests: [],
    cronDisabled: false,
  };
}
