/**
 * A browser for an identity provider on a loopback port: keeps cookies, follows redirects by hand, and stops
 * at the first URL on Laurel's host (the callback), which it returns instead of following.
 */
export async function browseUntil(start: string, stopHost: string, jar = new Map<string, string>()): Promise<URL> {
  let url = new URL(start);
  for (let hop = 0; hop < 20; hop++) {
    if (url.host === stopHost) return url;
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`the identity provider stopped at ${url.href} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.body?.cancel();
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}
