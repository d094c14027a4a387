/** What a request tells about its sender, read only to decide whether (and how) to count it; never stored. */
export interface RequestSignal {
  userAgent?: string | undefined;
  /** `DNT` header. */
  dnt?: string | undefined;
  /** `Sec-GPC` header (Global Privacy Control). */
  gpc?: string | undefined;
  /** The client address: hashed with the day's salt for distinct viewers, then dropped. */
  address?: string | undefined;
}

/**
 * Crawlers, link previewers (LinkedIn, X, Facebook, Slack fetch the page when it is shared), headless
 * browsers and HTTP libraries. Their fetches are not views. An empty user agent is not a person either.
 */
const BOTS =
  /bot\b|bot\/|crawl|spider|slurp|preview|fetcher|facebookexternalhit|facebookcatalog|embedly|quora link|outbrain|pinterest|vkshare|w3c_validator|whatsapp|telegram|skypeuripreview|slack|discord|headless|phantomjs|puppeteer|playwright|selenium|lighthouse|pagespeed|curl\/|wget\/|python-requests|python-urllib|aiohttp|httpx|go-http-client|java\/|okhttp|node-fetch|undici|axios\/|libwww|scrapy|feedfetcher|monitor|uptime|pingdom|datadog|statuscake/i;

export function isBot(userAgent: string | undefined): boolean {
  const ua = (userAgent ?? '').trim();
  return ua.length === 0 || ua.length > 1000 || BOTS.test(ua);
}

/** Do-Not-Track or Global Privacy Control: the visitor asked not to be counted, so nothing is recorded. */
export function optedOut(signal: Pick<RequestSignal, 'dnt' | 'gpc'>): boolean {
  return signal.dnt?.trim() === '1' || signal.gpc?.trim() === '1';
}
