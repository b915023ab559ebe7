import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../ports/object-store.port';

export interface ObjectStoreHarness {
  objects: ObjectStore;
  /** A presigned GET for `key` on the same storage that has already expired. */
  presignExpired(key: string): Promise<string>;
  /** `url` altered the way a forger would; whoever serves the URLs must refuse the result. */
  tamper(url: string): string;
  close?: () => Promise<void> | void;
}

/** `size` bytes of deterministic noise, made as they are read (64 KiB at a time): no file. */
export async function* noise(size: number, seed = 1): AsyncGenerator<Uint8Array> {
  let x = seed;
  for (let sent = 0; sent < size; ) {
    const chunk = new Uint8Array(Math.min(64 * 1024, size - sent));
    for (let i = 0; i < chunk.length; i += 1) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk[i] = x & 0xff;
    }
    sent += chunk.length;
    yield chunk;
  }
}

/** Size and SHA-256 of a stream, read as it comes. */
export const digest = async (body: AsyncIterable<Uint8Array>) => {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest('hex') };
};

export const readAll = async (body: AsyncIterable<Uint8Array>): Promise<Buffer> => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
};

/** Over S3's 5 MiB part floor, so a streamed S3 upload goes up in more than one part. */
const LARGE = 6 * 1024 * 1024 + 1234;

