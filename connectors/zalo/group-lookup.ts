import { isObject } from '../guards.ts';
import { str, type ZaloClient } from './client.ts';

/** Messages asked for per read; Zalo's default is 5 and its maximum is not documented. */
const PAGE = 10;
/** A group busier than this since the attempt is not read to the end: a person looks instead. */
const MAX_MESSAGES = 200;

export type GroupLookup =
  | { kind: 'found'; messageId: string }
  | { kind: 'not_found' }
  | { kind: 'unreadable'; reason: { vi: string; en: string } };

/** Where a message's text can be: §3.7 gives no answer shape, 3P readings name `message` and `content`. */
const TEXT_FIELDS = ['message', 'content', 'text'];

/** Any Loa marker (`loa:<deliveryId>`): a message Loa sent through the OA. */
const ANY_MARKER = /loa:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Whether the OA's message carrying `marker` is in a GMF group's conversation (§3.7
 * `GET /v3.0/oa/group/conversation?group_id&offset&count`; §7 names it for settling a lost
 * answer). Read newest first back to `since` in Zalo's clock (its `Date` header), every field
 * of each message searched for the marker. The answer's shape is UNVERIFIED, and so is whether
 * it lists the OA's own messages: "not found" needs the window read AND proof that the listing
 * shows what the OA sends (a message from `oaId`, or an earlier one carrying a Loa marker);
 * without that proof the answer is "unreadable" and a person decides — never a second send.
 */
export async function findGroupMessage(client: ZaloClient, q: { groupId: string; marker: string; since: Date; oaId: string | null }): Promise<GroupLookup> {
  const action = { vi: `đọc tin nhắn của nhóm Zalo ${q.groupId}`, en: `reading the messages of Zalo group ${q.groupId}` };
  let windowRead = false;
  let showsOa = false;
  let offset = 0;
  while (offset < MAX_MESSAGES) {
    const { data, clockOffsetMs } = await client.callTimed({
      host: 'openapi',
      method: 'GET',
      path: '/v3.0/oa/group/conversation',
      query: { group_id: q.groupId, offset: String(offset), count: String(PAGE) },
      action,
    });
    const messages = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.messages) ? data.messages : null;
    if (messages === null) return unreadable(q.groupId);
    for (const m of messages) {
      const all = JSON.stringify(m);
      if (all.includes(q.marker)) {
        const messageId = str(m, 'message_id') ?? str(m, 'msg_id');
        // The message landed: without its id it cannot be adopted, but it must never read as absent.
        return messageId ? { kind: 'found', messageId } : landedWithoutId(q.groupId);
      }
      if ((q.oaId !== null && str(m, 'from_id') === q.oaId) || (TEXT_FIELDS.some((f) => str(m, f) !== undefined) && ANY_MARKER.test(all))) showsOa = true;
    }
    // An empty page is the end of the conversation; a short one may only be Zalo's own cap.
    if (messages.length === 0) return showsOa ? { kind: 'not_found' } : unseen(q.groupId);
    const oldest = Number(str(messages.at(-1), 'time') ?? str(messages.at(-1), 'timestamp'));
    if (Number.isFinite(oldest) && oldest < q.since.getTime() + (clockOffsetMs ?? 0)) windowRead = true;
    // Past the window only the proof is looked for.
    if (windowRead && showsOa) return { kind: 'not_found' };
    offset += messages.length;
  }
  if (windowRead) return unseen(q.groupId);
  return {
    kind: 'unreadable',
    reason: {
      vi: `Nhóm Zalo ${q.groupId} có hơn ${MAX_MESSAGES} tin nhắn kể từ lần gửi nên Loa không đọc hết được`,
      en: `Zalo group ${q.groupId} has more than ${MAX_MESSAGES} messages since the attempt, too many to read`,
    },
  };
}

function landedWithoutId(groupId: string): GroupLookup {
  return {
    kind: 'unreadable',
    reason: {
      vi: `Tin đã vào nhóm Zalo ${groupId} nhưng Zalo không trả mã của tin, nên Loa không ghi nhận tự động được`,
      en: `The message is in Zalo group ${groupId}, but Zalo's answer gives no id for it, so Loa cannot adopt it`,
    },
  };
}

/** The listing showed no message the OA sent, so it cannot prove the message is not there. */
function unseen(groupId: string): GroupLookup {
  return {
    kind: 'unreadable',
    reason: {
      vi: `Danh sách tin của nhóm ${groupId} mà Zalo trả về không có tin nào của OA, nên không chứng minh được tin chưa vào nhóm`,
      en: `Zalo's listing of group ${groupId} shows no message sent by the OA, so it cannot prove the message is not there`,
    },
  };
}

function unreadable(groupId: string): GroupLookup {
  return {
    kind: 'unreadable',
    reason: {
      vi: `Trả lời của Zalo về tin nhắn nhóm ${groupId} không cho thấy nội dung tin nên không biết tin đã vào nhóm hay chưa`,
      en: `Zalo's answer about the messages of group ${groupId} does not show their text, so whether the message landed is unknown`,
    },
  };
}
