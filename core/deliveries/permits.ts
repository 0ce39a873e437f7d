import type { DeliveryState } from '../../db/schema/index.ts';
import { AppError, type Messages } from '../../lib/errors.ts';
import type { Caller } from '../content/permissions.ts';
import { unitsAllowed } from '../content/permissions.ts';
import type { Queryable } from '../../db/client.ts';
import { unstartedStates } from './states.ts';

/**
 * What the caller may do to a delivery, and why not: the one place both the action
 * functions and the `can` flags the app shows come from, so a button the app offers is
 * exactly an action the server accepts.
 */
export interface Permit {
  allowed: boolean;
  reason: Messages | null;
  /** Why not, as the error code the action would answer. */
  code: DenyCode | null;
}

export type DenyCode = 'FORBIDDEN' | 'DELIVERY_STATE_CONFLICT' | 'NEWER_REVISION_EXISTS' | 'CORRECTION_STATE_CONFLICT';

/** The error the action answers when its permit says no. */
export function permitError(p: Permit, field = '/state'): AppError {
  const code = p.code ?? 'FORBIDDEN';
  const messages = p.reason ?? { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' };
  return code === 'FORBIDDEN' ? new AppError(code, 403, messages) : new AppError(code, 409, messages, field);
}

/**
 * How a move of the time is carried out: an approver covering the item moves the
 * approved delivery directly; an editor's move becomes a new revision for approval,
 * because times are approved with the revision.
 */
export type RescheduleMode = 'move' | 'revision';

export interface DeliveryPermits {
  retry: Permit;
  publishNow: Permit;
  cancel: Permit;
  reschedule: Permit & { mode: RescheduleMode | null };
  markReconciled: Permit;
  takeDown: Permit;
  /** Try a failed correction of the published post again (core/corrections/retry.ts). */
  retryCorrection: Permit;
}

/** The caller's reach, loaded once per request and shared by every delivery it looks at. */
export interface DeliveryScope {
  userId: string;
  manage: Set<string>;
  approve: Set<string>;
  write: Set<string>;
}

/** The facts about one delivery the permits depend on. */
export interface DeliveryFacts {
  state: DeliveryState;
  itemUnitId: string;
  channelUnitId: string;
  /** Who wrote the delivery's revision (author and contributors): never the ones who approve its times. */
  revisionWriters: readonly string[];
  /** False when a newer draft or revision in review exists: a time change goes there. */
  isLatestRevision: boolean;
  /** The state of the delivery's latest correction (core/corrections), if it has one. */
  correctionState: string | null;
}

export async function deliveryScopeOf(q: Queryable, caller: Caller): Promise<DeliveryScope> {
  const [manage, approve, write] = await Promise.all([
    unitsAllowed(q, caller, 'delivery.manage'),
    unitsAllowed(q, caller, 'content.approve'),
    unitsAllowed(q, caller, 'content.write'),
  ]);
  return { userId: caller.userId, manage, approve, write };
}

const yes: Permit = { allowed: true, reason: null, code: null };
const no = (reason: Messages, code: DenyCode = 'FORBIDDEN'): Permit => ({ allowed: false, reason, code });

export const stateNames: Record<DeliveryState, Messages> = {
  scheduled: { vi: 'đã hẹn giờ', en: 'scheduled' },
  publishing: { vi: 'đang đăng', en: 'publishing' },
  processing: { vi: 'nền tảng đang xử lý', en: 'processing' },
  retrying: { vi: 'đang chờ thử lại', en: 'retrying' },
  needs_reconnect: { vi: 'cần kết nối lại kênh', en: 'needs reconnect' },
  unconfirmed: { vi: 'chưa xác nhận', en: 'unconfirmed' },
  awaiting_officer: { vi: 'chờ cán bộ đăng thủ công', en: 'awaiting an officer' },
  missed: { vi: 'quá hạn', en: 'missed' },
  published: { vi: 'đã đăng', en: 'published' },
  failed: { vi: 'thất bại', en: 'failed' },
  cancelled: { vi: 'đã huỷ', en: 'cancelled' },
  taken_down: { vi: 'đã gỡ', en: 'taken down' },
};

export function wrongState(state: DeliveryState): Messages {
  const name = stateNames[state];
  return { vi: `Không thể thực hiện khi lượt đăng đang ở trạng thái "${name.vi}"`, en: `Not possible while the delivery is ${name.en}` };
}

const notManager: Messages = { vi: 'Bạn không có quyền quản lý lượt đăng của đơn vị này', en: 'You may not manage deliveries of this unit' };

function inStates(d: DeliveryFacts, states: readonly DeliveryState[]): Permit {
  return states.includes(d.state) ? yes : no(wrongState(d.state), 'DELIVERY_STATE_CONFLICT');
}

/** The reschedule rule (ARCHITECTURE.md: times are approved with the revision). */
export function reschedulePermit(scope: DeliveryScope, d: DeliveryFacts): DeliveryPermits['reschedule'] {
  if (!scope.manage.has(d.itemUnitId)) return { ...no(notManager), mode: null };
  const state = inStates(d, ['scheduled', 'retrying']);
  if (!state.allowed) return { ...state, mode: null };
  const approves = scope.approve.has(d.itemUnitId) && scope.approve.has(d.channelUnitId);
  if (approves && !d.revisionWriters.includes(scope.userId)) return { ...yes, mode: 'move' };
  if (scope.write.has(d.itemUnitId) && scope.write.has(d.channelUnitId)) {
    if (!d.isLatestRevision) {
      return {
        ...no({
          vi: 'Bài đang có phiên bản mới (nháp hoặc chờ duyệt); hãy đổi giờ trong phiên bản đó',
          en: 'The item has a newer draft or revision in review; change the time there',
        }, 'NEWER_REVISION_EXISTS'),
        mode: null,
      };
    }
    return { ...yes, mode: 'revision' };
  }
  return {
    ...no(
      approves
        ? { vi: 'Bạn đã viết phiên bản này nên không thể tự duyệt giờ đăng mới', en: 'You wrote this revision, so you may not approve a new time for it' }
        : { vi: 'Giờ đăng đã được duyệt; chỉ người duyệt phụ trách bài này mới được đổi', en: 'The time was approved; only an approver covering this item may change it' },
    ),
    mode: null,
  };
}

export function deliveryPermits(scope: DeliveryScope, d: DeliveryFacts): DeliveryPermits {
  const manages = scope.manage.has(d.itemUnitId);
  const gate = (states: readonly DeliveryState[]): Permit => (manages ? inStates(d, states) : no(notManager));
  return {
    retry: gate(['failed']),
    publishNow: gate(['scheduled', 'retrying']),
    cancel: gate(unstartedStates),
    reschedule: reschedulePermit(scope, d),
    markReconciled: gate(['unconfirmed']),
    takeDown: gate(['published']),
    retryCorrection: !manages
      ? no(notManager)
      : d.correctionState === 'failed'
        ? yes
        : no({ vi: 'Không có lần sửa bài thất bại nào để thử lại', en: 'There is no failed correction to retry' }, 'CORRECTION_STATE_CONFLICT'),
  };
}
