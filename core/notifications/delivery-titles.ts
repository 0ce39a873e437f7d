import type { Messages } from '../../lib/errors.ts';

/** Titles shared by the notices of several delivery steps, so the bell reads the same for each. */
export const deliveryFailedTitle = (channelName: string): Messages => ({
  vi: `Đăng bài thất bại trên kênh "${channelName}"`,
  en: `Publishing failed on channel "${channelName}"`,
});

export const deliveryToCheckTitle = (channelName: string): Messages => ({
  vi: `Cần kiểm tra bài trên kênh "${channelName}"`,
  en: `Check the post on channel "${channelName}"`,
});
