import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import { notifyUnitRoles } from '../notifications/notify.ts';
import { VIDEO_TOKEN_NOTICE_DAYS, videoTokenNotice } from './video-token.ts';

export const VIDEO_ACCESS_EXPIRING = 'video_access_expiring';

/**
 * Tells the administrators of each connected Fanpage whose video permission runs out within
 * the notice window (or already has) once per stored expiry: the channels page shows it too,
 * but nobody opens that page to learn that something will stop in two weeks. A reconnect
 * stores a new expiry, so the next window is told again. Returns the channels told about.
 */
export async function warnExpiringVideoTokens(db: Db, now: Date): Promise<number> {
  const until = new Date(now.getTime() + VIDEO_TOKEN_NOTICE_DAYS * 86_400_000);
  const due = await db
    .select({ id: channels.id, name: channels.name, unitId: channels.unitId, platform: channels.platform, status: channels.status, credentialsSealed: channels.credentialsSealed, credentialsExpiresAt: channels.credentialsExpiresAt })
    .from(channels)
    .where(
      and(
        eq(channels.platform, 'facebook_page'),
        eq(channels.status, 'connected'),
        isNotNull(channels.credentialsSealed),
        lte(channels.credentialsExpiresAt, until),
        sql`not exists (select 1 from notifications n where n.kind = ${VIDEO_ACCESS_EXPIRING}
              and n.data->>'channelId' = ${channels.id}::text and (n.data->>'expiresAt')::timestamptz = ${channels.credentialsExpiresAt})`,
      ),
    );
  for (const channel of due) {
    const body = videoTokenNotice(channel, now)!;
    await db.transaction((tx) =>
      notifyUnitRoles(tx, channel.unitId, ['admin'], {
        kind: VIDEO_ACCESS_EXPIRING,
        title: { vi: `Kênh "${channel.name}" cần kết nối lại để đăng video`, en: `Channel "${channel.name}" needs reconnecting to post videos` },
        body,
        data: { channelId: channel.id, expiresAt: channel.credentialsExpiresAt!.toISOString() },
      }),
    );
  }
  return due.length;
}
