/**
 * Offline URL canonicalisation, shared by co-link detection and the grouping of reports that
 * point at the same page. Two links point at the same page when their canonical forms are
 * equal; nothing is fetched (shorteners are not resolved, except youtu.be, which is a fixed
 * rewrite).
 *
 * Rules: scheme and host are lower-cased and `http` becomes `https`; the `www.`, `m.`,
 * `mobile.` and `amp.` host prefixes are dropped; AMP paths (`/amp`, `/amp/`, `.amp`) and
 * AMP-cache hosts (`*.cdn.ampproject.org/c/s/…`) map to the page itself; default ports,
 * fragments, tracking parameters (utm_*, fbclid, gclid, …) and trailing slashes are removed;
 * `youtu.be/ID` becomes `youtube.com/watch?v=ID`; the remaining query parameters are sorted.
 * An empty or blank value is not a link.
 */

const trackingParameters = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'yclid',
  '_ga', '_gl', 'ref_src', 'ref_url', 'cmpid', 'ocid', 'spm', 'si', 'feature', 'amp', 's_cid',
  'mkt_tok', 'vero_id', 'oly_anon_id', 'oly_enc_id', '__twitter_impression', 'ncid', 'sr_share',
]);

const hostPrefixes = /^(?:www\d?|m|mobile|amp)\./;

/**
 * Returns the canonical form of `raw`, or `undefined` when `raw` is empty or blank. Values
 * that are not absolute http(s) URLs (anonymised ids, bare words) are returned trimmed, so
 * that pre-anonymised link ids still match each other.
 */
export function canonicalizeUrl(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#:]|$)/i.test(trimmed)
      ? `https://${trimmed}`
      : undefined;
  if (withScheme === undefined) return trimmed;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return trimmed;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return trimmed;
  let host = url.hostname.toLowerCase().replace(/\.$/, '');
  let path = url.pathname;
  // Google's AMP cache serves https://example-com.cdn.ampproject.org/c/s/example.com/page.
  const ampCache = /^\/[cv]\/(?:s\/)?([^/]+)(\/.*)?$/.exec(path);
  if (host.endsWith('.cdn.ampproject.org') && ampCache?.[1] !== undefined) {
    host = ampCache[1].toLowerCase();
    path = ampCache[2] ?? '/';
  }
  while (hostPrefixes.test(host) && host.split('.').length > 2) host = host.replace(hostPrefixes, '');
  path = path.replace(/\/amp\/?$/i, '/').replace(/\.amp(\.html?)?$/i, '$1').replace(/\/{2,}/g, '/');
  path = path.replace(/\/+$/, '');
  const parameters = [...url.searchParams.entries()];
  if (host === 'youtu.be' && path.length > 1) {
    parameters.push(['v', path.slice(1)]);
    host = 'youtube.com';
    path = '/watch';
  }
  const kept = parameters
    .filter(([name]) => !name.toLowerCase().startsWith('utm_') && !trackingParameters.has(name.toLowerCase()))
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = kept.length === 0 ? '' : `?${new URLSearchParams(kept).toString()}`;
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  return `https://${host}${port}${path}${query}`;
}
