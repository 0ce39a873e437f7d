import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks 1.0 symmetric signing. The secret reads `whsec_<base64>`; the HMAC key
 * is the base64-decoded part. The signed content is `{id}.{timestamp}.{body}` over the exact
 * bytes sent, and the header value `v1,<base64 HMAC-SHA256>`.
 */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

export function signWebhook(secret: string, id: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', webhookKey(secret)).update(`${id}.${timestampSec}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers of one signed request; `timestampSec` is this attempt's, the id is stable across retries. */
export function webhookHeaders(secret: string, id: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}
