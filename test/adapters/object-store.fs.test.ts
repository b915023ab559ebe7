import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedObjectsRoute } from '../../adapters/fastify/signed-objects.route';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { signObjectUrl, verifyObjectUrl } from '../../adapters/local/signed-object-url';
import type { Clock } from '../../ports/clock.port';
import {
  describeObjectStoreContract,
  digest,
  noise,
  readAll,
} from '../contracts/object-store.contract';
import { capturingLogger } from '../support/capturing-logger';
import { tempDir } from '../support/temp-dir';

const SECRET = 'a test secret that is long enough to be taken seriously';
const HOUR_AGO: Clock = { now: () => new Date(Date.now() - 3_600_000) };

/** The signed-URL route on a real loopback server, serving whichever store the test made last. */
let server: FastifyInstance;
let baseUrl: string;
let current: FsObjectStore;
const access = capturingLogger();

beforeAll(async () => {
  server = Fastify();
  await server.register(signedObjectsRoute, {
    objects: { get: (key) => current.get(key), head: (key) => current.head(key) },
    verify: (key, expires, signature) => current.verifySignedUrl(key, expires, signature),
    logger: access.logger, // ACCESS_LOG left at its default: errors
  });
  baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});

const fsStore = (root: string, clock?: Clock) =>
  new FsObjectStore({ root, publicBaseUrl: baseUrl, signingSecret: SECRET, clock });

const flipLastHexDigit = (hex: string) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');

describeObjectStoreContract('filesystem', () => {
  const dir = tempDir('objects-fs-');
  current = fsStore(dir.path);
  const past = fsStore(dir.path, HOUR_AGO);
  return {
    objects: current,
    presignExpired: (key) => past.presignGet(key, 60),
    tamper: (url) => {
      const parsed = new URL(url);
      parsed.searchParams.set('signature', flipLastHexDigit(parsed.searchParams.get('signature')!));
      return parsed.toString();
    },
    close: () => dir.remove(),
  };
});

