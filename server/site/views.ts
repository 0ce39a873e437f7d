import type { FastifyRequest } from 'fastify';

/**
 * User agents that are not a person reading, matched case-insensitively anywhere in the
 * User-Agent header. An empty User-Agent is not counted either.
 *
 * Zalo is deliberately NOT matched by name: Zalo's in-app browser, where most of our
 * readers open links shared in commune groups, carries "Zalo" in its agent too. Zalo's
 * link-preview fetcher is caught only if it identifies as a bot/crawler/preview agent
 * (its exact agent string is not documented by Zalo).
 */
export const NON_READER_AGENTS: readonly { pattern: RegExp; why: string }[] = [
  // Googlebot, bingbot, coccocbot (Cốc Cốc), Applebot, Twitterbot, TelegramBot, Discordbot,
  // UptimeRobot …; "Cubot" is a phone brand, not a robot.
  { pattern: /(?<!cu)bot\b/i, why: 'self-declared robots' },
  { pattern: /crawl|spider|slurp|scraper/i, why: 'crawlers (Baiduspider, Bytespider, Yahoo Slurp …)' },
  { pattern: /facebookexternalhit|facebookcatalog|meta-external/i, why: 'Facebook/Meta link previews and crawlers' },
  { pattern: /preview|whatsapp|viber|skypeuri|embedly|iframely/i, why: 'link-preview fetchers of chat apps' },
  { pattern: /google-(?:inspectiontool|read-aloud|pagerenderer|site-verification)|lighthouse|headlesschrome|pingdom|gtmetrix/i, why: 'tools and headless browsers' },
  { pattern: /^(?:curl|wget|httpie|python-|go-http-client|java\/|okhttp|node-fetch|node|undici|axios|libwww-perl|ruby|php)/i, why: 'scripts and HTTP libraries' },
  { pattern: /feedfetcher|feedly|newsblur|inoreader|rss/i, why: 'feed readers polling' },
];

export function isNonReader(userAgent: string | undefined): boolean {
  const ua = userAgent?.trim();
  if (!ua) return true;
  return NON_READER_AGENTS.some((a) => a.pattern.test(ua));
}

/** Browsers fetching a page in advance (link hover, search results) mark it; that is not a view. */
function isPrefetch(request: FastifyRequest): boolean {
  const h = request.headers;
  const purpose = `${h['sec-purpose'] ?? ''} ${h['purpose'] ?? ''} ${h['x-purpose'] ?? ''} ${h['x-moz'] ?? ''}`;
  return /prefetch|preview|prerender/i.test(purpose);
}

/** Whether this request is one person opening the article page. */
export function countsAsView(request: FastifyRequest): boolean {
  return request.method === 'GET' && !isPrefetch(request) && !isNonReader(request.headers['user-agent']);
}
