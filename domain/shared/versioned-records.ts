import type { RecordStore, StoredRecord } from '../../ports/record-store.port';

/** How many times a read-decide-write is tried against concurrent writers before giving up. */
const MAX_ATTEMPTS = 100;

/** Full jitter between attempts, so racing writers spread apart instead of colliding again. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt)));

/**
 * Read, decide, write conditionally on the version read; again on a conflict. `decide` returns
 * the next value, or the value it was given to write nothing. Resolves with what is stored.
 */
export const updateRecord = async <T>(
  docs: RecordStore,
  collection: string,
  id: string,
  decide: (before: T | null) => T,
): Promise<StoredRecord<T>> => {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await pause(attempt);
    const before = await docs.get<T>(collection, id);
    const after = decide(before?.value ?? null);
    if (before && after === before.value) return before;
    const version = await docs.put(collection, id, after, before?.version ?? null);
    if (version !== null) return { value: after, version };
  }
  throw new Error(`${collection}/${id} kept changing under ${MAX_ATTEMPTS} attempts to update it`);
};

/** Writes `value` unless a record is there; resolves with whether this call created it. */
export const createIfAbsent = async <T>(
  docs: RecordStore,
  collection: string,
  id: string,
  value: T,
): Promise<boolean> => (await docs.put(collection, id, value, null)) !== null;