describe('FsObjectStore on disk', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: FsObjectStore;
  beforeEach(() => {
    dir = tempDir('objects-fs-');
    store = fsStore(dir.path);
    current = store;
  });
  afterEach(() => dir.remove());

  const invalidKeys: [string, string][] = [
    ['empty', ''],
    ['absolute', '/etc/passwd'],
    ['a .. segment', 'a/../../b'],
    ['only ..', '..'],
    ['a . segment', 'a/./b'],
    ['an empty segment', 'a//b'],
    ['a trailing slash', 'a/b/'],
    ['a backslash', 'a\\..\\b'],
    ['a NUL', 'a\0b'],
    ['more than 1024 bytes', `${'abc/'.repeat(256)}x`],
    ['a segment over 254 bytes', `d/${'x'.repeat(255)}`],
  ];

  it.each(invalidKeys)('refuses a key with %s before touching the disk', async (_, key) => {
    const refused = { code: 'VALIDATION.FAILED', details: { issues: [{ path: 'key' }] } };
    await expect(store.put(key, 'x')).rejects.toMatchObject(refused);
    await expect(store.get(key)).rejects.toMatchObject(refused);
    await expect(store.head(key)).rejects.toMatchObject(refused);
    await expect(store.delete(key)).rejects.toMatchObject(refused);
    await expect(store.presignGet(key, 60)).rejects.toMatchObject(refused);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it.each(['/abs', 'a/../b', 'a//', 'a\\b', 'a\0'])(
    'refuses the list prefix %j',
    async (prefix) => {
      await expect(store.list(prefix, { limit: 5 })).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
        details: { issues: [{ path: 'prefix' }] },
      });
    },
  );

  it('accepts any other key, including names the store itself uses on disk', async () => {
    const keys = [
      'tmp',
      'blobs/x',
      'keys',
      'm',
      'd/m',
      '...',
      'a b/ü €',
      `${'k'.repeat(200)}/`.repeat(5) + 'k'.repeat(19),
    ];
    for (const key of keys) await store.put(key, key);
    for (const key of keys) {
      const found = await store.get(key);
      expect(found?.info.key).toBe(key);
      await readAll(found!.body);
    }
    expect(Buffer.byteLength(keys.at(-1)!)).toBe(1024);
    expect((await store.list('', { limit: 100 })).items.map((item) => item.key).sort()).toEqual(
      [...keys].sort(),
    );
  });

  it('holds keys a plain directory tree cannot (a and a/b) and lists in UTF-8 byte order', async () => {
    // s3rver walks its directories, so it disagrees with S3 on these: they are checked here.
    const keys = ['a', 'a-c', 'a/b', 'a/b/c', 'ﬀ', '😀'];
    for (const key of [...keys].reverse()) await store.put(key, key);
    expect((await store.list('', { limit: 100 })).items.map((item) => item.key)).toEqual(keys);
    const oneByOne: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list('', { limit: 1, cursor });
      oneByOne.push(...page.items.map((item) => item.key));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(oneByOne).toEqual(keys);
    expect((await store.list('a/', { limit: 100 })).items.map((item) => item.key)).toEqual([
      'a/b',
      'a/b/c',
    ]);
  });

  it('keeps the previous version whole when a body fails midway, and leaves no litter', async () => {
    const first = await store.put('doc', 'the first version');
    async function* failing() {
      yield new Uint8Array(100_000);
      throw new Error('client went away');
    }
    await expect(store.put('doc', failing())).rejects.toThrow('client went away');
    await expect(store.put('fresh', failing())).rejects.toThrow('client went away');
    expect(await store.head('doc')).toEqual(first);
    expect((await readAll((await store.get('doc'))!.body)).toString()).toBe('the first version');
    expect(await store.head('fresh')).toBeNull();
    expect(await readdir(join(dir.path, 'tmp'))).toEqual([]);
  });

  // S3 promises atomic PUTs itself, and s3rver writes in place, so this is proven where the
  // code is ours: racing writers leave one whole version, and a reader never sees a mix.
  it('leaves one whole version when writers race, and readers meanwhile see whole ones', async () => {
    const size = 512 * 1024;
    const seeds = [11, 12, 13, 14];
    const versions = await Promise.all(seeds.map((seed) => digest(noise(size, seed))));
    await store.put('race', noise(size, 10));
    versions.push(await digest(noise(size, 10)));
    const reads: Promise<{ size: number; sha256: string }>[] = [];
    const writes = seeds.map(async (seed) => {
      reads.push(store.get('race').then((found) => digest(found!.body)));
      await store.put('race', noise(size, seed));
    });
    await Promise.all(writes);
    for (const read of await Promise.all(reads)) expect(versions).toContainEqual(read);
    const found = await store.get('race');
    expect(versions).toContainEqual(await digest(found!.body));
    expect((await store.head('race'))?.etag).toBe(found!.info.etag);
    const blobDirs = await readdir(join(dir.path, 'blobs'));
    const blobs = await Promise.all(blobDirs.map((d) => readdir(join(dir.path, 'blobs', d))));
    expect(blobs.flat()).toHaveLength(1);
  });

  it('streams a body out in chunks rather than in one read', async () => {
    await store.put('big', new Uint8Array(1024 * 1024));
    let chunks = 0;
    for await (const _ of (await store.get('big'))!.body) chunks += 1;
    expect(chunks).toBeGreaterThan(1);
  });

  it('removes the files and the emptied directories of a deleted key', async () => {
    await store.put('x/y/z', 'deep');
    await store.put('x/y/z', 'deeper');
    await store.delete('x/y/z');
    expect(await readdir(join(dir.path, 'keys'))).toEqual([]);
    const blobDirs = await readdir(join(dir.path, 'blobs'));
    const blobs = await Promise.all(blobDirs.map((d) => readdir(join(dir.path, 'blobs', d))));
    expect(blobs.flat()).toEqual([]);
  });

  it('refuses a presign expiry outside 1 s to 7 days', async () => {
    await store.put('k', 'v');
    for (const seconds of [0, -1, 1.5, 7 * 24 * 3600 + 1]) {
      await expect(store.presignGet('k', seconds)).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
    }
  });
});

