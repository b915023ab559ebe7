import type { RecordStore, StoredRecord } from '../../../ports/record-store.port';
import { isStatus } from '../storage-errors';
import { escapeKey, type PartitionLayout } from './table-keys';
import type { TableStore } from './table-store';

const DOC_PREFIX = 'doc|';

export const recordPartitions: readonly PartitionLayout[] = [
  {
    name: 'messaging record',
    prefix: DOC_PREFIX,
    rows: ['<id>: a record of the collection the partition names, {value, version}'],
  },
];

const partitionOf = (collection: string) => DOC_PREFIX + escapeKey(collection);

/**
 * A record per entity (partition `doc|<collection>`, row the id). Table Storage's ETag makes
 * the conditional write; the version is kept beside it for the domain.
 */
export class TableRecordStore implements RecordStore {
  constructor(private readonly store: TableStore) {}

  async get<T>(collection: string, id: string): Promise<StoredRecord<T> | null> {
    const entity = await this.store.read(partitionOf(collection), escapeKey(id));
    return entity
      ? { value: JSON.parse(entity.value as string) as T, version: entity.version as number }
      : null;
  }

  async put<T>(
    collection: string,
    id: string,
    value: T,
    expectedVersion: number | null,
  ): Promise<number | null> {
    const partitionKey = partitionOf(collection);
    const rowKey = escapeKey(id);
    const version = (expectedVersion ?? 0) + 1;
    const entity = {
      partitionKey,
      rowKey,
      kind: 'messaging-record',
      value: JSON.stringify(value),
      version,
    };
    try {
      if (expectedVersion === null) {
        await this.store.records.createEntity(entity);
        return version;
      }
      const current = await this.store.read(partitionKey, rowKey);
      if (!current || current.version !== expectedVersion) return null;
      await this.store.records.updateEntity(entity, 'Replace', { etag: current.etag });
      return version;
    } catch (error) {
      // 409: created meanwhile; 412: changed since read.
      if (isStatus(error, 409, 412)) return null;
      throw error;
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    try {
      await this.store.records.deleteEntity(partitionOf(collection), escapeKey(id));
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
}
