import type { Db } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import type { Platform } from '../../lib/platforms.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { nfc } from '../../lib/text.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { assertAllowedOnUnit } from '../org/access.ts';
import { sealCredentials } from './credentials.ts';
import { checkCredentials, credentialsConnect, checkMemberCount, checkSettings } from './platform-rules.ts';
import { toChannelView, type ChannelWithSecret } from './view.ts';

export interface NewChannel {
  unitId: string;
  platform: Platform;
  name: string;
  settings?: Record<string, unknown> | undefined;
  credentials?: Record<string, string> | undefined;
  credentialsExpiresAt?: Date | null | undefined;
  allowPrivateNetwork?: boolean | undefined;
  memberCount?: number | null | undefined;
}

export function cleanChannelName(name: string): string {
  const clean = nfc(name.trim());
  if (!clean) throw invalid('CHANNEL_NAME_REQUIRED', '/name', { vi: 'Tên kênh không được để trống', en: 'The channel name is required' });
  return clean;
}

/**
 * A new channel of `unitId`; needs `channel.manage` covering that unit. Credentials are
 * sealed before they reach the database and appear in no audit row or log line.
 */
export async function createChannel(db: Db, secrets: SecretBox, actor: Actor, input: NewChannel): Promise<ChannelWithSecret> {
  await assertAllowedOnUnit(db, actor, 'channel.manage', input.unitId, '/unitId');
  const name = cleanChannelName(input.name);
  const settings = checkSettings(input.platform, input.settings ?? {});
  const checked = checkCredentials(input.platform, input.credentials);
  checkMemberCount(input.platform, input.memberCount);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(channels)
      .values({
        unitId: input.unitId,
        platform: input.platform,
        name,
        settings,
        credentialsSealed: checked.credentials ? sealCredentials(secrets, checked.credentials) : null,
        // A channel holding only its app's keys cannot publish until the connect flow stores tokens.
        status: credentialsConnect(input.platform, checked.credentials) ? 'connected' : 'needs_reconnect',
        credentialsExpiresAt: input.credentialsExpiresAt ?? null,
        allowPrivateNetwork: input.allowPrivateNetwork ?? false,
        memberCount: input.memberCount ?? null,
      })
      .returning();
    await audit(tx, actor, {
      action: 'channel.create',
      entityType: 'channel',
      entityId: created!.id,
      unitId: created!.unitId,
      data: {
        platform: created!.platform,
        name: created!.name,
        settings: created!.settings,
        hasCredentials: created!.credentialsSealed !== null,
        allowPrivateNetwork: created!.allowPrivateNetwork,
        memberCount: created!.memberCount,
      },
    });
    return created!;
  });
  const channel = toChannelView(row);
  return checked.generatedWebhookSecret ? { channel, webhookSecret: checked.generatedWebhookSecret } : { channel };
}
