import type { Readable } from 'node:stream';
import type { Logger } from '../lib/logger.ts';
import type { Platform } from '../lib/platforms.ts';
import type { HttpClient } from './http.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A media file attached to a post, streamed from storage on demand (never buffered whole). */
export interface MediaRef {
  id: string;
  kind: 'image' | 'video' | 'document';
  mimeType: string;
  fileName: string;
  sizeBytes: number;
  width?: number | null;
  height?: number | null;
  altText?: string | null;
  sha256?: string | null;
  /** Opens the bytes, optionally a range [start, end] inclusive. */
  open(range?: { start: number; end?: number }): Readable;
}

/**
 * One revision rendered for one channel (templates/), frozen at approval. Everything a
 * connector sends comes from here; `marker` (`loa:<deliveryId>`) must ride along wherever
 * the platform keeps text we control, so `reconcile` can find the object again.
 */
export interface RenderedPost {
  deliveryId: string;
  itemId: string;
  revisionId: string;
  marker: string;
  title: string;
  /** Plain text for the channel: body, hashtags, link, within the platform's limits. */
  text: string;
  /** The article body (plain text with blank-line paragraphs) for long-form channels. */
  body: string;
  summary: string;
  /** Canonical link for the item on the campaign site, carrying the marker as a parameter. */
  link: string | null;
  /**
   * The campaign-site page `link` points to is live now (the item's article is published there
   * and not taken down): a read-more line a connector adds on its own goes in only then.
   */
  linkLive: boolean;
  hashtags: string[];
  /** Category names for the item on platforms that have them (WordPress), from the item or its channel override. */
  categories: string[];
  theme: string;
  slug: string;
  unit: { id: string; name: string };
  /** When the delivery is due (platforms with native scheduling may use it). */
  publishAt: Date;
  media: MediaRef[];
}

export interface ChannelInfo {
  id: string;
  name: string;
  platform: Platform;
  unitId: string;
  settings: Record<string, unknown>;
  allowPrivateNetwork: boolean;
  /**
   * When the stored credentials stop working (`channels.credentials_expires_at`), or null when
   * unknown or never. For a Facebook Page it is the user token's, which only video uploads use.
   */
  credentialsExpiresAt: Date | null;
}

export interface PublishContext {
  channel: ChannelInfo;
  /** Decrypted just before the call; never logged, never stored by a connector. */
  credentials: Record<string, unknown> | null;
  /** Platform ids of steps already done for this delivery (multi-step publishes). */
  progress: Record<string, unknown>;
  /** Persists a completed step's platform id before the next step starts. */
  saveProgress(patch: Record<string, unknown>): Promise<void>;
  http: HttpClient;
  log: Logger;
  signal: AbortSignal;
  now(): Date;
}

export interface Published {
  kind: 'published';
  externalId: string;
  url: string | null;
}

export interface Processing {
  kind: 'processing';
  handle: Json;
  pollAfterMs: number;
}

export interface DeliveryRef {
  deliveryId: string;
  marker: string;
  /** When the attempt that may have reached the platform started (bounds the search). */
  attemptStartedAt: Date;
  /** When Loa stopped waiting for that attempt (its answer, timeout, or the sweep finding its worker dead). */
  attemptEndedAt: Date;
  progress: Record<string, unknown>;
  post: RenderedPost;
}

/** The listing was read and the marker is not in it. The engine concludes "absent" only after the settle time and more than one such read. */
export interface Absent {
  kind: 'absent';
}

/**
 * The platform's answer cannot show whether the object exists (no listing, a field that
 * cannot hold the marker, a listing cut short for good): a person decides, never a re-publish.
 */
export interface CannotTell {
  kind: 'cannot_tell';
  code: string;
  reason: { vi: string; en: string };
}

/**
 * Multi-step publishes: nothing is uncertain any more — the uncertain step's object was found
 * and saved with `ctx.saveProgress` (or the uncertain step created nothing people see) — and
 * the remaining steps may run now: published again at once, resuming after the saved steps.
 */
export interface Resume {
  kind: 'resume';
}

export type ReconcileResult = Published | Absent | CannotTell | Resume;

export const resume: Resume = { kind: 'resume' };

export const absent: Absent = { kind: 'absent' };

export function cannotTell(code: string, vi: string, en: string): CannotTell {
  return { kind: 'cannot_tell', code, reason: { vi, en } };
}

/**
 * What happens to a published object when a newer revision of its item is approved:
 * `update_in_place` — the connector's `update` edits it; `correction_post` — a new post is
 * published beside it; `none` — the published object stays as it was.
 */
export type CorrectionMode = 'update_in_place' | 'correction_post' | 'none';

export interface ExternalCopy {
  externalId: string;
  url: string | null;
}

export interface ExternalRef {
  deliveryId: string;
  externalId: string;
  url: string | null;
  publishedAt: Date | null;
}

export interface MetricSample {
  deliveryId: string;
  metric: string;
  value: number;
  collectedAt: Date;
  source: string;
}

export interface Problem {
  field: string;
  code: string;
  message: { vi: string; en: string };
}

export interface Capabilities {
  text: boolean;
  link: boolean;
  maxImages: number;
  video: boolean;
  nativeScheduling: boolean;
  metrics: string[];
  /** Character limit counted on NFC, when the platform has one. */
  maxTextLength?: number;
  /** What a newer approved revision does to what this channel already published (shown before approval). */
  corrections: CorrectionMode;
  /** The same for a person, before approval: what a correction changes and what stays as first published. */
  correctionNote: { vi: string; en: string };
}

