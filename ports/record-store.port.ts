/** A record as stored, with the version its next conditional write must name. */
export interface StoredRecord<T> {
  value: T;
  version: number;
}

/**
 * Small JSON records by collection and id (a user's preferences, an export record, a
 * counter), each written conditionally on its version, so read-decide-write loops never lose
 * an update: `put` with `expectedVersion` null creates it only if absent.
 */
export interface RecordStore {
  get<T>(collection: string, id: string): Promise<StoredRecord<T> | null>;
  /** Resolves with the new version, or null when the stored version is not `expectedVersion`. */
  put<T>(
    collection: string,
    id: string,
    value: T,
    expectedVersion: number | null,
  ): Promise<number | null>;
  /** Removes it, whatever its version; nothing happens when it is absent. */
  delete(collection: string, id: string): Promise<void>;
}
