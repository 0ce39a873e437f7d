import { describe, expect, it } from 'vitest';
import { foldText } from './fold-search.ts';

describe('foldText', () => {
  it('drops Vietnamese accents and case, đ included, so typed words find accented titles', () => {
    expect(foldText('Công an xã PHƯỚC LỘC')).toBe('cong an xa phuoc loc');
    expect(foldText('Đường  hướng   thiện')).toBe('duong huong thien');
    // Decomposed input (as some keyboards send it) folds the same as composed.
    expect(foldText('Phu\u031Bo\u031B\u0301c')).toBe('phuoc');
  });
});
