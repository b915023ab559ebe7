import type { RecordStore, StoredRecord } from '../../ports/record-store.port';

/** Documents in a Map, copied in and out so callers never share a stored object. */
export class MemoryRecordStore implements RecordStore {
  private readonly docs = new Map<string, { text: string; version: number }>();

  async get<T>(collection: string, id: string): Promise<StoredRecord<T> | null> {
    const doc = this.docs.get(`${collection}\u0000${id}`);
    return doc ? { value: JSON.parse(doc.text) as T, version: doc.version } : null;
  }

  async put<T>(
    collection: string,
    id: string,
    value: T,
    expectedVersion: number | null,
  ): Promise<number | null> {
    const key = `${collection}\u0000${id}`;
    const current = this.docs.get(key)?.version ?? null;
    if (current !== expectedVersion) return null;
    const version = (current ?? 0) + 1;
    this.docs.set(key, { text: JSON.stringify(value), version });
    return version;
  }

  async delete(collection: string, id: string): Promise<void> {
    this.docs.delete(`${collection}\u0000${id}`);
  }
}
