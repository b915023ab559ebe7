import type { TableEntity, TableEntityResult } from '@azure/data-tables';
import { type ImportRecord, importRecordSchema } from '../../../domain/inventory/import-record';
import { readStoredJson } from '../../../domain/shared/stored-record';
import type { ImportStore } from '../../../ports/import-store.port';
import { isStatus } from '../storage-errors';
import { IMPORT_ROW, importPartition } from './inventory-keys';
import { jsonToParts, partsToJson } from './json-parts';
import type { TableStore } from './table-store';

type Row = TableEntityResult<Record<string, unknown>>;

const toEntity = (record: ImportRecord): TableEntity => ({
  partitionKey: importPartition(record.id),
  rowKey: IMPORT_ROW,
  kind: 'import',
  // For people reading the table; the record itself is the JSON.
  status: record.status,
  source: record.source,
  updatedAt: record.updatedAt,
  version: record.version,
  ...jsonToParts(record, `Import ${record.id}`),
});

const toRecord = (row: Row): ImportRecord =>
  readStoredJson(importRecordSchema, partsToJson(row), 'import record');

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
