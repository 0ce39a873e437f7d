import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channels } from '../../db/schema/index.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { channelFor } from './access.ts';
import { checkCredentials, checkSettings, credentialsNotUsed, platformHoldsCredentials } from './platform-rules.ts';
import { toChannelView, type ChannelWithSecret } from './view.ts';
import type { Platform } from '../../db/schema/index.ts';
import { releaseChannelDeliveries } from '../deliveries/channel-state.ts';

/** Credentials are stored as one sealed JSON object (lib/secrets.ts). */
export function sealCredentials(secrets: SecretBox, credentials: Record<string, string>): string {
  return secrets.seal(JSON.stringify(credentials));
}

/** Opens `channels.credentials_sealed`; keep the result out of logs, jobs and responses. */
export function openCredentials(secrets: SecretBox, sealed: string | null): Record<string, string> | null {
  return sealed === null ? null : (JSON.parse(secrets.open(sealed)) as Record<string, string>);
}

/** The columns that store new credentials for a channel of `platform` (checked, sealed). */
export function credentialColumns(secrets: SecretBox, platform: Platform, input: CredentialsReplacement) {
  if (!platformHoldsCredentials(platform)) {
    throw credentialsNotUsed();
  }
  const checked = checkCredentials(platform, input.credentials);
  return {
    columns: { credentialsSealed: sealCredentials(secrets, checked.credentials!), credentialsExpiresAt: input.expiresAt ?? null },
    generatedWebhookSecret: checked.generatedWebhookSecret,
  };
}

export interface CredentialsReplacement {
  credentials: Record<string, string>;
  expiresAt?: Date | null | undefined;
  /** Settings a connect flow learnt with the credentials (the chosen Page or YouTube channel id), merged in. */
  settings?: Record<string, string> | undefined;
}

/**
 * Replaces a channel's credentials as a whole (`channel.manage`). A channel that was
 * `needs_reconnect` becomes `connected` again; a disabled one stays disabled.
 */
export async function replaceCredentials(
  db: Db,
  secrets: SecretBox,
  actor: Actor,
  channelId: string,
  input: CredentialsReplacement,
): Promise<ChannelWithSecret> {
  return db.transaction(async (tx) => {
    const before = await channelFor(tx, actor, channelId, 'channel.manage', { lock: true });
    const checked = credentialColumns(secrets, before.platform, input);
    const status = before.status === 'needs_reconnect' ? 'connected' : before.status;
    const settings = input.settings ? checkSettings(before.platform, { ...before.settings, ...input.settings }) : undefined;
    const [after] = await tx
      .update(channels)
      .set({ ...checked.columns, ...(settings ? { settings } : {}), status, updatedAt: sql`now()` })
      .where(eq(channels.id, channelId))
      .returning();
    await audit(tx, actor, {
      action: 'channel.credentials.replace',
      entityType: 'channel',
      entityId: channelId,
      unitId: before.unitId,
      data: {
        credentialsExpiresAt: after!.credentialsExpiresAt,
        ...(input.settings ? { settings: input.settings } : {}),
        ...(status !== before.status ? { status: { old: before.status, new: status } } : {}),
      },
    });
    // Held and needs_reconnect deliveries of this channel go out now rather than at the next sweep.
    await releaseChannelDeliveries(tx, actor, channelId, new Date());
    const channel = toChannelView(after!);
    return checked.generatedWebhookSecret ? { channel, webhookSecret: checked.generatedWebhookSecret } : { channel };
  });
}
