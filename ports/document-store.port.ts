/** A document as stored, with the version its next conditional write must name. */
export interface StoredDocument<T> {
  value: T;
  version: number;
}

/**
 * Small JSON documents by collection and id (a user's preferences, an export record, a
 * counter), each written conditionally on its version, so read-decide-write loops never lose
 * an update: `put` with `expectedVersion` null creates it only if absent.
 */
export interface DocumentStore {
  get<T>(collection: string, id: string): Promise<StoredDocument<T> | null>;
  /** Resolves with the new version, or null when the stored version is not `expectedVersion`. */
  put<T>(
    collection: string,
    id: string,
    value: T,
    expectedVersion: number | null,
  ): Promise<number | null>;
}
