import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../apps/server/config';

describe('TRUST_PROXY', () => {
  it('is off unless set: the socket address is the client', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('takes true, or the proxies as addresses, CIDRs and named ranges', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(
      loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.7,::1, fd00::/8,loopback ' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8', 'loopback']);
  });

  it.each([
    ['yes', '"yes" is not an address or CIDR'],
    ['10.0.0.300', '"10.0.0.300" is not an address or CIDR'],
    ['10.0.0.0/33', '"10.0.0.0/33" has a prefix length outside 0-32'],
    ['::1/129', '"::1/129" has a prefix length outside 0-128'],
    ['10.0.0.0/x', '"10.0.0.0/x" has a prefix length outside 0-32'],
    ['10.0.0.0/8/8', '"10.0.0.0/8/8" is not an address or CIDR'],
    ['10.0.0.1,,10.0.0.2', '"10.0.0.1,,10.0.0.2" has an empty entry'],
    ['1', 'a hop count (1) is not supported by Fastify 5'],
  ])('refuses %s with one line saying what is allowed', (value, detail) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
      `Invalid configuration: TRUST_PROXY: ${detail}; use false, true or a comma list of the proxies' addresses or CIDRs such as 10.0.0.0/8,::1`,
    );
  });
});
