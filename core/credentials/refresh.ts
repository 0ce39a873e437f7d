import { eq, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from '../../db/client.ts';
import { channels, type ErrorKind } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { systemActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { openCredentials, sealCredentials } from '../channels/credentials.ts';
import type { ChannelRow } from '../channels/view.ts';
import { markRefreshImpossible } from './needs-reconnect.ts';

/**
 * The OAuth token lifecycle shared by every connector that has `refreshCredentials`.
 *
 * One refresh per channel at a time, across every worker process: the refresher holds a
 * session-level advisory lock (on a connection reserved for it, with no transaction open)
 * while it calls the platform. A second refresher of the same channel waits for the lock,
 * then re-reads the channel and normally finds the winner's fresh credentials (`due` says
 * no), so it never spends a refresh token that was just rotated. If the process dies, its
 * connection closes and Postgres drops the lock.
 *
 * The new credentials are sealed and stored in their own transaction the moment they
 * arrive, before anyone uses them (single-use refresh tokens: the old one is already dead).
 * A refresh whose answer was lost may have rotated the token, so it is never repeated: the
 * channel becomes `needs_reconnect` and its admins are told.
 *
 * Convention: a connector returns the whole credentials object; its `accessTokenExpiresAt`
 * (ISO 8601) becomes `channels.credentials_expires_at`, which the cron watches.
 */
export interface RefreshDeps {
  db: Db;
  secrets: SecretBox;
}

export interface RefreshFailure {
  kind: ErrorKind;
  code: string;
  message: Messages;
  /** The request may have reached the platform (timeout or reset after sending). */
  sideEffectPossible: boolean;
}

export interface RefreshInput {
  channelId: string;
  /** Decided under the lock on the freshly read row: does it still need a refresh? */
  due(row: ChannelRow): boolean;
  /** The platform call: the whole new credentials object. */
  call(row: ChannelRow, credentials: Record<string, string>): Promise<Record<string, string>>;
  /** How a failure of `call` reads. */
  classify(err: unknown): RefreshFailure;
  /** Longest wait for another refresher's lock. (Default: 60 s) */
  waitMs?: number;
}

export type RefreshOutcome =
  /** This call refreshed: `sealed` holds the new credentials, already stored. */
  | { kind: 'refreshed'; sealed: string; expiresAt: Date | null }
  /** No refresh was needed (another worker just did it, or not due yet). */
  | { kind: 'current'; sealed: string; expiresAt: Date | null }
  /** The channel must be reconnected by a person (now or already). */
  | { kind: 'needs_reconnect'; code: string; message: Messages }
  /** Nothing changed; try again later (the stored credentials are still the valid ones). */
  | { kind: 'failed'; failure: RefreshFailure };

/** Advisory-lock namespace of credential refreshes ("Loa" in ASCII), the second key is the channel. */
const LOCK_NAMESPACE = 0x4c6f61;
const POLL_MS = 100;

function expiryOf(credentials: Record<string, string>): Date | null {
  const raw = credentials.accessTokenExpiresAt;
  return raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : null;
}

/** db/client.ts builds every Db over postgres.js; its driver exposes the client as `$client`. */
function clientOf(db: Db): postgres.Sql {
  const client = (db as Db & { $client?: postgres.Sql }).$client;
  if (!client) throw new Error('The database handle has no postgres.js client to reserve a connection from');
  return client;
}

const reconnect = (code: string, vi: string, en: string): RefreshOutcome => ({ kind: 'needs_reconnect', code, message: { vi, en } });

export async function refreshChannelCredentials(deps: RefreshDeps, input: RefreshInput): Promise<RefreshOutcome> {
  const client = clientOf(deps.db);
  const deadline = Date.now() + (input.waitMs ?? 60_000);
  for (;;) {
    // A waiter holds no connection between tries: many publishes of one channel must not drain the pool the winner needs.
    const conn = await client.reserve();
    try {
      const [row] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(${LOCK_NAMESPACE}::int, hashtext(${input.channelId})) as ok`;
      if (row?.ok) {
        try {
          return await refreshLocked(deps, input);
        } finally {
          await conn`select pg_advisory_unlock(${LOCK_NAMESPACE}::int, hashtext(${input.channelId}))`;
        }
      }
    } finally {
      conn.release();
    }
    if (Date.now() > deadline) {
      return { kind: 'failed', failure: { kind: 'transient', code: 'REFRESH_LOCK_TIMEOUT', sideEffectPossible: false, message: { vi: 'Đang chờ một tiến trình khác làm mới mã truy cập của kênh quá lâu', en: 'Waited too long for another process refreshing the channel token' } } };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function refreshLocked(deps: RefreshDeps, input: RefreshInput): Promise<RefreshOutcome> {
  const [row] = await deps.db.select().from(channels).where(eq(channels.id, input.channelId));
  if (!row) return reconnect('CHANNEL_NOT_FOUND', 'Kênh không còn tồn tại', 'The channel no longer exists');
  if (row.status !== 'connected') return reconnect('CHANNEL_NOT_CONNECTED', 'Kênh đang cần kết nối lại hoặc đã tắt', 'The channel needs reconnecting or is disabled');
  if (row.credentialsSealed === null) return reconnect('CREDENTIALS_MISSING', 'Kênh chưa có thông tin xác thực', 'The channel has no credentials');
  if (!input.due(row)) return { kind: 'current', sealed: row.credentialsSealed, expiresAt: row.credentialsExpiresAt };
  const channel = { id: row.id, name: row.name, unitId: row.unitId };

  let current: Record<string, string>;
  try {
    current = openCredentials(deps.secrets, row.credentialsSealed)!;
  } catch {
    const message = { vi: 'không giải mã được thông tin xác thực đang lưu (khoá mã hoá đã đổi)', en: 'the stored credentials cannot be decrypted (the key changed)' };
    await deps.db.transaction((tx) => markRefreshImpossible(tx, systemActor, channel, { code: 'CREDENTIALS_UNREADABLE', answerLost: false, message }));
    return { kind: 'needs_reconnect', code: 'CREDENTIALS_UNREADABLE', message };
  }

  let fresh: Record<string, string>;
  try {
    fresh = await input.call(row, current);
  } catch (err) {
    const failure = input.classify(err);
    if (!failure.sideEffectPossible && failure.kind !== 'auth') return { kind: 'failed', failure };
    // Refused, or maybe rotated without our knowing: never spend this refresh token again.
    await deps.db.transaction((tx) => markRefreshImpossible(tx, systemActor, channel, { code: failure.code, answerLost: failure.sideEffectPossible, message: failure.message }));
    return { kind: 'needs_reconnect', code: failure.code, message: failure.message };
  }

  const sealed = sealCredentials(deps.secrets, fresh);
  const expiresAt = expiryOf(fresh);
  await deps.db.transaction(async (tx) => {
    await tx.update(channels).set({ credentialsSealed: sealed, credentialsExpiresAt: expiresAt, updatedAt: sql`now()` }).where(eq(channels.id, row.id));
    await audit(tx, systemActor, {
      action: 'channel.credentials.refresh',
      entityType: 'channel',
      entityId: row.id,
      unitId: row.unitId,
      data: { credentialsExpiresAt: expiresAt, previousExpiresAt: row.credentialsExpiresAt },
    });
  });
  return { kind: 'refreshed', sealed, expiresAt };
}
