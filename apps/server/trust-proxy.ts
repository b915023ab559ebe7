import { isIP } from 'node:net';
import { ConfigError } from '../config/read-env';

/**
 * Which proxies the server believes about the client's address (Fastify's `trustProxy`):
 * `false`, none (the socket's address is the client's); `true`, every hop (the first address in
 * X-Forwarded-For, whoever wrote it); addresses and CIDRs, those proxies only.
 */
export type TrustProxy = boolean | string[];

/** The ranges proxy-addr (Fastify's) knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const problem = (detail: string) =>
  new ConfigError(
    `Invalid configuration: TRUST_PROXY: ${detail}; use false, true or a comma list of the proxies' addresses or CIDRs such as 10.0.0.0/8,::1`,
  );

/** One proxy entry: an address, an address/prefix, or one of the named ranges. */
const checkEntry = (entry: string): string => {
  if (NAMED_RANGES.has(entry)) return entry;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) throw problem(`"${entry}" is not an address or CIDR`);
  if (prefix !== undefined) {
    const bits = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) {
      throw problem(`"${entry}" has a prefix length outside 0-${bits}`);
    }
  }
  return entry;
};

/**
 * TRUST_PROXY, parsed strictly: a typo must stop start-up rather than silently trust nobody or,
 * worse, everybody. Unset or `false`: no proxy is trusted, since a server reached straight from
 * the internet that believed X-Forwarded-For would let every client pick its own address (and
 * with it its rate-limit allowance).
 */
export const parseTrustProxy = (value: string | undefined): TrustProxy => {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  // Fastify 5 reads a hop count as "trust nobody" (it cannot tell the nearest hop from a client
  // that reached the server directly), so a number would silently do nothing: refused instead.
  if (/^\d+$/.test(text)) throw problem(`a hop count (${text}) is not supported by Fastify 5`);
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) throw problem(`"${text}" has an empty entry`);
  return entries.map(checkEntry);
};
