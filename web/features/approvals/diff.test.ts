import { describe, expect, it } from 'vitest';
import { diffRevisions, diffText, type RevisionSide } from './diff.ts';

const base: RevisionSide = {
  title: 'Vay vốn ưu đãi cho người hoàn lương',
  summary: '',
  body: 'Người chấp hành xong án phạt tù được vay vốn. Liên hệ Công an xã.',
  theme: 'policy',
  links: [],
  hashtags: ['TaiHoaNhap'],
  mediaIds: ['m1'],
  consentIds: [],
  overrides: { facebook_page: { body: 'Bản Facebook' } },
  publishAt: '2031-01-10T12:00:00.000Z',
  expiresAt: null,
  targets: [
    { channelId: 'c1', channelName: 'Fanpage', publishAt: null },
    { channelId: 'c2', channelName: 'Nhóm Zalo thôn 1', publishAt: '2031-01-10T13:00:00.000Z' },
  ],
};

describe('diffText', () => {
  it('marks the words removed and added and keeps the rest', () => {
    expect(diffText('vay tối đa 50 triệu đồng', 'vay tối đa 100 triệu đồng')).toEqual([
      { op: 'same', text: 'vay tối đa ' },
      { op: 'removed', text: '50' },
      { op: 'added', text: '100' },
      { op: 'same', text: ' triệu đồng' },
    ]);
  });

  it('shows a rewritten phrase as one removal and one addition, not word confetti around shared spaces', () => {
    expect(diffText('được vay vốn để học nghề. Liên hệ', 'được vay tối đa 100 triệu đồng. Liên hệ')).toEqual([
      { op: 'same', text: 'được vay ' },
      { op: 'removed', text: 'vốn để học nghề.' },
      { op: 'added', text: 'tối đa 100 triệu đồng.' },
      { op: 'same', text: ' Liên hệ' },
    ]);
  });

  it('rebuilds both texts from its parts', () => {
    const before = 'Một hai ba bốn năm sáu';
    const after = 'Một ba bốn bảy năm sáu tám';
    const parts = diffText(before, after);
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(after);
  });

  it('shows a huge rewritten middle as replaced whole instead of hanging', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    expect(diffText(a, b).map((p) => p.op)).toEqual(['removed', 'added']);
  });
});

describe('diffRevisions', () => {
  it('is empty for the same revision', () => {
    expect(diffRevisions(base, structuredClone(base))).toEqual([]);
  });

  it('reports text per field and per channel override, media, targets and times', () => {
    const next: RevisionSide = {
      ...structuredClone(base),
      body: 'Người chấp hành xong án phạt tù được vay vốn tối đa 100 triệu. Liên hệ Công an xã.',
      mediaIds: ['m2'],
      overrides: { facebook_page: { body: 'Bản Facebook mới' }, zalo_oa: { title: 'Tiêu đề Zalo' } },
      publishAt: '2031-01-11T12:00:00.000Z',
      targets: [
        { channelId: 'c2', channelName: 'Nhóm Zalo thôn 1', publishAt: '2031-01-11T01:00:00.000Z' },
        { channelId: 'c3', channelName: 'Trang web', publishAt: null },
      ],
    };
    const changes = diffRevisions(base, next);
    expect(changes.map((c) => c.field)).toEqual([
      'body',
      'mediaIds',
      'publishAt',
      'overrides.facebook_page.body',
      'overrides.zalo_oa.title',
      'targets',
      'targets.Nhóm Zalo thôn 1.publishAt',
    ]);
    expect(changes.find((c) => c.field === 'body')).toEqual({
      field: 'body',
      kind: 'text',
      parts: [
        { op: 'same', text: 'Người chấp hành xong án phạt tù được vay ' },
        { op: 'removed', text: 'vốn.' },
        { op: 'added', text: 'vốn tối đa 100 triệu.' },
        { op: 'same', text: ' Liên hệ Công an xã.' },
      ],
    });
    expect(changes.find((c) => c.field === 'mediaIds')).toEqual({ field: 'mediaIds', kind: 'list', added: ['m2'], removed: ['m1'] });
    expect(changes.find((c) => c.field === 'targets')).toEqual({ field: 'targets', kind: 'list', added: ['Trang web'], removed: ['Fanpage'] });
    expect(changes.at(-1)).toEqual({ field: 'targets.Nhóm Zalo thôn 1.publishAt', kind: 'value', before: '2031-01-10T13:00:00.000Z', after: '2031-01-11T01:00:00.000Z' });
  });

  it('shows everything as new when nothing was approved before', () => {
    const changes = diffRevisions(null, base);
    expect(changes.find((c) => c.field === 'title')).toEqual({ field: 'title', kind: 'text', parts: [{ op: 'added', text: base.title }] });
    expect(changes.find((c) => c.field === 'theme')).toEqual({ field: 'theme', kind: 'value', before: null, after: 'policy' });
  });
});
