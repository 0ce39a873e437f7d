/** Why unstarted deliveries were cancelled; shown to users on the delivery. */
export const cancelReasons = {
  superseded: { code: 'SUPERSEDED', vi: 'Đã có phiên bản mới hơn được duyệt thay thế', en: 'A newer revision was approved' },
  expired: { code: 'EXPIRED', vi: 'Phê duyệt đã hết hạn', en: 'The approval has expired' },
  consentWithdrawn: { code: 'CONSENT_WITHDRAWN', vi: 'Người xuất hiện trong bài đã rút lại sự đồng ý', en: 'A person shown in the content withdrew their consent' },
} as const;
