import { describe, expect, it } from 'vitest';
import { sliceFor } from '../../web/build/i18n-slices.ts';

/** A page's Vietnamese strings ship with the page: the build gives each module the keys it names (web/build/i18n-slices.ts). */
describe('web build: the catalogue slice of a module', () => {
  const texts = {
    common: { loading: 'Đang tải…', save: 'Lưu' },
    board: { actions: { retry: 'Thử lại', cancel: 'Huỷ' }, title: 'Bảng' },
    platforms: { site: 'Trang tin', zalo_oa: 'Zalo OA' },
  };

  it('takes the keys and groups named by string literals, and whole groups named by a template literal', () => {
    const code = "t('common.loading'); labelled(t, \"board.actions\"); t(`platforms.${p}`); const x = 'common.missing'; import './api.ts';";
    expect(sliceFor(code, texts)).toEqual({
      common: { loading: 'Đang tải…' },
      board: { actions: { retry: 'Thử lại', cancel: 'Huỷ' } },
      platforms: { site: 'Trang tin', zalo_oa: 'Zalo OA' },
    });
  });

  it('ignores keys in comments and a module that names none', () => {
    expect(sliceFor("// t('common.save')\n/* t('board.title') */ const a = 1;", texts)).toBeNull();
  });
});
