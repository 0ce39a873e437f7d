import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';

/** The refusals of the content workflow, each with a stable code the UI can act on. */

/** A revision's state as the Vietnamese message says it (the app's revisionStates), never the stored word ("approved"). */
const revisionStateVi: Record<string, string> = {
  draft: 'bản nháp',
  in_review: 'chờ duyệt',
  approved: 'đã duyệt',
  rejected: 'bị từ chối',
  superseded: 'đã thay thế',
  expired: 'hết hạn',
};
const stateVi = (state: string) => revisionStateVi[state] ?? state;

export const itemNotFound = () => notFound({ vi: 'bài viết', en: 'Content item' });

export const revisionNotFound = () => notFound({ vi: 'phiên bản', en: 'Revision' });

export const writeForbidden = () =>
  new AppError('CONTENT_WRITE_FORBIDDEN', 403, {
    vi: 'Bạn không có quyền soạn bài cho đơn vị này',
    en: 'You may not write content for this unit',
  });

export const targetForbidden = (field: string, channelName: string) =>
  new AppError(
    'TARGET_CHANNEL_FORBIDDEN',
    403,
    {
      vi: `Bạn không có quyền đăng lên kênh "${channelName}" (kênh thuộc đơn vị ngoài phạm vi của bạn)`,
      en: `You may not target the channel "${channelName}": it belongs to a unit outside your scope`,
    },
    field,
  );

export const selfApproval = () =>
  new AppError('SELF_APPROVAL_FORBIDDEN', 403, {
    vi: 'Không được tự duyệt: bạn đã soạn hoặc sửa phiên bản này; cần một người duyệt chưa tham gia viết',
    en: 'You wrote or edited this revision, so you may not decide on it; an approver who did not write it must',
  });

export const approverItemScope = () =>
  new AppError('APPROVER_UNIT_NOT_COVERED', 403, {
    vi: 'Bạn không có quyền duyệt bài của đơn vị này',
    en: "You may not approve content of this item's unit",
  });

export const approverTargetScope = (channelName: string) =>
  new AppError(
    'APPROVER_TARGET_NOT_COVERED',
    403,
    {
      vi: `Bạn không có quyền duyệt đăng lên kênh "${channelName}" (kênh thuộc đơn vị ngoài phạm vi của bạn)`,
      en: `You may not approve publishing to "${channelName}": its unit is outside your scope`,
    },
    '/targets',
  );

export const revisionImmutable = (state: string) =>
  conflict('REVISION_IMMUTABLE', {
    vi: `Phiên bản đã gửi duyệt không thể sửa (trạng thái: ${stateVi(state)}); hãy sửa bài để tạo phiên bản mới`,
    en: `A submitted revision cannot be changed (state: ${state}); edit the item to start a new revision`,
  });

export const revisionInReview = () =>
  conflict('REVISION_IN_REVIEW', {
    vi: 'Bài đang chờ duyệt; chờ quyết định duyệt hoặc từ chối trước khi sửa',
    en: 'The item is awaiting review; wait for the decision before editing',
  });

export const notDraft = (state: string) =>
  conflict('REVISION_NOT_DRAFT', {
    vi: `Chỉ gửi duyệt được bản nháp (phiên bản mới nhất đang ở trạng thái: ${stateVi(state)})`,
    en: `Only a draft can be submitted (the latest revision is ${state})`,
  });

export const notInReview = (state: string) =>
  conflict('REVISION_NOT_IN_REVIEW', {
    vi: `Không có phiên bản nào đang chờ duyệt (phiên bản mới nhất: ${stateVi(state)})`,
    en: `No revision is awaiting review (the latest revision is ${state})`,
  });

export const staleDecision = (expected: number, actual: number) =>
  conflict(
    'REVISION_CHANGED',
    {
      vi: `Bạn đang xem phiên bản ${expected} nhưng phiên bản chờ duyệt là ${actual}; hãy tải lại`,
      en: `You reviewed revision ${expected} but revision ${actual} is awaiting review; reload`,
    },
    '/revision',
  );

export const commentRequired = () =>
  invalid('COMMENT_REQUIRED', '/comment', {
    vi: 'Từ chối cần ghi rõ lý do',
    en: 'A rejection needs a comment',
  });

export const noTargets = () =>
  invalid('TARGETS_REQUIRED', '/targets', {
    vi: 'Cần chọn ít nhất một kênh đăng',
    en: 'Choose at least one target channel',
  });
