import type { TableEntity, TableEntityResult } from '@azure/data-tables';
import { type ImportRecord, importRecordSchema } from '../../../domain/inventory/import-record';
import { readStoredJson } from '../../../domain/shared/stored-record';
import type { ImportStore } from '../../../ports/import-store.port';
import { isStatus } from '../storage-errors';
import { IMPORT_ROW, importPartition } from './inventory-keys';
import type { TableStore } from './table-store';

type Row = TableEntityResult<Record<string, unknown>>;

/**
 * A property holds at most 64 KiB and an entity at most 1 MiB
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types).
 * A record is small unless its rejected rows quote long lines, so its UTF-8 JSON is stored as
 * binary parts of up to PART_BYTES: byte sizes are exact (a string's limit counts UTF-16), a
 * cut cannot split a character that matters, and the base64 on the wire is ASCII (Azurite
 * decodes a large single-entity body chunk by chunk, garbling multi-byte characters at 64 KiB
 * boundaries).
 */
const PART_BYTES = 64_000;
const MAX_PARTS = 15;

const toEntity = (record: ImportRecord): TableEntity => {
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const parts: Uint8Array[] = [];
  for (let start = 0; start < json.length; start += PART_BYTES) {
    parts.push(json.subarray(start, start + PART_BYTES));
  }
  if (parts.length > MAX_PARTS) {
    throw new Error(`Import ${record.id} is too large to store (${json.length} bytes of JSON)`);
  }
  return {
    partitionKey: importPartition(record.id),
    rowKey: IMPORT_ROW,
    kind: 'import',
    // For people reading the table; the record itself is the JSON.
    status: record.status,
    source: record.source,
    updatedAt: record.updatedAt,
    version: record.version,
    parts: parts.length,
    ...Object.fromEntries(parts.map((part, index) => [`record${index}`, part])),
  };
};

const toRecord = (row: Row): ImportRecord => {
  const parts: Uint8Array[] = [];
  for (let index = 0; index < (row.parts as number); index += 1) {
    parts.push(row[`record${index}`] as Uint8Array);
  }
  return readStoredJson(importRecordSchema, Buffer.concat(parts).toString('utf8'), 'import record');
};

/**
 * Import records on Table Storage, one partition each (`import|<id>`). Creating is an insert
 * (409 when the id exists); updating reads the stored version and replaces on that read's
 * ETag, so of two updates from one version only the first to commit wins.
 */
export class TableImportStore implements ImportStore {
  constructor(private readonly store: TableStore) {}

  async create(record: ImportRecord): Promise<boolean> {
    try {
      await this.store.records.createEntity(toEntity(record));
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  async update(record: ImportRecord, expectedVersion: number): Promise<boolean> {
    const current = await this.row(record.id);
    if (current?.version !== expectedVersion) return false;
    try {
      await this.store.records.updateEntity(toEntity(record), 'Replace', { etag: current.etag });
      return true;
    } catch (error) {
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<ImportRecord | null> {
    const row = await this.row(id);
    return row ? toRecord(row) : null;
  }

  private row(id: string): Promise<Row | null> {
    return this.store.read(importPartition(id), IMPORT_ROW);
  }
}
