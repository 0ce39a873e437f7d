import { describe, expect, it } from 'vitest';
import { expandFrozen, freezeRenderings } from './frozen.ts';

describe('frozen renderings', () => {
  const base = { platform: 'zalo_group_manual', title: 'Con đường hướng thiện', text: 'Nội dung', templateVersion: 'text-2', problems: [] };
  const renderings = [
    { ...base, channelId: 'a' },
    { ...base, channelId: 'b' },
    { ...base, channelId: 'c', title: 'Tiêu đề riêng của nhóm C' },
    { ...base, platform: 'site', channelId: 'd', text: 'Bài đầy đủ' },
  ];

  it('stores a platform rendering once and expands back to exactly what was rendered', () => {
    const frozen = freezeRenderings(renderings);
    expect(frozen.a).toEqual({ $ref: 'zalo_group_manual' });
    expect(frozen.c).toEqual(renderings[2]);
    // Rendered on its own (an override that came out the same): equal by value, not by reference.
    expect(freezeRenderings([...renderings, { ...structuredClone(base), channelId: 'e' }]).e).toEqual({ $ref: 'zalo_group_manual' });
    const sortById = (xs: unknown[]) => [...xs].sort((x, y) => String((x as { channelId: string }).channelId).localeCompare((y as { channelId: string }).channelId));
    expect(sortById(expandFrozen(frozen))).toEqual(renderings);
  });

  it('is much smaller than one copy per channel for a large approval', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...base, channelId: `ch-${i}`, text: 'x'.repeat(800) }));
    const compact = JSON.stringify(freezeRenderings(many)).length;
    const naive = JSON.stringify(Object.fromEntries(many.map((r) => [r.channelId, r]))).length;
    expect(compact).toBeLessThan(naive / 10);
  });
});
