import { pgEnum } from 'drizzle-orm/pg-core';

export const roles = ['admin', 'editor', 'approver', 'commune_officer', 'viewer'] as const;
export type Role = (typeof roles)[number];
export const roleEnum = pgEnum('role', roles);

/** Kinds of unit (a fixed list since reports count communes: a commune is a unit of kind `commune`). */
export const unitKinds = ['province', 'department', 'district', 'commune', 'team', 'unit'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindEnum = pgEnum('unit_kind', unitKinds);

import { platforms } from '../../lib/platforms.ts';

export { platforms, type Platform } from '../../lib/platforms.ts';
export const platformEnum = pgEnum('platform', platforms);

export const channelStatuses = ['connected', 'needs_reconnect', 'disabled'] as const;
export type ChannelStatus = (typeof channelStatuses)[number];
export const channelStatusEnum = pgEnum('channel_status', channelStatuses);

/** Content themes, section II.1 of both provincial plans (MISSION.md). */
export const themes = ['policy', 'guidance', 'testimony', 'warning', 'counter_misinformation'] as const;
export type Theme = (typeof themes)[number];
export const themeEnum = pgEnum('theme', themes);

export const revisionStates = ['draft', 'in_review', 'approved', 'rejected', 'superseded', 'expired'] as const;
export type RevisionState = (typeof revisionStates)[number];
export const revisionStateEnum = pgEnum('revision_state', revisionStates);

export const decisions = ['approved', 'rejected'] as const;
export const decisionEnum = pgEnum('decision', decisions);

export const deliveryStates = [
  'scheduled',
  'publishing',
  'processing',
  'retrying',
  'needs_reconnect',
  'unconfirmed',
  'published',
  'failed',
  'awaiting_officer',
  'missed',
  'cancelled',
  'taken_down',
] as const;
export type DeliveryState = (typeof deliveryStates)[number];
export const deliveryStateEnum = pgEnum('delivery_state', deliveryStates);

export const errorKinds = ['transient', 'rate_limited', 'auth', 'permanent'] as const;
export type ErrorKind = (typeof errorKinds)[number];
export const errorKindEnum = pgEnum('error_kind', errorKinds);

export const mediaKinds = ['image', 'video', 'document'] as const;
export type MediaKind = (typeof mediaKinds)[number];
export const mediaKindEnum = pgEnum('media_kind', mediaKinds);

export const mediaStatuses = ['uploading', 'ready'] as const;
export const mediaStatusEnum = pgEnum('media_status', mediaStatuses);

/** Outreach that is not an online post (docs/REPORTS.md); share kits are deliveries, never activities. */
export const activityTypes = ['radio', 'television', 'print', 'loudspeaker', 'banner', 'poster', 'leaflet', 'conference'] as const;
export type ActivityType = (typeof activityTypes)[number];
export const activityTypeEnum = pgEnum('activity_type', activityTypes);

/** A unit's periodic report on its way to the parent unit. */
export const reportStates = ['draft', 'submitted', 'received', 'returned'] as const;
export type ReportState = (typeof reportStates)[number];
export const reportStateEnum = pgEnum('report_state', reportStates);
