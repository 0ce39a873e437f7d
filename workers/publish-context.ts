import { createHttpClient } from '../connectors/http.ts';
import { ConnectorError, type ChannelInfo, type PublishContext } from '../connectors/contract.ts';
import { openCredentials } from '../core/channels/credentials.ts';
import type { ChannelRow, DeliveryContext } from '../core/deliveries/context.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secrets.ts';

export function channelInfo(ch: ChannelRow): ChannelInfo {
  return { id: ch.id, name: ch.name, platform: ch.platform, unitId: ch.unitId, settings: ch.settings, allowPrivateNetwork: ch.allowPrivateNetwork, credentialsExpiresAt: ch.credentialsExpiresAt };
}

/** Opened credentials kept per box; past this many seals the oldest is dropped (the 10,000 channels Loa is sized for: ~1.5 MB of heap measured). */
const MAX_OPENED = 10_000;
const openedByBox = new WeakMap<SecretBox, Map<string, Readonly<Record<string, string>> | null>>();

/**
 * A channel's credentials opened, remembered per secret box by channel id and seal: a
 * channel's deliveries each decrypted the same seal again (AES-GCM, ~2 % of the worker's CPU
 * per delivery, docs/BENCHMARKS.md (a)). A seal is never re-used for other credentials (a
 * fresh IV each time), so replaced or refreshed credentials, or credentials sealed again
 * under a rotated key, are a new seal and opened anew; a seal that fails to open is not
 * remembered. Each call gets its own copy.
 */
export function openChannelCredentials(secrets: SecretBox, channelId: string, sealed: string | null): Record<string, string> | null {
  if (sealed === null) return null;
  let opened = openedByBox.get(secrets);
  if (!opened) openedByBox.set(secrets, (opened = new Map()));
  const key = `${channelId} ${sealed}`;
  let credentials = opened.get(key);
  if (credentials === undefined) {
    credentials = openCredentials(secrets, sealed);
    if (opened.size >= MAX_OPENED) opened.delete(opened.keys().next().value!);
    opened.set(key, credentials);
  }
  return credentials && { ...credentials };
}

/**
 * What a connector call gets. Credentials are opened here, just before the call (from this
 * process's memory when the same seal was opened before: openChannelCredentials), and handed
 * only to this object; an unreadable seal (a key that was rotated away) is an auth problem:
 * replacing the credentials fixes it.
 */
export function createPublishContext(
  deps: { secrets: SecretBox; clock: Clock },
  o: {
    /** A delivery's context; metrics readings of a whole channel pass the channel and empty progress. */
    context: Pick<DeliveryContext, 'channel'> & { delivery: Pick<DeliveryContext['delivery'], 'progress'> };
    log: Logger;
    signal: AbortSignal;
    /** Only a publish holding the lease may save step progress. */
    saveProgress?: (patch: Record<string, unknown>) => Promise<void>;
  },
): PublishContext {
  const { channel, delivery } = o.context;
  let credentials: Record<string, unknown> | null;
  try {
    credentials = openChannelCredentials(deps.secrets, channel.id, channel.credentialsSealed);
  } catch (err) {
    throw new ConnectorError({
      kind: 'auth',
      code: 'CREDENTIALS_UNREADABLE',
      message: {
        vi: 'Không giải mã được thông tin xác thực của kênh (khoá mã hoá đã đổi); hãy nhập lại thông tin xác thực',
        en: 'The channel credentials cannot be decrypted (the key changed); enter them again',
      },
      sideEffectPossible: false,
      cause: err,
    });
  }
  return {
    channel: channelInfo(channel),
    credentials,
    progress: delivery.progress,
    saveProgress:
      o.saveProgress ??
      (() => Promise.reject(new Error('saveProgress is only available to a publish that holds the delivery lease'))),
    http: createHttpClient({ allowPrivateNetwork: channel.allowPrivateNetwork, signal: o.signal }),
    log: o.log,
    signal: o.signal,
    now() {
      return deps.clock.now();
    },
  };
}
