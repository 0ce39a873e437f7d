import { randomBytes } from 'node:crypto';
import { fail, ok, type SimAnswer, type SimArticle, type ZaloSimState } from './simulator-state.ts';

/** Error numbers the simulator answers; the ones Loa's table knows follow platform-apis.md §3.9, the rest are placeholders. */
export const SIM_ERRORS = {
  tokenInvalid: -216,
  tokenExpired: -124,
  invalidParam: -201,
  notFollower: -213,
  noInteraction7d: -230,
  monthlyQuota: -211,
  notNow: -218,
  rateLimited: -32,
  /** "Media is being processed": verify before the article is ready (-320, as outside testing met it). */
  notReady: -320,
  fileTooLarge: -210,
} as const;

export interface SimRules {
  /** Zalo-side broadcast window in Vietnam time; null = any time. */
  sendWindow: { from: string; to: string } | null;
  broadcastsPerDay: number | null;
  broadcastsPerMonth: number | null;
  moderationDelayMs: number;
  maxUploadBytes: number;
}

const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
const newId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;

function vnParts(t: Date): { day: string; month: string; minuteOfDay: number } {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  const iso = local.toISOString();
  return { day: iso.slice(0, 10), month: iso.slice(0, 7), minuteOfDay: Math.floor((local.getTime() % DAY_MS) / 60_000) };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface RouteInput {
  method: string;
  path: string;
  query: URLSearchParams;
  json: Record<string, unknown>;
  upload: { bytes: number; mimeType: string; fileName: string } | null;
  token: string;
  now: Date;
}

/** The OA Open API routes (platform-apis.md §3.3–3.8); the caller has checked the access token. */
export function createOpenApiRoutes(state: ZaloSimState, rules: SimRules) {
  /** Zalo builds an article asynchronously: it exists for reads and broadcasts once its moderation delay is over. */
  const ready = (a: SimArticle, now: Date) => !a.removed && a.readyAt.getTime() <= now.getTime();
  const articleById = (id: unknown, now: Date) => state.articles.find((a) => a.id === id && ready(a, now));

  /** The checks create and update share on an article's fields (§3.6). */
  function refusedArticle(b: Record<string, unknown>): SimAnswer | null {
    const title = typeof b.title === 'string' ? b.title : '';
    if (title.length < 1 || [...title].length >= 150) return fail(SIM_ERRORS.invalidParam, 'title allow 1 to 150 characters');
    // §3.6 documents the cover by `photo_url` only; a `photo_id` (an upload's attachment id) is refused.
    const cover = (b.cover ?? {}) as Record<string, unknown>;
    if (typeof cover.photo_url !== 'string' || cover.photo_url === '') return fail(SIM_ERRORS.invalidParam, 'Parameter cover is invalid');
    if (!Array.isArray(b.body) || b.body.length === 0) return fail(SIM_ERRORS.invalidParam, 'body is invalid');
    return null;
  }

  function createArticle(i: RouteInput): SimAnswer {
    const b = i.json;
    const refused = refusedArticle(b);
    if (refused) return refused;
    const title = b.title as string;
    const cover = b.cover as Record<string, unknown>;
    const token = randomBytes(24).toString('base64');
    state.articles.push({
      token,
      id: newId('art'),
      createdAt: i.now,
      readyAt: new Date(i.now.getTime() + rules.moderationDelayMs),
      title,
      description: typeof b.description === 'string' ? b.description : '',
      author: typeof b.author === 'string' ? b.author : '',
      cover,
      body: b.body as unknown[],
      status: typeof b.status === 'string' ? b.status : 'show',
      removed: false,
      accessToken: i.token,
    });
    return ok({ token });
  }

  function verify(i: RouteInput): SimAnswer {
    const article = state.articles.find((a) => a.token === i.json.token);
    if (!article) return fail(SIM_ERRORS.invalidParam, 'token is invalid');
    if (!ready(article, i.now)) return fail(SIM_ERRORS.notReady, 'Media is being processed');
    return ok({ id: article.id });
  }

  function broadcast(i: RouteInput): SimAnswer {
    const message = i.json.message as { attachment?: { payload?: { elements?: { media_type?: string; attachment_id?: string }[] } } } | undefined;
    const element = message?.attachment?.payload?.elements?.[0];
    const recipient = i.json.recipient as { target?: unknown } | undefined;
    if (!recipient?.target || element?.media_type !== 'article' || !articleById(element.attachment_id, i.now)) return fail(SIM_ERRORS.invalidParam, 'attachment_id is invalid');
    const now = vnParts(i.now);
    if (rules.sendWindow) {
      const inside = now.minuteOfDay >= minutes(rules.sendWindow.from) && now.minuteOfDay < minutes(rules.sendWindow.to);
      if (!inside) return fail(SIM_ERRORS.notNow, 'Broadcast is not allowed at this time');
    }
    const sentOn = (pick: 'day' | 'month') => state.broadcasts.filter((x) => vnParts(x.at)[pick] === now[pick]).length;
    if (rules.broadcastsPerDay !== null && sentOn('day') >= rules.broadcastsPerDay) return fail(SIM_ERRORS.notNow, 'Daily broadcast limit reached');
    if (rules.broadcastsPerMonth !== null && sentOn('month') >= rules.broadcastsPerMonth) return fail(SIM_ERRORS.monthlyQuota, 'Out of broadcast quota');
    const messageId = newId('bc');
    state.broadcasts.push({ messageId, articleId: element.attachment_id!, at: i.now, target: recipient.target });
    return ok({ message_id: messageId });
  }

  function groupMessage(i: RouteInput): SimAnswer {
    const groupId = (i.json.recipient as { group_id?: unknown } | undefined)?.group_id;
    const text = (i.json.message as { text?: unknown } | undefined)?.text;
    if (typeof groupId !== 'string' || state.groups.get(groupId) !== 'enabled') return fail(SIM_ERRORS.invalidParam, 'group_id is invalid or the group is disabled');
    if (typeof text !== 'string' || text === '') return fail(SIM_ERRORS.invalidParam, 'message is invalid');
    const messageId = newId('gm');
    state.groupMessages.push({ messageId, groupId, text, at: i.now });
    return ok({ message_id: messageId, group_id: groupId });
  }

  /**
   * A group's conversation, newest first (§3.7 `GET /v3.0/oa/group/conversation`, `offset`,
   * `count`; Zalo's default count is 5, its maximum undocumented — 10 here). The answer shape is
   * UNVERIFIED: `data` is the list of messages with the fields 3P readings name.
   */
  function groupConversation(i: RouteInput): SimAnswer {
    const groupId = i.query.get('group_id') ?? '';
    if (!state.groups.has(groupId)) return fail(SIM_ERRORS.invalidParam, 'group_id is invalid');
    const offset = Number(i.query.get('offset') ?? '0');
    const count = Number(i.query.get('count') ?? '5');
    if (!(count >= 1 && count <= 10) || !(offset >= 0)) return fail(SIM_ERRORS.invalidParam, 'maximum count is 10');
    const messages = state.groupMessages.filter((m) => m.groupId === groupId).reverse();
    return ok(
      messages.slice(offset, offset + count).map((m) => ({
        ...(state.conversationIdField === null ? {} : { [state.conversationIdField]: m.messageId }),
        from_id: m.fromId ?? state.oaId,
        type: 'text',
        message: m.text,
        time: m.at.getTime(),
      })),
    );
  }

  function csMessage(i: RouteInput): SimAnswer {
    const userId = (i.json.recipient as { user_id?: unknown } | undefined)?.user_id;
    const last = typeof userId === 'string' ? state.followers.get(userId) : undefined;
    if (!last) return fail(SIM_ERRORS.notFollower, 'User has not followed the OA');
    if (i.now.getTime() - last.getTime() > 7 * DAY_MS) return fail(SIM_ERRORS.noInteraction7d, 'User has not interacted with the OA in the past 7 days');
    return ok({ message_id: newId('cs'), user_id: userId });
  }

  function listedTitle(title: string): string {
    if (state.listedTitles === 'as_stored') return title;
    const chars = [...title.replace(/\s+/g, ' ')];
    const cut = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('');
    return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function list(i: RouteInput): SimAnswer {
    const limit = Number(i.query.get('limit') ?? '10');
    const offset = Number(i.query.get('offset') ?? '0');
    if (!(limit >= 1 && limit <= 10)) return fail(SIM_ERRORS.invalidParam, 'maximum limit is 10');
    const listed = state.articles.filter((a) => ready(a, i.now)).reverse();
    const medias = listed.slice(offset, offset + limit).map((a) => ({ id: a.id, title: listedTitle(a.title), type: 'normal', status: a.status, create_date: a.createdAt.getTime() }));
    if (state.articleListing === 'array') return ok(medias);
    return ok(state.articleListing === 'items' ? { items: medias, total: listed.length } : { medias, total: listed.length });
  }

  function detail(i: RouteInput): SimAnswer {
    const a = articleById(i.query.get('id'), i.now);
    if (!a) return fail(SIM_ERRORS.invalidParam, 'id is invalid');
    return ok({ id: a.id, title: a.title, description: a.description, author: a.author, cover: a.cover, ...(state.detailHidesBody ? {} : { body: a.body }), status: a.status, create_date: a.createdAt.getTime() });
  }

  function upload(i: RouteInput): SimAnswer {
    if (!i.upload) return fail(SIM_ERRORS.invalidParam, 'file is required');
    if (!['image/jpeg', 'image/png'].includes(i.upload.mimeType)) return fail(SIM_ERRORS.invalidParam, 'file type is not supported');
    if (i.upload.bytes > rules.maxUploadBytes) return fail(SIM_ERRORS.fileTooLarge, 'File size exceeds the limit');
    const attachmentId = newId('att');
    state.uploads.push({ attachmentId, ...i.upload });
    return ok({ attachment_id: attachmentId });
  }

  /**
   * `/v2.0/article/update` (§3.6; zalo-java-sdk UpdateNormalArticle): the create body plus
   * the article `id`, checked like a create; the same article (same id) takes the new
   * fields, and the answer is a token as for create.
   */
  function updateArticle(i: RouteInput): SimAnswer {
    const a = articleById(i.json.id, i.now);
    if (!a) return fail(SIM_ERRORS.invalidParam, 'id is invalid');
    const refused = refusedArticle(i.json);
    if (refused) return refused;
    const b = i.json;
    Object.assign(a, {
      title: b.title as string,
      description: typeof b.description === 'string' ? b.description : '',
      author: typeof b.author === 'string' ? b.author : a.author,
      cover: b.cover as Record<string, unknown>,
      body: b.body as unknown[],
      status: typeof b.status === 'string' ? b.status : a.status,
    });
    return ok({ token: a.token });
  }

  function remove(i: RouteInput): SimAnswer {
    const a = articleById(i.json.id, i.now);
    if (!a) return fail(SIM_ERRORS.invalidParam, 'id is invalid');
    a.removed = true;
    return ok({});
  }

  const routes: Record<string, (i: RouteInput) => SimAnswer> = {
    'POST /v2.0/oa/upload/image': upload,
    'POST /v2.0/article/create': createArticle,
    'POST /v2.0/article/verify': verify,
    'POST /v2.0/article/update': updateArticle,
    'POST /v2.0/article/remove': remove,
    'GET /v2.0/article/getslice': list,
    'GET /v2.0/article/getdetail': detail,
    'POST /v2.0/oa/message': broadcast,
    'POST /v3.0/oa/message/cs': csMessage,
    'POST /v3.0/oa/group/message': groupMessage,
    'GET /v3.0/oa/group/conversation': groupConversation,
    'GET /v2.0/oa/getoa': () => ok({ oa_id: state.oaId, name: 'Con đường hướng thiện' }),
  };

  return (i: RouteInput): SimAnswer | null => routes[`${i.method} ${i.path}`]?.(i) ?? null;
}
