import { describe, expect, it } from 'vitest';
import { countsAsClick, isNonHumanAgent } from './agents.ts';

describe('who counts as a person following a tracked link', () => {
  it('phones and in-app browsers (Zalo, Facebook, Cốc Cốc) are people; a Cubot phone is not a robot', () => {
    for (const ua of [
      'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
      'Mozilla/5.0 (Linux; Android 12; Redmi 10) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 Zalo android/12100 ZaloTheme/light',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/450.0]',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/120.0 Chrome/120.0 Safari/537.36',
      'Mozilla/5.0 (Linux; Android 11; Cubot KingKong 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36',
    ]) {
      expect(isNonHumanAgent(ua), ua).toBe(false);
    }
  });

  it('link previews, robots, monitors and scripts are not', () => {
    for (const ua of [
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'zalobot/1.0',
      'Zalo-Crawler',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Twitterbot/1.0',
      'WhatsApp/2.23.20.0 A',
      'TelegramBot (like TwitterBot)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36',
      'curl/8.5.0',
      'python-requests/2.31',
      '',
      '   ',
    ]) {
      expect(isNonHumanAgent(ua), ua).toBe(true);
    }
    expect(isNonHumanAgent(undefined)).toBe(true);
  });

  it('only a GET that is not a prefetch counts', () => {
    const phone = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36' };
    expect(countsAsClick('GET', phone)).toBe(true);
    expect(countsAsClick('HEAD', phone)).toBe(false);
    expect(countsAsClick('GET', { ...phone, 'sec-purpose': 'prefetch' })).toBe(false);
    expect(countsAsClick('GET', { ...phone, purpose: 'prefetch' })).toBe(false);
    expect(countsAsClick('GET', { ...phone, 'x-purpose': 'preview' })).toBe(false);
  });
});
