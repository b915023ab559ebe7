import type { TableEntityResult } from '@azure/data-tables';
import { type ApiKeyRecord, apiKeyRecordSchema } from '../../../domain/access/api-key';
import { readStored } from '../../../domain/shared/stored-record';
import type { ApiKeyStore } from '../../../ports/api-key-store.port';
import { isStatus } from '../storage-errors';
import { escapeKey, type PartitionLayout } from './table-keys';
import type { TableStore } from './table-store';

/** Every key in one partition: tens of keys, read by id, listed by one partition query. */
const PARTITION = 'apikeys';
const ROW_PREFIX = 'key|';
const rowOf = (id: string) => ROW_PREFIX + escapeKey(id);

export const apiKeyPartitions: readonly PartitionLayout[] = [
  { name: 'api-key', prefix: PARTITION, rows: [`${ROW_PREFIX}<id>: an API key (its hash)`] },
];

type Row = TableEntityResult<Record<string, unknown>>;

const toRecord = (row: Row): ApiKeyRecord =>
  readStored(
    apiKeyRecordSchema,
    {
      id: row.id,
      name: row.name,
      role: row.role,
      hash: row.hash,
      createdAt: row.createdAt,
      revokedAt: row.revokedAt ?? null,
    },
    'api key',
  );

export class TableApiKeyStore implements ApiKeyStore {
  constructor(private readonly store: TableStore) {}

  async create({ revokedAt, ...record }: ApiKeyRecord): Promise<boolean> {
    try {
      await this.store.records.createEntity({
        partitionKey: PARTITION,
        rowKey: rowOf(record.id),
        kind: 'api-key',
        ...record,
        ...(revokedAt === null ? {} : { revokedAt }),
      });
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.store.read(PARTITION, rowOf(id));
    return row ? toRecord(row) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    const rows = this.store.records.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `PartitionKey eq '${PARTITION}'` },
    });
    for await (const row of rows) records.push(toRecord(row as Row));
    return records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    for (;;) {
      const row = await this.store.read(PARTITION, rowOf(id));
      if (!row) return false;
      if (row.revokedAt) return true;
      try {
        await this.store.records.updateEntity(
          { partitionKey: PARTITION, rowKey: rowOf(id), revokedAt: at },
          'Merge',
          { etag: row.etag },
        );
        return true;
      } catch (error) {
        // Changed since read (412) or gone (404): read again and decide again.
        if (!isStatus(error, 404, 412)) throw error;
      }
    }
  }
}
