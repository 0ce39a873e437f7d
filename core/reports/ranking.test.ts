import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, rankingFormula, rankUnits } from './ranking.ts';

describe('rankingFormula', () => {
  it('prints the weights and their sum as a reader writes them (0,4 … ÷ 1), never a floating-point tail', () => {
    const formula = rankingFormula(DEFAULT_WEIGHTS);
    expect(formula).toContain('0,4 × tỉ lệ đăng đúng hạn');
    expect(formula).toContain('÷ 1;');
    expect(formula).not.toMatch(/9999|0000/);
    expect(rankingFormula({ onTime: 1 / 3, coverage: 1 / 3, engagement: 1 / 3, activities: 0 })).toContain('0,3333 × độ phủ xã');
  });
});

describe('rankUnits', () => {
  it('leaves out of a unit\'s score what does not apply to it: a department with no commune is not held at 30 points', () => {
    const district = { unitId: 'a', name: 'Công an huyện A', onTime: 3, late: 1, missed: 0, coverage: 0.5, engagement: 200, activities: 4 };
    const department = { unitId: 'b', name: 'Phòng PC10', onTime: 0, late: 0, missed: 0, coverage: null, engagement: 200, activities: 4 };
    const quiet = { unitId: 'c', name: 'Công an huyện C', onTime: 0, late: 0, missed: 2, coverage: 0, engagement: 0, activities: 0 };
    const { rows } = rankUnits([district, department, quiet], DEFAULT_WEIGHTS);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    // The department: engagement and activities at the top (1 each) over their own weights (0,2 + 0,1).
    expect(byName['Phòng PC10']).toMatchObject({ score: 100, rank: 1, components: { onTime: null, coverage: null, engagement: 1, activities: 1 } });
    // The district: 100 × (0,4 × 3/4 + 0,3 × 0,5 + 0,2 + 0,1) ÷ 1.
    expect(byName['Công an huyện A']).toMatchObject({ score: 75, rank: 2 });
    // Missed pushes and uncovered communes still count as 0, not as "does not apply".
    expect(byName['Công an huyện C']).toMatchObject({ score: 0, rank: 3, components: { onTime: 0, coverage: 0 } });
  });
});
