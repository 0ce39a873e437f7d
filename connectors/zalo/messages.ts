import { missingField, str, type ZaloClient } from './client.ts';

/**
 * Broadcast of an article to the OA's followers (`/v2.0/oa/message` with a `target`,
 * platform-apis.md §3.6) and messages to OA-managed group chats (GMF, `/v3.0/oa/group/message`,
 * §3.7). Both send something people receive: each is a creating call.
 */
export async function broadcastArticle(client: ZaloClient, articleId: string, target: Record<string, number | string>): Promise<string> {
  const action = { vi: 'gửi tin truyền thông (broadcast) bài viết tới người quan tâm OA', en: 'broadcasting the article to the OA followers' };
  const data = await client.call({
    host: 'openapi',
    method: 'POST',
    path: '/v2.0/oa/message',
    json: {
      recipient: { target },
      message: { attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'article', attachment_id: articleId }] } } },
    },
    action,
    creating: true,
  });
  const id = str(data, 'message_id');
  if (!id) throw missingField('message_id', action, true);
  return id;
}

export async function sendGroupMessage(client: ZaloClient, groupId: string, text: string): Promise<string> {
  const action = { vi: `gửi tin vào nhóm Zalo ${groupId}`, en: `messaging Zalo group ${groupId}` };
  const data = await client.call({
    host: 'openapi',
    method: 'POST',
    path: '/v3.0/oa/group/message',
    json: { recipient: { group_id: groupId }, message: { text } },
    action,
    creating: true,
  });
  const id = str(data, 'message_id');
  if (!id) throw missingField('message_id', action, true);
  return id;
}
