import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod/mini';
import { InvalidCursorError, ValidationError } from '../../domain/shared/domain-error';
import { assertPresignExpiry, DEFAULT_CONTENT_TYPE } from '../../domain/shared/object-rules';
import { decodeCursor, encodeCursor, type Page } from '../../domain/shared/pagination';
import type { Clock } from '../../ports/clock.port';
import type {
  ObjectBody,
  ObjectInfo,
  ObjectStore,
  PutObjectOptions,
} from '../../ports/object-store.port';
import { keysAfter, pruneEmptyDirectories, sidecarPathOf } from './key-tree.fs';
import { assertObjectKey, assertObjectPrefix } from './object-key';
import { type SignedUrlVerdict, signObjectUrl, verifyObjectUrl } from './signed-object-url';

const MAX_LIST_LIMIT = 1000;

/** What a key's sidecar holds: the object's description and the blob holding its bytes. */
interface Sidecar {
  v: 1;
  key: string;
  blob: string;
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: string;
}

export interface FsObjectStoreOptions {
  /** Everything lives under here (the server uses DATA_DIR/objects). */
  root: string;
  /** Where the server answers, e.g. `https://api.example.com`; presigned URLs start with it. */
  publicBaseUrl: string;
  /** Key of the HMAC that signs presigned URLs; whoever holds it can mint them. */
  signingSecret: string | Uint8Array;
  clock?: Clock;
}

const cursorSchema = z.object({ p: z.string(), k: z.string() });

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

const chunksOf = (body: ObjectBody): Iterable<Uint8Array> | AsyncIterable<Uint8Array> =>
  typeof body === 'string'
    ? [Buffer.from(body, 'utf8')]
    : body instanceof Uint8Array
      ? [body]
      : body;

const lowerCaseKeys = (metadata: Record<string, string>) =>
  Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value]));

const toInfo = (sidecar: Sidecar): ObjectInfo => ({
  key: sidecar.key,
  size: sidecar.size,
  etag: sidecar.etag,
  contentType: sidecar.contentType,
  lastModified: new Date(sidecar.lastModified),
  metadata: { ...sidecar.metadata },
});

/**
 * Makes a rename or unlink durable before the next step relies on it. Best effort: some
 * platforms (Windows) cannot open a directory, and there the rename is atomic all the same.
 */
const syncDirectory = async (path: string) => {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // not supported here; see above
  } finally {
    await handle?.close().catch(() => undefined);
  }
};

/**
 * Objects as files under `root`, for the embedded server.
 *
 * Layout (each name is chosen so that no key can collide with another key or with the
 * store's own files, whatever its segments are):
 *   tmp/                         bodies and sidecars being written: a crash leaves only litter here
 *   blobs/<2 hex>/<uuid>         object bodies, immutable once written
 *   keys/d<seg>/.../m<last seg>  one JSON sidecar per key (./key-tree.fs); renaming it into
 *                                place commits a put
 * A reader sees the old object or the new one, never a mix: the sidecar names an
 * immutable blob, and a blob is deleted only once no committed sidecar names it.
 *
 * Writes of one key are serialised in this process; several processes must not share a
 * root. On a case-insensitive filesystem (macOS default) keys differing only by case collide.
 */
