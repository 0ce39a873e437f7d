import { describe, expect, it } from 'vitest';
import vi from '../../web/i18n/vi.json' with { type: 'json' };
import { channelLabel } from '../../web/lib/channel-label.ts';

describe('channelLabel', () => {
  it('names the platform after a channel whose name does not say it', () => {
    expect(channelLabel('Fanpage Công an tỉnh', vi.platforms.facebook_page)).toBe('Fanpage Công an tỉnh · Trang Facebook');
    expect(channelLabel('Báo Bình Định', vi.platforms.wordpress)).toBe('Báo Bình Định · Cổng thông tin (WordPress)');
  });

  it('does not repeat the platform a channel name already says (quotes, case and bracketed notes aside)', () => {
    expect(channelLabel('Kênh YouTube Con đường hướng thiện', vi.platforms.youtube_channel)).toBe('Kênh YouTube Con đường hướng thiện');
    expect(channelLabel('Trang Con đường hướng thiện', vi.platforms.site)).toBe('Trang Con đường hướng thiện');
    expect(channelLabel('Nhóm Zalo thôn Hướng Thiện', vi.platforms.zalo_group_manual)).toBe('Nhóm Zalo thôn Hướng Thiện');
    expect(channelLabel('zalo oa công an tỉnh', vi.platforms.zalo_oa)).toBe('zalo oa công an tỉnh');
  });
});