/** What every ObjectStore promises, run against each adapter. */
export const describeObjectStoreContract = (
  name: string,
  create: () => Promise<ObjectStoreHarness> | ObjectStoreHarness,
) => {
  describe(`ObjectStore contract: ${name}`, () => {
    let h: ObjectStoreHarness;
    const bytesOf = async (key: string) => {
      const found = await h.objects.get(key);
      return found && readAll(found.body);
    };
    const keysOf = async (prefix: string) =>
      (await h.objects.list(prefix, { limit: 100 })).items.map((item) => item.key);

    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('round-trips text, every byte value, and an empty body', async () => {
      const binary = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) % 256);
      await h.objects.put('rt/text.txt', 'héllo wörld ✓');
      await h.objects.put('rt/binary.bin', binary);
      await h.objects.put('rt/empty', new Uint8Array(0));
      expect(await bytesOf('rt/text.txt')).toEqual(Buffer.from('héllo wörld ✓', 'utf8'));
      expect(await bytesOf('rt/binary.bin')).toEqual(Buffer.from(binary));
      expect(await bytesOf('rt/empty')).toEqual(Buffer.alloc(0));
      expect((await h.objects.head('rt/empty'))?.size).toBe(0);
    });

    it('streams a multi-megabyte body in and out without changing a byte', async () => {
      const sent = await digest(noise(LARGE, 7));
      const info = await h.objects.put('big/noise.bin', noise(LARGE, 7));
      expect(info.size).toBe(LARGE);
      const found = await h.objects.get('big/noise.bin');
      expect(found?.info).toMatchObject({ size: LARGE, etag: info.etag });
      expect(await digest(found!.body)).toEqual(sent);
    });

    it('keeps the content type and user metadata, with lower-case metadata names', async () => {
      await h.objects.put('meta/photo.png', new Uint8Array([137, 80, 78, 71]), {
        contentType: 'image/png',
        metadata: { Owner: 'ada', 'x-trace': 'abc-123' },
      });
      const expected = {
        contentType: 'image/png',
        metadata: { owner: 'ada', 'x-trace': 'abc-123' },
      };
      expect(await h.objects.head('meta/photo.png')).toMatchObject(expected);
      const photo = await h.objects.get('meta/photo.png');
      expect(photo?.info).toMatchObject(expected);
      // A body not read holds its file or socket open until garbage collection.
      await readAll(photo!.body);
      await h.objects.put('meta/plain', 'x');
      expect(await h.objects.head('meta/plain')).toMatchObject({
        contentType: 'application/octet-stream',
        metadata: {},
      });
    });

    it('describes an object without reading it, as put did', async () => {
      const before = Date.now();
      const put = await h.objects.put('head/a.txt', 'twelve bytes', { contentType: 'text/plain' });
      const head = await h.objects.head('head/a.txt');
      const { lastModified, ...rest } = put;
      expect(head).toMatchObject({ ...rest, key: 'head/a.txt', size: 12 });
      expect(head!.etag).not.toBe('');
      // Stores keep whole seconds (S3) or their own clock: compare loosely.
      for (const date of [lastModified, head!.lastModified]) {
        expect(Math.abs(date.getTime() - before)).toBeLessThan(60_000);
      }
    });

    it('answers null for a key it does not hold', async () => {
      expect(await h.objects.get('missing/key')).toBeNull();
      expect(await h.objects.head('missing/key')).toBeNull();
    });

    it('replaces the content on overwrite and changes the etag', async () => {
      const first = await h.objects.put('over/key', 'version one');
      const second = await h.objects.put('over/key', 'version two!', { contentType: 'text/plain' });
      expect(second.etag).not.toBe(first.etag);
      expect(await bytesOf('over/key')).toEqual(Buffer.from('version two!'));
      expect(await h.objects.head('over/key')).toMatchObject({
        etag: second.etag,
        size: 12,
        contentType: 'text/plain',
      });
    });

    it('lists a prefix in lexicographic key order, and nothing outside it', async () => {
      const inside = ['list/B', 'list/a/1', 'list/a/2', 'list/b', 'list/c.txt'];
      const outside = ['listing/x', 'other/list/a', 'lis'];
      for (const key of [...inside].reverse().concat(outside)) {
        await h.objects.put(key, key, { contentType: 'text/plain', metadata: { k: 'v' } });
      }
      const page = await h.objects.list('list/', { limit: 100 });
      expect(page.items.map((item) => item.key)).toEqual(inside);
      expect(page.nextCursor).toBeNull();
      // A summary: what the store's list call says by itself, equal to what head says of it.
      const head = await h.objects.head('list/B');
      expect(page.items[0]).toMatchObject({ key: 'list/B', size: 6, etag: head?.etag });
      expect(page.items[0]!.lastModified.getTime()).toBe(head?.lastModified.getTime());
      expect(await keysOf('list/a')).toEqual(['list/a/1', 'list/a/2']);
      expect(await keysOf('list')).toEqual([...inside, 'listing/x']);
      expect(await keysOf('')).toEqual(['lis', ...inside, 'listing/x', 'other/list/a']);
      expect(await keysOf('nothing/')).toEqual([]);
    });

    it('pages through more objects than the limit, each once, with an opaque cursor', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => `page/${String(i).padStart(2, '0')}`);
      for (const key of [...keys].reverse()) await h.objects.put(key, key);
      await h.objects.put('pages-after', 'outside the prefix');
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.objects.list('page/', { limit: 10, cursor });
        sizes.push(page.items.length);
        seen.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor ?? undefined;
        if (cursor) expect(cursor).not.toContain('page/');
      } while (cursor);
      expect(sizes).toEqual([10, 10, 5]);
      expect(seen).toEqual(keys);
    });

    it('rejects a cursor it did not issue, or one issued for another prefix', async () => {
      for (const key of ['p/1', 'p/2', 'q/1', 'q/2']) await h.objects.put(key, key);
      const issued = (await h.objects.list('p/', { limit: 1 })).nextCursor!;
      expect(issued).toEqual(expect.any(String));
      const forged = ['garbage', Buffer.from('{"x":1}').toString('base64url')];
      for (const cursor of forged) {
        await expect(h.objects.list('p/', { limit: 1, cursor })).rejects.toMatchObject({
          code: 'PAGINATION.INVALID_CURSOR',
        });
      }
      await expect(h.objects.list('q/', { limit: 1, cursor: issued })).rejects.toMatchObject({
        code: 'PAGINATION.INVALID_CURSOR',
      });
    });

    it('deletes, and deleting an absent key is not an error', async () => {
      await h.objects.put('del/a', 'a');
      await h.objects.put('del/b', 'b');
      await h.objects.delete('del/a');
      expect(await h.objects.get('del/a')).toBeNull();
      expect(await h.objects.head('del/a')).toBeNull();
      expect(await keysOf('del/')).toEqual(['del/b']);
      await expect(h.objects.delete('del/a')).resolves.toBeUndefined();
      await expect(h.objects.delete('del/never-was')).resolves.toBeUndefined();
      await h.objects.put('del/a', 'again');
      expect(await bytesOf('del/a')).toEqual(Buffer.from('again'));
    });

    it('presigns a GET that plain fetch follows to the exact bytes', async () => {
      const key = 'shared/report 2026 – ü.bin';
      const body = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) % 256);
      await h.objects.put(key, body, { contentType: 'application/x-report' });
      const url = await h.objects.presignGet(key, 60);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-report');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(body));
    });

    it('refuses an expired or tampered presigned URL', async () => {
      await h.objects.put('shared/secret.txt', 'not for you');
      const expired = await fetch(await h.presignExpired('shared/secret.txt'));
      expect(expired.status).toBe(403);
      expect(await expired.text()).not.toContain('not for you');
      const tampered = await fetch(h.tamper(await h.objects.presignGet('shared/secret.txt', 60)));
      expect(tampered.status).toBe(403);
      expect(await tampered.text()).not.toContain('not for you');
    });
  });
};
