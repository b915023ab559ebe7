import { odata, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type * as z from 'zod/mini';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { readStoredJson } from '../../../domain/shared/stored-record';
import type { WorkRecord } from '../../../domain/shared/work-record';
import type { WorkRecordStore } from '../../../ports/work-record-store.port';
import { isStatus } from '../storage-errors';
import { jsonOfParts, jsonPartsOf } from './json-parts';
import { escapeKey, OUTBOX_ROW_PREFIX, type PartitionLayout, prefixEnd } from './table-keys';
import { queryPage } from './table-page';
import type { TableStore } from './table-store';

type Row = TableEntityResult<Record<string, unknown>>;

/** One partition per record, `<name>|<id>`, holding the record (row `<name>`) and its events. */
export const workRecordPartitions = (name: string): PartitionLayout[] => [
  {
    name,
    prefix: `${name}|`,
    rows: [
      `${name}: the ${name} record (its JSON in binary parts)`,
      `${OUTBOX_ROW_PREFIX}<eventId>: an event of the record, in the same batch`,
    ],
  },
];

/**
 * Work records on Table Storage. A write and its events are one entity-group transaction (the
 * record's partition); updating replaces on the ETag of the version read, so of two updates
 * from one version only the first to commit wins. Listing is a range over the partitions,
 * which sort by id.
 */
export class TableWorkRecordStore<R extends WorkRecord> implements WorkRecordStore<R> {
  private readonly prefix: string;

  constructor(
    private readonly store: TableStore,
    private readonly name: string,
    private readonly schema: z.ZodMiniType<R>,
  ) {
    this.prefix = `${name}|`;
  }

  async create(record: R, events: readonly DomainEvent[]): Promise<boolean> {
    try {
      await this.store.transact(
        this.partition(record.id),
        [['create', this.toEntity(record)]],
        events,
      );
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  async update(
    record: R,
    expectedVersion: number,
    events: readonly DomainEvent[],
  ): Promise<boolean> {
    const current = await this.row(record.id);
    if (current?.version !== expectedVersion) return false;
    try {
      await this.store.transact(
        this.partition(record.id),
        [['update', this.toEntity(record), 'Replace', { etag: current.etag }]],
        events,
      );
      return true;
    } catch (error) {
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<R | null> {
    const row = await this.row(id);
    return row ? this.toRecord(row) : null;
  }

  async list(page: PageRequest): Promise<Page<R>> {
    const query = odata`PartitionKey gt ${this.prefix} and PartitionKey lt ${prefixEnd(this.prefix)} and RowKey eq ${this.name}`;
    const result = await queryPage(this.store.records, query, page);
    return { items: result.items.map((row) => this.toRecord(row)), nextCursor: result.nextCursor };
  }

  private partition(id: string): string {
    return this.prefix + escapeKey(id);
  }

  private row(id: string): Promise<Row | null> {
    return this.store.read(this.partition(id), this.name);
  }

  private toEntity(record: R): TableEntity {
    return {
      partitionKey: this.partition(record.id),
      rowKey: this.name,
      kind: this.name,
      // For people reading the table; the record itself is the JSON.
      status: record.status,
      source: record.source,
      updatedAt: record.updatedAt,
      version: record.version,
      ...jsonPartsOf(record, `${this.name} ${record.id}`),
    };
  }

  private toRecord(row: Row): R {
    return readStoredJson(this.schema, jsonOfParts(row), `${this.name} record`) as R;
  }
}
