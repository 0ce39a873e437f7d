/**
 * Who is NOT a person clicking a tracked link, matched case-insensitively anywhere in the
 * User-Agent. Chat apps fetch every pasted URL to draw a preview card the moment an officer
 * posts into a group: counting those would credit each push with clicks nobody made.
 * An empty User-Agent is not counted either.
 *
 * Zalo itself is NOT matched by name: Zalo's in-app browser, where group members open the
 * link, carries "Zalo" in its agent. Zalo does not document its preview fetcher's agent;
 * third-party code names "zalobot" and "Zalo-Crawler", listed below — anything else it
 * uses is caught only if it calls itself a bot, crawler or preview.
 */
export const NON_HUMAN_AGENTS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /zalobot|zalo-?crawler/i, why: "Zalo's link-preview fetcher (agent names from third-party code, unverified)" },
  { pattern: /facebookexternalhit|facebookcatalog|facebot|meta-external/i, why: 'Facebook/Messenger previews and Meta crawlers' },
  // Googlebot, bingbot, Twitterbot, TelegramBot, Slackbot, Discordbot, LinkedInBot, coccocbot,
  // Applebot …; "Cubot" is a phone brand, not a robot.
  { pattern: /(?<!cu)bot\b/i, why: 'self-declared robots' },
  { pattern: /crawl|spider|slurp|scraper/i, why: 'crawlers (Baiduspider, Bytespider, Yahoo Slurp …)' },
  { pattern: /whatsapp|viber|skypeuri|line-poker|kakaotalk-scrap|embedly|iframely|preview/i, why: 'link-preview fetchers of chat apps' },
  { pattern: /google-(?:inspectiontool|read-aloud|pagerenderer|site-verification)|lighthouse|headlesschrome|pingdom|uptime/i, why: 'tools, monitors, headless browsers' },
  { pattern: /^(?:curl|wget|httpie|python-|python\/|go-http-client|java\/|okhttp|node-fetch|node|undici|axios|libwww-perl|ruby|php)/i, why: 'scripts and HTTP libraries' },
];

export function isNonHumanAgent(userAgent: string | undefined): boolean {
  const ua = userAgent?.trim();
  if (!ua) return true;
  return NON_HUMAN_AGENTS.some((a) => a.pattern.test(ua));
}

type Headers = Record<string, string | string[] | undefined>;

/** Browsers fetching ahead of a tap (prefetch, prerender, link preview) say so in a header. */
function isPrefetch(headers: Headers): boolean {
  const purpose = ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'].map((h) => String(headers[h] ?? '')).join(' ');
  return /prefetch|preview|prerender/i.test(purpose);
}

/** Whether a request to `/l/<code>` is one person following the link (GET, not ahead of time, not a robot). */
export function countsAsClick(method: string, headers: Headers): boolean {
  const ua = headers['user-agent'];
  return method === 'GET' && !isPrefetch(headers) && !isNonHumanAgent(Array.isArray(ua) ? ua[0] : ua);
}
