import { describe, expect, it } from 'vitest';
import { bindMarker, CAMPAIGN_HASHTAG, MARKER_PLACEHOLDER, renderForChannel, type RevisionContent } from './render.ts';
import { youtubeTagsLength } from './text/limits.ts';

const SITE = 'https://conduonghuongthien.example.vn/';
const DELIVERY = '3f0c2a9e-8b1d-4c55-9a77-0d2e6f1b4c10';

function content(patch: Partial<RevisionContent> = {}): RevisionContent {
  return {
    itemId: 'item-1',
    revisionId: 'rev-1',
    slug: 'hoi-dap-ly-lich-tu-phap',
    title: 'Hỏi – đáp: xin cấp lý lịch tư pháp sau khi chấp hành xong án phạt tù',
    summary: '',
    body: 'Người đã chấp hành xong án phạt tù được xóa án tích theo quy định.\n\nHồ sơ nộp tại Sở Tư pháp.',
    theme: 'guidance',
    hashtags: ['#TáiHòaNhập'],
    links: [],
    overrides: {},
    mediaIds: [],
    unit: { id: 'unit-1', name: 'Công an tỉnh Bình Định' },
    ...patch,
  };
}

const channel = (platform: Parameters<typeof renderForChannel>[1]['platform'], id = `ch-${platform}`) => ({ id, platform });
const codes = (r: ReturnType<typeof renderForChannel>) => r.problems.map((p) => `${p.code} ${p.field}`);

describe('link placement', () => {
  it('a Facebook post without media sends the link in the link field and keeps the URL out of the message', () => {
    const r = renderForChannel(content(), channel('facebook_page'), SITE);
    expect(r.linkPlacement).toBe('field');
    expect(r.link).toBe(`https://conduonghuongthien.example.vn/bai-viet/hoi-dap-ly-lich-tu-phap?ref=${MARKER_PLACEHOLDER}`);
    expect(r.text).not.toContain('http');
    expect(r.text).toContain('#ConDuongHuongThien #TáiHòaNhập');
  });

  it('a Facebook photo post carries the link as the last line of the message (photo posts have no link field)', () => {
    const r = renderForChannel(content({ mediaIds: ['m1'] }), channel('facebook_page'), SITE);
    expect(r.linkPlacement).toBe('text');
    expect(r.text.split('\n').at(-1)).toBe(`Xem chi tiết: ${r.link}`);
  });

  it('YouTube puts the link at the end of the description, after the extra links and hashtags', () => {
    const r = renderForChannel(
      content({ links: [{ url: 'https://stp.example.vn/thu-tuc', label: 'Thủ tục tại Sở Tư pháp' }] }),
      channel('youtube_channel'),
      SITE,
    );
    expect(r.text.split('\n\n')).toEqual([
      'Người đã chấp hành xong án phạt tù được xóa án tích theo quy định.',
      'Hồ sơ nộp tại Sở Tư pháp.',
      'Thủ tục tại Sở Tư pháp: https://stp.example.vn/thu-tuc',
      '#ConDuongHuongThien #TáiHòaNhập',
      `Xem chi tiết: ${r.link}`,
    ]);
  });

  it('site and WordPress publish the article itself: no URL and no hashtags in the text, tags travel separately', () => {
    for (const platform of ['site', 'wordpress'] as const) {
      const r = renderForChannel(content(), channel(platform), SITE);
      expect(r.linkPlacement).toBe('none');
      expect(r.text).toBe(r.body);
      expect(r.tags).toEqual(['ConDuongHuongThien', 'TáiHòaNhập']);
    }
  });

  it('a webhook payload gets the link as a field and the text without it', () => {
    const r = renderForChannel(content(), channel('webhook'), SITE);
    expect(r.linkPlacement).toBe('field');
    expect(r.text).toBe(r.body);
  });

  it('bindMarker writes loa:<deliveryId> into the link and text and leaves non-plain values alone', () => {
    const publishAt = new Date('2026-12-01T01:00:00Z');
    const open = () => 'stream';
    const r = { ...renderForChannel(content({ mediaIds: ['m1'] }), channel('facebook_page'), SITE), publishAt, media: [{ open }] };
    const bound = bindMarker(r, DELIVERY);
    expect(bound.link).toBe(`https://conduonghuongthien.example.vn/bai-viet/hoi-dap-ly-lich-tu-phap?ref=loa:${DELIVERY}`);
    expect(bound.text).toContain(`?ref=loa:${DELIVERY}`);
    expect(JSON.stringify(bound)).not.toContain(MARKER_PLACEHOLDER);
    expect(bound.publishAt).toBe(publishAt);
    expect(bound.media[0]?.open).toBe(open);
    expect(r.text).toContain(MARKER_PLACEHOLDER);
  });
});

