import { ConnectorError } from '../contract.ts';
import type { YoutubeClient } from './client.ts';
import { QUOTA_COST } from './quota.ts';

const gone = (err: unknown) => err instanceof ConnectorError && (err.platformCode === 'videoNotFound' || err.platformCode === 'notFound');

/**
 * Takes a video down: `private` keeps it on the channel for the record (reversible),
 * `delete` removes it. A video already gone counts as taken down. videos.update resets
 * every `status` field it is not sent, so the current writable ones are sent back with
 * privacy private and without `publishAt` (a scheduled video must not go public later).
 */
export async function takeDownVideo(videoId: string, mode: 'private' | 'delete', client: YoutubeClient, reserveUnits: (units: number) => Promise<void>): Promise<void> {
  if (mode === 'delete') {
    await reserveUnits(QUOTA_COST.delete);
    try {
      await client.deleteVideo(videoId);
    } catch (err) {
      if (!gone(err)) throw err;
    }
    return;
  }
  await reserveUnits(QUOTA_COST.list);
  const [current] = (await client.listVideos([videoId], ['status'])).items ?? [];
  if (!current) return;
  const s = current.status ?? {};
  await reserveUnits(QUOTA_COST.update);
  try {
    await client.updateVideo(['status'], {
      id: videoId,
      status: {
        privacyStatus: 'private',
        embeddable: s.embeddable,
        license: s.license,
        publicStatsViewable: s.publicStatsViewable,
        selfDeclaredMadeForKids: s.selfDeclaredMadeForKids ?? s.madeForKids,
        containsSyntheticMedia: s.containsSyntheticMedia,
      },
    });
  } catch (err) {
    if (!gone(err)) throw err;
  }
}
