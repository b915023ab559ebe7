import type { TableEntity, TableEntityResult } from '@azure/data-tables';
import { type ImportRecord, importRecordSchema } from '../../../domain/inventory/import-record';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { readStoredJson } from '../../../domain/shared/stored-record';
import type { ImportStore } from '../../../ports/import-store.port';
import { isStatus } from '../storage-errors';
import { IMPORT_LIST_PARTITION, IMPORT_ROW, importPartition } from './inventory-keys';
import { jsonOfParts, jsonPartsOf } from './json-parts';
import { NewestFirstIndex } from './newest-first-index';
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
  ...jsonPartsOf(record, `Import ${record.id}`),
});

const toRecord = (row: Row): ImportRecord =>
  readStoredJson(importRecordSchema, jsonOfParts(row), 'import record');

/**
 * Import records on Table Storage, one partition each (`import|<id>`). Creating is an insert
 * (409 when the id exists); updating reads the stored version and replaces on that read's
 * ETag, so of two updates from one version only the first to commit wins. The list of imports
 * is a partition of pointers, written after each write (newest-first-index.ts).
 */
export class TableImportStore implements ImportStore {
  private readonly listed: NewestFirstIndex;

  constructor(private readonly store: TableStore) {
    this.listed = new NewestFirstIndex(store, IMPORT_LIST_PARTITION);
  }

  async create(record: ImportRecord): Promise<boolean> {
    try {
      await this.store.records.createEntity(toEntity(record));
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
    await this.listed.add(record);
    return true;
  }

  async update(record: ImportRecord, expectedVersion: number): Promise<boolean> {
    const current = await this.row(record.id);
    if (current?.version !== expectedVersion) return false;
    try {
      await this.store.records.updateEntity(toEntity(record), 'Replace', { etag: current.etag });
    } catch (error) {
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
    await this.listed.add(record);
    return true;
  }

  async findById(id: string): Promise<ImportRecord | null> {
    const row = await this.row(id);
    return row ? toRecord(row) : null;
  }

  list(page: PageRequest): Promise<Page<ImportRecord>> {
    return this.listed.page(page, (id) => this.findById(id));
  }

  private row(id: string): Promise<Row | null> {
    return this.store.read(importPartition(id), IMPORT_ROW);
  }
}
