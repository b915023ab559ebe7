import { isDeepStrictEqual } from 'node:util';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportRecord } from '../../../domain/inventory/import-record';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type { ImportStore } from '../../../ports/import-store.port';
import { conditionalPut, IF_ABSENT, onVersion, type PutCondition } from './conditional-put';
import { IMPORT_LIST, importKey, importRecordToItem, itemToImportRecord } from './inventory-items';
import { newestFirstPage } from './newest-first-query';
import { fitsInKey, GSI1 } from './table-design';

export interface DynamoDbImportStoreOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Import records in the single table (`IMPORT#<id>` / `IMPORT`), each write one conditional
 * PutItem: created only if absent, replaced only on the version read. The stream carries them
 * too; they raise no event. Each also keeps its place in the gsi1 list of imports, newest first.
 */
export class DynamoDbImportStore implements ImportStore {
  constructor(private readonly options: DynamoDbImportStoreOptions) {}

  create(record: ImportRecord): Promise<boolean> {
    return this.put(record, IF_ABSENT);
  }

  update(record: ImportRecord, expectedVersion: number): Promise<boolean> {
    return this.put(record, onVersion(expectedVersion));
  }

  async findById(id: string): Promise<ImportRecord | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.options.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: importKey(id),
        ConsistentRead: true,
      }),
    );
    return Item ? itemToImportRecord(Item) : null;
  }

  list(page: PageRequest): Promise<Page<ImportRecord>> {
    const { doc, tableName } = this.options;
    return newestFirstPage(
      doc,
      tableName,
      { index: GSI1, ...IMPORT_LIST },
      page,
      itemToImportRecord,
    );
  }

  private put(record: ImportRecord, condition: PutCondition): Promise<boolean> {
    const { doc, tableName } = this.options;
    return conditionalPut(doc, tableName, importRecordToItem(record), condition, async () =>
      // Through JSON, as DynamoDB stores it: an `undefined` field is no field.
      isDeepStrictEqual(await this.findById(record.id), JSON.parse(JSON.stringify(record))),
    );
  }
}
