import type { HttpResponse } from './http-types';

/**
 * Headers every API response carries, on every door (the server, Lambda, Azure alike):
 * - nosniff: a browser never runs a JSON or CSV answer as a script or page;
 * - no-referrer: links in our answers leak nothing of the API's URLs;
 * - on JSON: no-store (answers hold user data and must not sit in shared caches) and a CSP
 *   that lets nothing load or frame it, should a browser render it.
 * A route's own cache-control or CSP wins.
 */
export const addSecurityHeaders = (response: HttpResponse): void => {
  const headers = response.headers;
  headers['x-content-type-options'] = 'nosniff';
  headers['referrer-policy'] ??= 'no-referrer';
  if (headers['content-type']?.startsWith('application/json')) {
    headers['cache-control'] ??= 'no-store';
    headers['content-security-policy'] ??= "default-src 'none'; frame-ancestors 'none'";
  }
};
