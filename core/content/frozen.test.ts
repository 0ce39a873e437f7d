import { describe, expect, it } from 'vitest';
import { expandFrozen, freezeSamples, frozenRendering } from './frozen.ts';

describe('frozen renderings', () => {
  const base = { platform: 'zalo_group_manual', title: 'Con đường hướng thiện', text: 'Nội dung', templateVersion: 'text-2', problems: [] };
  const site = { ...base, platform: 'site', text: 'Bài đầy đủ' };
  const zalo = (channelId: string) => ({ channelId, platform: 'zalo_group_manual' });

  it('stores each platform\'s rendering once and the overrides by id; every target reads what was rendered for it', () => {
    const samples = [
      { channelId: 'c', platform: 'zalo_group_manual', forPlatform: false },
      { channelId: 'a', platform: 'zalo_group_manual', forPlatform: true },
      { channelId: 'd', platform: 'site', forPlatform: true },
    ];
    const renderings = [{ ...base, channelId: 'c', title: 'Tiêu đề riêng của nhóm C' }, { ...base, channelId: 'a' }, { ...site, channelId: 'd' }];
    const frozen = freezeSamples(samples, renderings);
    expect(Object.keys(frozen).sort()).toEqual(['$byPlatform', 'c']);
    expect(frozenRendering(frozen, zalo('b'))).toEqual({ ...base, channelId: 'b' });
    expect(frozenRendering(frozen, zalo('c'))).toEqual(renderings[0]);
    expect(frozenRendering(frozen, { channelId: 'e', platform: 'site' })).toEqual({ ...site, channelId: 'e' });
    expect(frozenRendering(frozen, { channelId: 'f', platform: 'webhook' })).toBeUndefined();
    // A share kit's recipient, frozen after approval by id.
    const kit = { ...base, platform: 'share_kit', channelId: 'k' };
    const targets = [zalo('b'), zalo('a'), zalo('c'), { channelId: 'd', platform: 'site' }];
    expect(expandFrozen({ ...frozen, k: kit }, targets)).toEqual([{ ...base, channelId: 'a' }, { ...base, channelId: 'b' }, renderings[0], { ...site, channelId: 'd' }, kit]);
  });

  it('reads a map frozen before (every target by id, `$ref` into `$shared`) as it did', () => {
    const old = {
      a: { $ref: 'zalo_group_manual' },
      c: { ...base, channelId: 'c', title: 'Tiêu đề riêng của nhóm C' },
      $shared: { zalo_group_manual: base },
    };
    expect(frozenRendering(old, zalo('a'))).toEqual({ ...base, channelId: 'a' });
    expect(frozenRendering(old, zalo('c'))).toEqual(old.c);
    // Not a target then: nothing frozen for it, though its platform has a shared rendering.
    expect(frozenRendering(old, zalo('b'))).toBeUndefined();
    expect(expandFrozen(old, [zalo('c'), zalo('a')])).toEqual([{ ...base, channelId: 'a' }, old.c]);
  });
});