describe('signed object URLs', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: FsObjectStore;
  beforeEach(async () => {
    dir = tempDir('objects-fs-');
    store = fsStore(dir.path);
    current = store;
    await store.put('docs/a.txt', 'document A', { contentType: 'text/plain' });
    await store.put('docs/b.txt', 'document B', { contentType: 'text/plain' });
  });
  afterEach(() => dir.remove());

  const expectRefusal = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { requestId: unknown };
    expect(body).toEqual({
      error: { code, message: expect.any(String) },
      requestId: response.headers.get('x-request-id'),
    });
    expect(body.requestId).toEqual(expect.any(String));
  };

  it('serves the object with its type, length, etag and no-sniff headers', async () => {
    const response = await fetch(await store.presignGet('docs/a.txt', 60));
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain',
      'content-length': '10',
      etag: (await store.head('docs/a.txt'))!.etag,
      'x-content-type-options': 'nosniff',
    });
    expect(await response.text()).toBe('document A');
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(await store.presignGet('docs/a.txt', 60), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('10');
    expect(await response.text()).toBe('');
  });

  it('says expired only for a URL it issued, in the error shape, with the request id', async () => {
    const url = await fsStore(dir.path, HOUR_AGO).presignGet('docs/a.txt', 60);
    const response = await fetch(url, { headers: { 'x-request-id': 'req-42' } });
    await expectRefusal(response, 403, 'OBJECT.URL_EXPIRED');
    expect(response.headers.get('x-request-id')).toBe('req-42');
  });

  it('writes an access line for a refusal, none for a download (ACCESS_LOG=errors)', async () => {
    const seen = () =>
      access.lines.filter((line) => line.msg === 'request completed').map((line) => line.requestId);
    const before = seen().length;
    const ok = await fetch(await store.presignGet('docs/a.txt', 60), {
      headers: { 'x-request-id': 'req-ok' },
    });
    await ok.arrayBuffer();
    const expired = await fetch(await fsStore(dir.path, HOUR_AGO).presignGet('docs/a.txt', 60), {
      headers: { 'x-request-id': 'req-refused' },
    });
    await expired.arrayBuffer();
    await expect.poll(() => seen().slice(before)).toEqual(['req-refused']);
    expect(access.lines.at(-1)).toMatchObject({ status: 403, method: 'GET' });
  });

  it('refuses a moved expiry, another key, a missing signature or another secret', async () => {
    const url = new URL(await store.presignGet('docs/a.txt', 60));
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const otherKey = new URL(url);
    otherKey.pathname = '/objects/docs/b.txt';
    const unsigned = new URL(url);
    unsigned.searchParams.delete('signature');
    const expires = Math.floor(Date.now() / 1000) + 60;
    const foreign = signObjectUrl('another secret entirely', baseUrl, 'docs/a.txt', expires);
    for (const forged of [later.toString(), otherKey.toString(), unsigned.toString(), foreign]) {
      await expectRefusal(await fetch(forged), 403, 'OBJECT.URL_INVALID');
    }
  });

  it('answers 404 in the error shape when a validly signed object is gone', async () => {
    const url = await store.presignGet('docs/a.txt', 60);
    await store.delete('docs/a.txt');
    await expectRefusal(await fetch(url), 404, 'OBJECT.NOT_FOUND');
  });

  it('verifies a URL until its expiry second has passed', () => {
    const at = (seconds: number) => new Date(seconds * 1000);
    const url = new URL(signObjectUrl(SECRET, 'http://x', 'k', 1000));
    const signature = url.searchParams.get('signature')!;
    expect(url.pathname).toBe('/objects/k');
    expect(verifyObjectUrl(SECRET, 'k', '1000', signature, at(1000))).toBe('valid');
    expect(verifyObjectUrl(SECRET, 'k', '1000', signature, at(1000.001))).toBe('expired');
    expect(verifyObjectUrl(SECRET, 'k', '1001', signature, at(999))).toBe('invalid');
    expect(verifyObjectUrl(SECRET, 'k', '1000', signature.toUpperCase(), at(999))).toBe('invalid');
    expect(verifyObjectUrl(SECRET, 'k', undefined, signature, at(999))).toBe('invalid');
  });
});
