import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { channelFor } from './access.ts';
import { cleanChannelName } from './create-channel.ts';
import { checkMemberCount, checkSettings, platformHoldsCredentials } from './platform-rules.ts';
import { toChannelView, type ChannelRow, type ChannelView, type ChannelWithSecret } from './view.ts';
import { credentialColumns, type CredentialsReplacement } from './credentials.ts';
import { movedEndpointSettings } from './credential-origins.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { releaseChannelDeliveries } from '../deliveries/channel-state.ts';
import { moveToCommune } from './officers.ts';

export interface ChannelPatch {
  name?: string | undefined;
  /** Replaces the settings object as a whole. */
  settings?: Record<string, unknown> | undefined;
  /** `needs_reconnect` is set by workers and left only by replacing the credentials. */
  status?: 'connected' | 'disabled' | undefined;
  allowPrivateNetwork?: boolean | undefined;
  memberCount?: number | null | undefined;
  /** Another commune for a manual Zalo group (officers.ts' moveToCommune; officers not there are let go). */
  unitId?: string | undefined;
  /** New credentials, required in the same change when an endpoint setting moves to another origin. */
  credentials?: CredentialsReplacement | undefined;
}

type Changes = Partial<Pick<ChannelRow, 'unitId' | 'name' | 'settings' | 'status' | 'allowPrivateNetwork' | 'memberCount' | 'credentialsSealed' | 'credentialsExpiresAt'>>;

/** Edits a channel (`channel.manage`); one audit row lists every field that changed, old and new. */
export async function updateChannel(db: Db, secrets: SecretBox, actor: Actor, channelId: string, patch: ChannelPatch): Promise<ChannelWithSecret> {
  return db.transaction(async (tx) => {
    const before = await channelFor(tx, actor, channelId, 'channel.manage', { lock: true });
    const next: Changes = {};
    if (patch.name !== undefined) next.name = cleanChannelName(patch.name);
    if (patch.settings !== undefined) next.settings = checkSettings(before.platform, patch.settings);
    let generatedWebhookSecret: string | undefined;
    if (patch.credentials !== undefined) {
      const fresh = credentialColumns(secrets, before.platform, patch.credentials);
      Object.assign(next, fresh.columns);
      generatedWebhookSecret = fresh.generatedWebhookSecret;
    } else if (next.settings && before.credentialsSealed !== null) {
      const moved = movedEndpointSettings(before.settings, next.settings);
      if (moved.length > 0) throw originNeedsCredentials(moved);
    }
    if (patch.allowPrivateNetwork !== undefined) next.allowPrivateNetwork = patch.allowPrivateNetwork;
    if (patch.unitId !== undefined && patch.unitId !== before.unitId) {
      await moveToCommune(tx, actor, before, patch.unitId);
      next.unitId = patch.unitId;
    }
    if (patch.memberCount !== undefined) {
      checkMemberCount(before.platform, patch.memberCount);
      next.memberCount = patch.memberCount;
    }
    if (patch.status !== undefined && patch.status !== before.status) {
      if (patch.status === 'connected') assertCanConnect(before);
      next.status = patch.status;
    }
    const changed = (Object.keys(next) as (keyof Changes)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return { channel: toChannelView(before) };
    const [after] = await tx
      .update(channels)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(channels.id, channelId))
      .returning();
    const action = next.status === 'disabled' ? 'channel.disable' : next.status === 'connected' ? 'channel.enable' : 'channel.update';
    await audit(tx, actor, {
      action,
      entityType: 'channel',
      entityId: channelId,
      unitId: before.unitId,
      // Which fields changed, never the sealed secret itself.
      data: Object.fromEntries(changed.map((k) => [k, k === 'credentialsSealed' ? { replaced: true } : { old: before[k], new: after![k] }])),
    });
    if (next.status === 'connected') await releaseChannelDeliveries(tx, actor, channelId, new Date());
    const channel = toChannelView(after!);
    return generatedWebhookSecret ? { channel, webhookSecret: generatedWebhookSecret } : { channel };
  });
}

const originNeedsCredentials = (moved: string[]) =>
  invalid('CHANNEL_ORIGIN_NEEDS_CREDENTIALS', '/credentials', {
    vi: `Đổi ${moved.map((k) => `settings.${k}`).join(', ')} sang địa chỉ khác thì phải nhập lại thông tin xác thực (credentials) trong cùng lần sửa: thông tin cũ chỉ dùng cho địa chỉ cũ`,
    en: `Moving ${moved.map((k) => `settings.${k}`).join(', ')} to another origin needs the credentials entered again in the same request: the old ones stay bound to the old origin`,
  });

function assertCanConnect(channel: ChannelRow): void {
  if (channel.status === 'needs_reconnect' || (platformHoldsCredentials(channel.platform) && channel.credentialsSealed === null)) {
    throw conflict(
      'CHANNEL_CREDENTIALS_REQUIRED',
      {
        vi: 'Kênh cần thông tin xác thực mới trước khi hoạt động lại; hãy cập nhật credentials',
        en: 'The channel needs new credentials before it can be connected again; replace its credentials',
      },
      '/status',
    );
  }
}

/** Stops publishing to the channel until resumed, with the reason people will see. */
export async function pauseChannel(db: Db, actor: Actor, channelId: string, reason: string): Promise<ChannelView> {
  const clean = nfc(reason.trim());
  if (!clean) throw invalid('CHANNEL_PAUSE_REASON_REQUIRED', '/reason', { vi: 'Cần nêu lý do tạm dừng', en: 'A reason is required' });
  return db.transaction(async (tx) => {
    const before = await channelFor(tx, actor, channelId, 'channel.manage', { lock: true });
    if (before.paused && before.pauseReason === clean) return toChannelView(before);
    const [after] = await tx
      .update(channels)
      .set({ paused: true, pauseReason: clean, updatedAt: sql`now()` })
      .where(eq(channels.id, channelId))
      .returning();
    await audit(tx, actor, {
      action: 'channel.pause',
      entityType: 'channel',
      entityId: channelId,
      unitId: before.unitId,
      data: { reason: clean, ...(before.paused ? { previousReason: before.pauseReason } : {}) },
    });
    return toChannelView(after!);
  });
}

export async function resumeChannel(db: Db, actor: Actor, channelId: string, reason?: string): Promise<ChannelView> {
  return db.transaction(async (tx) => {
    const before = await channelFor(tx, actor, channelId, 'channel.manage', { lock: true });
    if (!before.paused) return toChannelView(before);
    const [after] = await tx
      .update(channels)
      .set({ paused: false, pauseReason: null, updatedAt: sql`now()` })
      .where(eq(channels.id, channelId))
      .returning();
    await audit(tx, actor, {
      action: 'channel.resume',
      entityType: 'channel',
      entityId: channelId,
      unitId: before.unitId,
      data: { pauseReason: before.pauseReason, ...(reason?.trim() ? { reason: nfc(reason.trim()) } : {}) },
    });
    await releaseChannelDeliveries(tx, actor, channelId, new Date());
    return toChannelView(after!);
  });
}
