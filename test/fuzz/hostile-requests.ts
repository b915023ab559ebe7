import fc from 'fast-check';
import type { Route } from '../../adapters/http/route';

/** A request as bytes a hostile client might put on the wire. */
export interface HostileRequest {
  method: string;
  /** Path and query, percent-encoded or not, as sent. */
  target: string;
  headers: [string, string][];
  body: Buffer | undefined;
}

const hex = (byte: number) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
/** Any bytes, percent-encoded: invalid UTF-8 and encoded surrogates included. */
const encodedBytes = fc.uint8Array({ maxLength: 24 }).map((bytes) => [...bytes].map(hex).join(''));

/** What a path parameter may be: plausible, empty, long, undecodable, traversal, encoded slashes. */
export const segment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('x', 'unknown', '0', '01a2b3c4-0000-7000-8000-000000000000'),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
  { weight: 2, arbitrary: encodedBytes.filter((s) => s.length > 0) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%zz',
      '%c0%ae',
      '%ed%a0%80',
      '%',
      '%2F',
      '..',
      '%2e%2e',
      '%00',
      ';a=b',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 90, max: 400 }).map((n) => 'a'.repeat(n)) },
);

const queryPart = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('limit', 'cursor', 'email', 'store', 'userId', 'status', '__proto__'),
      encodedBytes,
    ),
    fc.oneof(
      fc.constantFrom('1', '-1', '0', '1e309', 'NaN', '[]', '', 'a@b.c', 'pending'),
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
      encodedBytes,
    ),
  )
  .map(([k, v]) => `${k}=${v}`);
const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.array(queryPart, { minLength: 1, maxLength: 4 }).map((p) => `?${p.join('&')}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('?', '?&&', '?limit=1&limit=2', `?q=${'a'.repeat(3000)}`),
  },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset="latin1"',
  'application/vnd.api+json',
  'text/csv',
  'text/plain',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
  '',
  ';;;',
);

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const body = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          name: fc.oneof(fc.string(), fc.constant('\ud800x'), fc.constant(' '.repeat(200))),
          email: fc.oneof(fc.emailAddress(), fc.string()),
          age: fc.oneof(fc.integer(), fc.double(), fc.constant(null)),
          count: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53)),
          delta: fc.oneof(fc.integer(), fc.constant(-(2 ** 60))),
          status: fc.constantFrom('confirmed', 'paid', 'x'),
          version: fc.oneof(fc.integer(), fc.string()),
          userId: fc.string(),
          currency: fc.constantFrom('EUR', 'xxx', ''),
          items: fc.array(
            fc.record({ sku: fc.string(), quantity: fc.integer(), unitPrice: fc.integer() }),
            {
              maxLength: 2,
            },
          ),
          __proto__: fc.constant({ admin: true }),
        },
        { requiredKeys: [] },
      )
      .map((v) => Buffer.from(JSON.stringify(v))),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Buffer.from(deep(5000)),
      Buffer.from('{"name":"\\ud800"}'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xae, 0x22, 0x7d]),
      Buffer.from('store,item,count\nOslo,milk,1\n'),
      Buffer.from(
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nstore,item,count\r\n--x--\r\n',
      ),
      Buffer.from(`{"name":"${'a'.repeat(70_000)}"}`),
      Buffer.from('\ufeff{}'),
    ),
  },
);

const header = fc.oneof(
  fc.tuple(
    fc.constant('x-request-id'),
    fc.oneof(fc.string({ maxLength: 200 }), fc.constant('<script>'), fc.constant('a'.repeat(129))),
  ),
  fc.tuple(
    fc.constant('if-match'),
    fc.oneof(fc.constantFrom('*', '"1"', '"1", "2"', 'W/"1"', 'abc', '""'), fc.string()),
  ),
  fc.tuple(
    fc.constant('authorization'),
    fc.constantFrom('Bearer x', 'Basic YTpi', 'Bearer ak_aaaaaaaaaaaa_x', ''),
  ),
  fc.tuple(
    fc.constant('origin'),
    fc.constantFrom('https://app.example.com', 'null', 'https://evil.example'),
  ),
  fc.tuple(fc.constant('accept-encoding'), fc.constantFrom('gzip', 'br', '*')),
  fc.tuple(fc.constant('x-forwarded-for'), fc.constantFrom('1.2.3.4', 'garbage')),
);

/** Header values a socket can carry: Latin-1 visible characters only, no CR/LF. */
const safeHeaderValue = (value: string) => value.replace(/[^\x20-\x7e]/g, '?');

/** Hostile requests aimed at one route (its method most of the time, its path's shape always). */
export const hostileRequestFor = (route: Route): fc.Arbitrary<HostileRequest> =>
  fc
    .record({
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constant(route.method) },
        {
          weight: 2,
          arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
        },
        { weight: 1, arbitrary: fc.constantFrom('TRACE', 'PROPFIND', 'get', 'FOO') },
      ),
      segments: fc.array(segment, { minLength: 4, maxLength: 4 }),
      query,
      contentType: fc.option(contentType, { nil: undefined }),
      headers: fc.array(header, { maxLength: 3 }),
      body: fc.option(body, { nil: undefined, freq: 3 }),
      trailingSlash: fc.boolean(),
    })
    .map((r) => {
      let index = 0;
      const path = route.path.replace(/:\w+/g, () => r.segments[index++]!);
      const headers: [string, string][] = r.headers.map(([name, value]) => [
        name,
        safeHeaderValue(value),
      ]);
      if (r.contentType !== undefined) headers.push(['content-type', r.contentType]);
      return {
        method: r.method,
        target: `${path}${r.trailingSlash ? '/' : ''}${r.query}`,
        headers,
        body: r.body,
      };
    });
