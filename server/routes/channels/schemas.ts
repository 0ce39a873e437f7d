import { Type, type Static } from '@sinclair/typebox';
import { MAX_LIMIT } from '../../../core/org/pagination.ts';
import type { ChannelView as ChannelViewData } from '../../../core/channels/view.ts';
import { Ability } from '../content/schemas.ts';
import { channelStatuses, platforms, type ChannelStatus, type Platform } from '../../../db/schema/index.ts';

export const PlatformSchema = Type.Unsafe<Platform>({ type: 'string', enum: [...platforms] });
const StatusSchema = Type.Unsafe<ChannelStatus>({ type: 'string', enum: [...channelStatuses] });
const Settings = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Non-secret settings (base URLs, page id …); keys that look like secrets are refused',
});
/** Secret values; sealed (AES-256-GCM) before storage and never returned. */
const Credentials = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 8192 }), {
  description: 'Secret: tokens, app passwords, webhook secret. Write-only.',
});
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const ChannelView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  unitId: Type.String({ format: 'uuid' }),
  platform: PlatformSchema,
  name: Type.String(),
  status: StatusSchema,
  settings: Type.Record(Type.String(), Type.Unknown()),
  hasCredentials: Type.Boolean(),
  credentialsExpiresAt: NullableDate,
  allowPrivateNetwork: Type.Boolean(),
  paused: Type.Boolean(),
  pauseReason: Type.Union([Type.String(), Type.Null()]),
  reconnectReason: Type.Union([Type.Object({ vi: Type.String(), en: Type.String() }, { description: 'Why the channel stopped (needs_reconnect only), as its admins and editors were told' }), Type.Null()]),
  credentialsNotice: Type.Union(
    [
      Type.Object(
        { vi: Type.String(), en: Type.String() },
        { description: 'Phần kết nối sắp ngừng chạy (quyền đăng video của Fanpage, từ 14 ngày trước khi hết hạn) · What will soon stop working (a Facebook Page’s video permission, from 14 days before it expires)' },
      ),
      Type.Null(),
    ],
  ),
  memberCount: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** A channel as GET reads it: with what you may do with it, as the routes decide (the app shows, never re-decides). */
export const ChannelWithCan = Type.Composite([
  ChannelView,
  Type.Object({
    can: Type.Object(
      { manage: Ability, pause: Ability, resume: Ability, reconnect: Ability, test: Ability },
      {
        description:
          'manage: rename, settings, commune, officers; pause/resume; reconnect: new credentials or the consent page again; test: test the stored connection',
      },
    ),
  }),
]);

/** The bare channel, as PATCH answers it, plus the generated webhook secret when there is one. */
export const ChannelWithSecret = Type.Composite([
  ChannelView,
  Type.Object({
    webhookSecret: Type.Optional(Type.String({ description: 'Only when Loa generated the webhook secret: shown this once' })),
  }),
]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ListQuery = Type.Object(
  {
    platform: Type.Optional(PlatformSchema),
    unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Channels of this unit and its sub-units' })),
    status: Type.Optional(StatusSchema),
    paused: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    unitId: Type.String({ format: 'uuid' }),
    platform: PlatformSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    settings: Type.Optional(Settings),
    credentials: Type.Optional(Credentials),
    credentialsExpiresAt: Type.Optional(NullableDate),
    allowPrivateNetwork: Type.Optional(Type.Boolean({ description: 'Let outbound HTTP reach loopback/private addresses (intranet portals)' })),
    memberCount: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

export const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Another commune (unit) for a manual Zalo group; the caller must manage it' })),
    settings: Type.Optional(Settings),
    status: Type.Optional(Type.Unsafe<'connected' | 'disabled'>({ type: 'string', enum: ['connected', 'disabled'] })),
    allowPrivateNetwork: Type.Optional(Type.Boolean()),
    memberCount: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()])),
    credentials: Type.Optional({ ...Credentials, description: 'New credentials; required with a settings change that moves an endpoint (URL, host) to another origin' }),
    credentialsExpiresAt: Type.Optional(NullableDate),
  },
  { additionalProperties: false },
);

export const CredentialsBody = Type.Object(
  { credentials: Credentials, expiresAt: Type.Optional(NullableDate) },
  { additionalProperties: false },
);

export const PauseBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export const ResumeBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

/** Dates as ISO strings for the response schema. */
export function channelJson(view: ChannelViewData): Static<typeof ChannelView> {
  return {
    ...view,
    credentialsExpiresAt: view.credentialsExpiresAt?.toISOString() ?? null,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