export class FsObjectStore implements ObjectStore {
  readonly root: string;
  private readonly tmpDir: string;
  private readonly blobsDir: string;
  private readonly keysDir: string;
  private readonly publicBaseUrl: string;
  private readonly secret: string | Uint8Array;
  private readonly clock: Clock;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(options: FsObjectStoreOptions) {
    this.root = options.root;
    this.tmpDir = join(options.root, 'tmp');
    this.blobsDir = join(options.root, 'blobs');
    this.keysDir = join(options.root, 'keys');
    this.publicBaseUrl = options.publicBaseUrl;
    this.secret = options.signingSecret;
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async put(key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<ObjectInfo> {
    assertObjectKey(key);
    const written = await this.writeBlob(body);
    const sidecar: Sidecar = {
      v: 1,
      key,
      ...written,
      contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
      metadata: lowerCaseKeys(options.metadata ?? {}),
      lastModified: this.clock.now().toISOString(),
    };
    await this.exclusive(key, async () => {
      const previous = await this.readSidecar(key);
      try {
        await this.commitSidecar(sidecar);
      } catch (error) {
        await this.removeBlob(written.blob);
        throw error;
      }
      if (previous) await this.removeBlob(previous.blob);
    });
    return toInfo(sidecar);
  }

  async get(key: string): Promise<{ info: ObjectInfo; body: AsyncIterable<Uint8Array> } | null> {
    assertObjectKey(key);
    // An overwrite may delete the blob between reading the sidecar and opening the blob:
    // read the sidecar again. Once open, the body is that version even if replaced meanwhile.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const sidecar = await this.readSidecar(key);
      if (!sidecar) return null;
      let handle: FileHandle;
      try {
        handle = await open(this.blobPath(sidecar.blob), 'r');
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue;
        throw error;
      }
      return { info: toInfo(sidecar), body: handle.createReadStream() };
    }
    throw new Error(`The object ${JSON.stringify(key)} kept changing while being opened.`);
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertObjectKey(key);
    const sidecar = await this.readSidecar(key);
    return sidecar && toInfo(sidecar);
  }

  async list(
    prefix: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ObjectInfo>> {
    assertObjectPrefix(prefix);
    if (!Number.isInteger(page.limit) || page.limit < 1) {
      throw new ValidationError([{ path: 'limit', message: 'The limit must be an integer >= 1.' }]);
    }
    const limit = Math.min(page.limit, MAX_LIST_LIMIT);
    const after = page.cursor === undefined ? undefined : this.readCursor(page.cursor, prefix);
    const items: ObjectInfo[] = [];
    let more = false;
    for await (const key of keysAfter(this.keysDir, prefix, after)) {
      if (items.length === limit) {
        more = true;
        break;
      }
      const sidecar = await this.readSidecar(key);
      if (sidecar) items.push(toInfo(sidecar));
    }
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor({ p: prefix, k: last.key }) : null };
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.exclusive(key, async () => {
      const sidecar = await this.readSidecar(key);
      if (!sidecar) return;
      const path = this.sidecarPath(key);
      await rm(path, { force: true });
      await syncDirectory(dirname(path));
      await this.removeBlob(sidecar.blob);
      await pruneEmptyDirectories(this.keysDir, dirname(path));
    });
  }

  /** A URL the embedded server's GET /objects/* route serves (adapters/fastify). */
  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    assertObjectKey(key);
    assertPresignExpiry(expiresInSeconds);
    const expires = Math.floor(this.clock.now().getTime() / 1000) + expiresInSeconds;
    return signObjectUrl(this.secret, this.publicBaseUrl, key, expires);
  }

  /** Whether the query of a URL for `key` is one this store signed, and still in date. */
  verifySignedUrl(
    key: string,
    expires: string | undefined,
    signature: string | undefined,
  ): SignedUrlVerdict {
    return verifyObjectUrl(this.secret, key, expires, signature, this.clock.now());
  }

  private sidecarPath(key: string): string {
    return sidecarPathOf(this.keysDir, key);
  }

  private blobPath(blob: string): string {
    return join(this.blobsDir, blob.slice(0, 2), blob);
  }

  /** Streams the body to a temp file while hashing it, then moves it among the blobs. */
  private async writeBlob(body: ObjectBody): Promise<{ blob: string; size: number; etag: string }> {
    const blob = randomUUID();
    const temp = join(this.tmpDir, blob);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.byteLength;
        done(null, chunk);
      },
    });
    await mkdir(this.tmpDir, { recursive: true });
    try {
      // flush: the bytes are on disk before any sidecar can point at them.
      await pipeline(
        Readable.from(chunksOf(body)),
        meter,
        createWriteStream(temp, { flags: 'wx', flush: true }),
      );
      const target = this.blobPath(blob);
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
      await syncDirectory(dirname(target));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { blob, size, etag: `"${hash.digest('hex')}"` };
  }

  /** Writes the sidecar aside, then renames it over the key's: the one atomic step of a put. */
  private async commitSidecar(sidecar: Sidecar): Promise<void> {
    const temp = join(this.tmpDir, `${randomUUID()}.json`);
    const target = this.sidecarPath(sidecar.key);
    await writeFile(temp, JSON.stringify(sidecar), { flag: 'wx', flush: true });
    try {
      // A delete of a sibling key may remove the (then empty) directory between mkdir and rename.
      for (let attempt = 1; ; attempt += 1) {
        await mkdir(dirname(target), { recursive: true });
        try {
          await rename(temp, target);
          break;
        } catch (error) {
          if (errorCode(error) !== 'ENOENT' || attempt === 5) throw error;
        }
      }
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    // Durable before the previous blob goes, or a power cut could bring back a sidecar
    // naming a deleted blob.
    await syncDirectory(dirname(target));
  }

  private async readSidecar(key: string): Promise<Sidecar | null> {
    try {
      return JSON.parse(await readFile(this.sidecarPath(key), 'utf8')) as Sidecar;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw error;
    }
  }

  /** Losing this only wastes space: nothing names the blob any more. */
  private async removeBlob(blob: string): Promise<void> {
    await rm(this.blobPath(blob), { force: true }).catch(() => undefined);
  }

  private readCursor(cursor: string, prefix: string): string {
    const { p, k } = decodeCursor(cursor, cursorSchema);
    if (p !== prefix || !k.startsWith(prefix)) throw new InvalidCursorError();
    return k;
  }

  /** Runs `task` after every earlier task on the same key has settled. */
  private async exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}
