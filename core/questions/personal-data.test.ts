import { describe, expect, it } from 'vitest';
import { findPersonalData, maskPersonalData } from './personal-data.ts';

describe('personal data in a citizen question', () => {
  it('finds phone numbers, ID numbers, e-mail and addresses, and masks them in the text proposed for publication', () => {
    const text =
      'Bản thân tôi ở Con đường hướng thiện đọc được. Gọi 0912.345.678 hoặc +84 98 765 4321; CCCD 001203004567, CMND 123456789; ' +
      'thư: an.nguyen@gmail.com; nhà ở thôn Bản Mòng, xã Chiềng Sinh, số nhà 12 ngõ 3/12. Tôi chấp hành xong án.';
    const flags = findPersonalData(text);
    expect(flags).toEqual([
      { kind: 'email', text: 'an.nguyen@gmail.com' },
      { kind: 'phone', text: '0912.345.678' },
      { kind: 'phone', text: '+84 98 765 4321' },
      { kind: 'id_number', text: '001203004567' },
      { kind: 'id_number', text: '123456789' },
      { kind: 'address', text: 'thôn Bản Mòng' },
      { kind: 'address', text: 'số nhà 12' },
      { kind: 'address', text: 'ngõ 3/12' },
    ]);
    const masked = maskPersonalData(text, flags);
    for (const f of flags) expect(masked).not.toContain(f.text);
    expect(masked).toContain('Bản thân tôi ở Con đường hướng thiện đọc được. Gọi [đã ẩn] hoặc [đã ẩn]; CCCD [đã ẩn]');
    expect(masked).toContain('Tôi chấp hành xong án.');
  });

  it('flags nothing in an ordinary question', () => {
    expect(findPersonalData('Người chấp hành xong án phạt tù năm 2023 được vay tối đa 100 triệu đồng không?')).toEqual([]);
  });
});