describe('hashtags', () => {
  it('keeps the campaign tag exactly once and first, whatever the user typed', () => {
    const r = renderForChannel(content({ hashtags: ['conduonghuongthien', '#CONDUONGHUONGTHIEN', 'an ninh'] }), channel('facebook_page'), SITE);
    expect(r.hashtags).toEqual([CAMPAIGN_HASHTAG, '#anninh']);
  });

  it('normalises user tags: NFC, no spaces or punctuation, Vietnamese letters kept, duplicates dropped case-insensitively', () => {
    const nfd = '#Tái hòa nhập'.normalize('NFD');
    const r = renderForChannel(
      content({ hashtags: [nfd, '#TÁIHÒANHẬP', ' #hướng-thiện! ', '#đường', '#ĐƯỜNG', '#!!!', '#2026'] }),
      channel('facebook_page'),
      SITE,
    );
    expect(r.hashtags).toEqual([CAMPAIGN_HASHTAG, '#Táihòanhập', '#hướngthiện', '#đường', '#2026']);
    expect(r.hashtags.every((h) => h === h.normalize('NFC'))).toBe(true);
  });

  it('YouTube tags lead with the campaign name and stay within 500 characters by YouTube\'s own count', () => {
    const many = Array.from({ length: 80 }, (_, i) => `#chủđề${i}phầnmởrộng`);
    const r = renderForChannel(content({ hashtags: many }), channel('youtube_channel'), SITE);
    expect(r.tags[0]).toBe('Con đường hướng thiện');
    expect(r.tags).toContain('ConDuongHuongThien');
    expect(youtubeTagsLength(r.tags)).toBeLessThanOrEqual(500);
    expect(r.tags.length).toBeLessThan(many.length);
    expect(youtubeTagsLength(['Foo Baz'])).toBe(9);
  });
});

