import { isDeepStrictEqual } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type { WorkRecord } from '../../../domain/shared/work-record';
import type { WorkRecordStore } from '../../../ports/work-record-store.port';
import { conditionalPut, IF_ABSENT, onVersion, type PutCondition } from './conditional-put';
import type { DynamoDbTable } from './dynamodb-store';
import { keysetPage } from './keyset-query';
import { fitsInKey } from './table-design';
import { itemToWorkRecord, type WorkRecordKind, workRecordKeys } from './work-record-items';

/**
 * Work records in the single table, each write one conditional PutItem (created only if absent,
 * replaced only on the version read). The events given are not written: the table's stream
 * carries every change, and the stream function derives the same events from its images with
 * the domain's rule (workRecordItemKind).
 */
export class DynamoDbWorkRecordStore<R extends WorkRecord> implements WorkRecordStore<R> {
  private readonly keys: ReturnType<typeof workRecordKeys>;

  constructor(
    private readonly table: DynamoDbTable,
    private readonly kind: WorkRecordKind<R>,
  ) {
    this.keys = workRecordKeys(kind.name);
  }

  create(record: R): Promise<boolean> {
    return this.put(record, IF_ABSENT);
  }

  update(record: R, expectedVersion: number): Promise<boolean> {
    return this.put(record, onVersion(expectedVersion));
  }

  async findById(id: string): Promise<R | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: this.keys.key(id),
        ConsistentRead: true,
      }),
    );
    return Item ? itemToWorkRecord(this.kind, Item) : null;
  }

  list(page: PageRequest): Promise<Page<R>> {
    return keysetPage(
      this.table.doc,
      this.table.tableName,
      this.keys.listPartitions().map((partition) => ({
        index: this.keys.index,
        partition,
        prefix: this.keys.listPrefix,
      })),
      page,
      (item) => itemToWorkRecord(this.kind, item),
    );
  }

  private put(record: R, condition: PutCondition): Promise<boolean> {
    // Through JSON, as DynamoDB stores it: an `undefined` field is no field.
    const stored = JSON.parse(JSON.stringify(record)) as R & Record<string, unknown>;
    const item = { ...this.keys.key(record.id), ...this.keys.listKeys(record.id), ...stored };
    return conditionalPut(this.table.doc, this.table.tableName, item, condition, async () =>
      isDeepStrictEqual(await this.findById(record.id), stored),
    );
  }
}
