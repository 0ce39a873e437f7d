import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, rankingFormula } from './ranking.ts';

describe('rankingFormula', () => {
  it('prints the weights and their sum as a reader writes them (0,4 … ÷ 1), never a floating-point tail', () => {
    const formula = rankingFormula(DEFAULT_WEIGHTS);
    expect(formula).toContain('0,4 × tỉ lệ đăng đúng hạn');
    expect(formula).toContain('÷ 1;');
    expect(formula).not.toMatch(/9999|0000/);
    expect(rankingFormula({ onTime: 1 / 3, coverage: 1 / 3, engagement: 1 / 3, activities: 0 })).toContain('0,3333 × độ phủ xã');
  });
});