describe('limits', () => {
  it('counts YouTube title characters on NFC: 100 decomposed Vietnamese letters pass, 101 do not', () => {
    const title100 = 'ệ'.repeat(100).normalize('NFD');
    expect(title100.length).toBe(300);
    expect(renderForChannel(content({ title: title100 }), channel('youtube_channel'), SITE).problems).toEqual([]);
    const r = renderForChannel(content({ title: `${title100}ệ` }), channel('youtube_channel'), SITE);
    expect(codes(r)).toEqual(['TEXT_TOO_LONG /title']);
    expect(r.problems[0]?.message.vi).toContain('101 ký tự');
  });

  it('counts the YouTube description in UTF-8 bytes: 2,000 Vietnamese letters fit in characters but not in bytes', () => {
    const r = renderForChannel(content({ body: 'ờ'.repeat(2_000) }), channel('youtube_channel'), SITE);
    expect([...r.text].length).toBeLessThan(5_000);
    expect(codes(r)).toEqual(['TEXT_TOO_LONG /body']);
    expect(r.problems[0]?.message.en).toMatch(/takes at most 5000 bytes/);
  });

  it('refuses < and > on YouTube, naming the field', () => {
    const r = renderForChannel(
      content({ title: 'Cảnh giác <lừa đảo>', body: 'a > b', links: [{ url: 'https://x.example.vn', label: '<b>' }] }),
      channel('youtube_channel'),
      SITE,
    );
    expect(codes(r)).toEqual(['FORBIDDEN_CHARACTERS /title', 'FORBIDDEN_CHARACTERS /body', 'FORBIDDEN_CHARACTERS /links']);
    expect(renderForChannel(content({ title: 'a <b>' }), channel('facebook_page'), SITE).problems).toEqual([]);
  });

  it('checks the Facebook limit with the bound marker in place, so a text that fits with the placeholder can still be refused', () => {
    const base = renderForChannel(content({ body: '', mediaIds: ['m1'] }), channel('facebook_page'), SITE);
    const room = 63_206 - [...base.text].length - 2; // 2 = the blank line between body and the next block
    const atPlaceholder = renderForChannel(content({ body: 'a'.repeat(room), mediaIds: ['m1'] }), channel('facebook_page'), SITE);
    expect([...atPlaceholder.text].length).toBe(63_206);
    expect(codes(atPlaceholder)).toEqual(['TEXT_TOO_LONG /body']);
    const fits = renderForChannel(
      content({ body: 'a'.repeat(room - (40 - MARKER_PLACEHOLDER.length)), mediaIds: ['m1'] }),
      channel('facebook_page'),
      SITE,
    );
    expect(fits.problems).toEqual([]);
    expect([...bindMarker(fits, DELIVERY).text].length).toBe(63_206);
  });

  it('Zalo OA needs a title, and a summary of at most 300 characters; without one the description is cut from the body', () => {
    const r = renderForChannel(content({ title: '  ', summary: 's'.repeat(301) }), channel('zalo_oa'), SITE);
    expect(codes(r)).toEqual(['TITLE_REQUIRED /title', 'TEXT_TOO_LONG /summary']);
    const derived = renderForChannel(content({ body: 'Người lầm lỗi hoàn lương. '.repeat(40) }), channel('zalo_oa'), SITE);
    expect(derived.problems).toEqual([]);
    expect([...derived.description].length).toBeLessThanOrEqual(300);
    const kept = derived.description.slice(0, -1);
    expect(derived.description.endsWith('…')).toBe(true);
    expect(derived.body.replace(/\s+/g, ' ').startsWith(kept)).toBe(true);
    expect(derived.body.replace(/\s+/g, ' ')[kept.length]).toMatch(/[\s.]/); // cut between words
  });

  it('site, WordPress and webhook take a body of any length', () => {
    const body = 'Đoạn văn dài. '.repeat(20_000);
    for (const platform of ['site', 'wordpress', 'webhook'] as const) {
      expect(renderForChannel(content({ body }), channel(platform), SITE).problems).toEqual([]);
    }
  });
});

describe('per-channel overrides', () => {
  it('a channel-id override wins over the platform override, field by field, and problems point at the override', () => {
    const c = content({
      overrides: {
        youtube_channel: { title: 'Tiêu đề cho YouTube', body: 'Mô tả chung cho YouTube' },
        'ch-yt-2': { title: 'x'.repeat(101) },
      },
    });
    const plain = renderForChannel(c, channel('youtube_channel', 'ch-yt-1'), SITE);
    expect(plain.title).toBe('Tiêu đề cho YouTube');
    expect(plain.body).toBe('Mô tả chung cho YouTube');
    const special = renderForChannel(c, channel('youtube_channel', 'ch-yt-2'), SITE);
    expect(special.body).toBe('Mô tả chung cho YouTube');
    expect(codes(special)).toEqual(['TEXT_TOO_LONG /overrides/ch-yt-2/title']);
    const fb = renderForChannel(c, channel('facebook_page'), SITE);
    expect(fb.title).toBe(c.title);
  });

  it('override hashtags replace the revision\'s own but the campaign tag stays', () => {
    const r = renderForChannel(content({ overrides: { zalo_group_manual: { hashtags: ['#xãAnNhơn'] } } }), channel('zalo_group_manual'), SITE);
    expect(r.hashtags).toEqual([CAMPAIGN_HASHTAG, '#xãAnNhơn']);
    expect(r.text).toContain('#ConDuongHuongThien #xãAnNhơn');
  });

  it('stores every field NFC-normalised', () => {
    const r = renderForChannel(content({ title: 'Hướng thiện'.normalize('NFD'), body: 'Đường'.normalize('NFD') }), channel('site'), SITE);
    expect(r.title).toBe('Hướng thiện'.normalize('NFC'));
    expect(r.body).toBe('Đường'.normalize('NFC'));
  });
});
