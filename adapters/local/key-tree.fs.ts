import { readdir, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Keys as a directory tree in which no two keys, and no key and the tree itself, can collide:
 * each segment gets a one-letter tag, `d<seg>` for a directory and `m<seg>` for the file that
 * stands for the key. So `a` (file `ma`) and `a/b` (directory `da`, file `mb`) coexist as S3
 * allows and a plain tree cannot, and `..` or `tmp` are just names (`d..`, `mtmp`).
 */
export const sidecarPathOf = (root: string, key: string): string => {
  const segments = key.split('/');
  const last = segments.pop()!;
  return join(root, ...segments.map((segment) => `d${segment}`), `m${last}`);
};

const utf8Compare = (a: string, b: string) =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Depth-first in key order. Within a directory a file `m<s>` stands for the key `<s>` and a
 * directory `d<s>` for keys starting `<s>/`; sorting the entries on those strings orders every
 * key beneath exactly (a segment never holds `/`). Subtrees wholly at or before `after` are
 * skipped unread.
 */
async function* walk(
  dir: string,
  keyPrefix: string,
  partial: string,
  after: string | undefined,
): AsyncGenerator<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw error;
  }
  const entries: { sortKey: string; path: string | undefined }[] = [];
  for (const name of names) {
    const segment = name.slice(1);
    if (!segment.startsWith(partial)) continue;
    if (name.startsWith('m')) entries.push({ sortKey: keyPrefix + segment, path: undefined });
    else if (name.startsWith('d')) {
      entries.push({ sortKey: `${keyPrefix}${segment}/`, path: join(dir, name) });
    }
  }
  entries.sort((a, b) => utf8Compare(a.sortKey, b.sortKey));
  for (const { sortKey, path } of entries) {
    if (path === undefined) {
      if (after === undefined || utf8Compare(sortKey, after) > 0) yield sortKey;
    } else if (
      after === undefined ||
      after.startsWith(sortKey) ||
      utf8Compare(sortKey, after) > 0
    ) {
      yield* walk(path, sortKey, '', after);
    }
  }
}

/** Keys under `root` starting with `prefix` and sorting after `after`, in S3's order (UTF-8 bytes). */
export const keysAfter = (
  root: string,
  prefix: string,
  after: string | undefined,
): AsyncGenerator<string> => {
  const segments = prefix.split('/');
  const partial = segments.pop()!;
  const dir = join(root, ...segments.map((segment) => `d${segment}`));
  return walk(dir, segments.map((segment) => `${segment}/`).join(''), partial, after);
};

/** Removes `from` and its parents up to (not including) `root` while they are empty. */
export const pruneEmptyDirectories = async (root: string, from: string): Promise<void> => {
  for (let dir = from; dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty (ENOTEMPTY), or already gone: either way nothing above is empty
    }
  }
};
