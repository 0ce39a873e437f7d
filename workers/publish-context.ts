import { createHttpClient } from '../connectors/http.ts';
import { ConnectorError, type ChannelInfo, type PublishContext } from '../connectors/contract.ts';
import { openCredentials } from '../core/channels/credentials.ts';
import type { ChannelRow, DeliveryContext } from '../core/deliveries/context.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secrets.ts';

export function channelInfo(ch: ChannelRow): ChannelInfo {
  return { id: ch.id, name: ch.name, platform: ch.platform, unitId: ch.unitId, settings: ch.settings, allowPrivateNetwork: ch.allowPrivateNetwork };
}

/**
 * What a connector call gets. Credentials are opened here, just before the call, and live
 * only in this object; an unreadable seal (a key that was rotated away) is an auth problem:
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
    credentials = openCredentials(deps.secrets, channel.credentialsSealed);
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
    now: () => deps.clock.now(),
  };
}