/**
 * Contract: `publish` never retries or sleeps; every failure is a ConnectorError (or a
 * Deferral). Once a publish's creating call may have gone through, the connector must
 * either return its id or throw with `sideEffectPossible: true` — never a plain transient
 * error — or a retry would post twice.
 */
export interface Connector {
  platform: Platform;
  capabilities: Capabilities;
  validate(post: RenderedPost): Problem[];
  publish(post: RenderedPost, ctx: PublishContext): Promise<Published | Processing>;
  unpublish?(ref: ExternalRef, ctx: PublishContext): Promise<void>;
  /**
   * Edits the published object in place to show `post` (a newer approved revision); only on
   * connectors whose `capabilities.corrections` is `update_in_place`. Safe to repeat: the engine
   * calls it again after a failure. `ref.deliveryId` is the delivery that published the object
   * (its marker stays on it); `post` is the newer revision rendered for that delivery.
   */
  update?(ref: ExternalRef, post: RenderedPost, ctx: PublishContext): Promise<Published>;
  checkProcessing?(handle: Json, ctx: PublishContext): Promise<Published | Processing>;
  /**
   * Looks for the object by marker, reading every field the marker can be in. Safe to repeat:
   * the engine calls it again until the settle time has passed. It may save a found step's
   * id with `ctx.saveProgress` (it holds the delivery's lease) and answer `resume`.
   */
  reconcile?(ref: DeliveryRef, ctx: PublishContext): Promise<ReconcileResult>;
  /**
   * The last net: every object on the platform carrying `ref.marker` since `ref.attemptStartedAt`
   * (all of them, not the first). Run some time after publishing; any but the delivery's own is
   * a duplicate the engine takes down. Only connectors whose platform can list.
   */
  findCopies?(ref: DeliveryRef, ctx: PublishContext): Promise<ExternalCopy[]>;
  /**
   * How long (ms) after an ambiguous attempt ended the platform could still be working on
   * it; "absent" is not concluded before. A channel's `reconcileSettleSeconds` setting overrides it.
   */
  settleMs: number;
  collectMetrics?(refs: ExternalRef[], ctx: PublishContext): Promise<MetricSample[]>;
  refreshCredentials?(ctx: PublishContext): Promise<Record<string, unknown>>;
  /**
   * A read-only "test the connection" before a channel is saved: do these settings and
   * credentials reach an account that may publish? Throws a ConnectorError (kind `auth`
   * for refused credentials) saying what is wrong; creates nothing on the platform.
   */
  checkConnection?(ctx: CheckContext): Promise<ConnectionCheck>;
}

export type CheckContext = Pick<PublishContext, 'channel' | 'credentials' | 'http' | 'log' | 'signal' | 'now'>;

export interface ConnectionCheck {
  /** The account the credentials act as, as the platform names it. */
  account: string | null;
  /** What the check could not cover, for the person setting the channel up. */
  note: { vi: string; en: string } | null;
}

export type ErrorKind = 'transient' | 'rate_limited' | 'auth' | 'permanent';

export interface ConnectorErrorInit {
  kind: ErrorKind;
  /** Stable code, e.g. FB_190, YT_QUOTA_EXCEEDED, HTTP_503, NET_RESET. */
  code: string;
  /** What a person can act on, in Vietnamese and English; no secrets. */
  message: { vi: string; en: string };
  retryAt?: Date;
  /** The request may have reached the platform: the delivery becomes `unconfirmed`. */
  sideEffectPossible: boolean;
  /**
   * The request may have reached the platform, but sending it again for the same delivery
   * is safe (the platform dedupes it, as a webhook portal does by webhook-id): a plain retry,
   * yet the attempt is stored as `sent`, so no other delivery posts beside it before a lookup.
   */
  mayHaveLanded?: boolean;
  platformCode?: string;
  /** Short redacted excerpt of the platform's answer (≤ 500 chars). */
  excerpt?: string;
  /**
   * The platform said the channel's endpoint is gone for good (a webhook 410): the channel
   * stops for an administrator like one whose credentials were refused, rather than every
   * later delivery failing against it one by one.
   */
  endpointGone?: boolean;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly messages: { vi: string; en: string };
  readonly retryAt: Date | undefined;
  readonly sideEffectPossible: boolean;
  readonly mayHaveLanded: boolean;
  readonly platformCode: string | undefined;
  readonly excerpt: string | undefined;
  readonly endpointGone: boolean;

  constructor(init: ConnectorErrorInit) {
    super(init.message.en, { cause: init.cause });
    this.name = 'ConnectorError';
    this.kind = init.kind;
    this.code = init.code;
    this.messages = init.message;
    this.retryAt = init.retryAt;
    this.sideEffectPossible = init.sideEffectPossible;
    this.mayHaveLanded = init.mayHaveLanded ?? false;
    this.platformCode = init.platformCode;
    this.excerpt = init.excerpt?.slice(0, 500);
    this.endpointGone = init.endpointGone ?? false;
  }
}

/** "Not before T, because R": the delivery waits without spending an attempt. */
export class Deferral extends Error {
  constructor(
    readonly notBefore: Date,
    readonly reason: { vi: string; en: string },
    readonly code = 'DEFERRED',
  ) {
    super(reason.en);
    this.name = 'Deferral';
  }
}
