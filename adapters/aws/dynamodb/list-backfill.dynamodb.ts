import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CorruptRecordError } from '../../../domain/shared/stored-record';
import type {
  BackfillCount,
  BackfillProgress,
  ListBackfill,
} from '../../../ports/list-backfill.port';
import { isConditionFailure } from './condition-failure';
import type { DynamoDbTable } from './dynamodb-store';
import { type Item, type ItemKind, kindOfKey, type ListedIn } from './item-kind';

type Listed = ItemKind & { listed: ListedIn };

/** Items read per Scan page (before its filter): one page's writes run at once. */
const PAGE_SIZE = 100;

/**
 * The list backfill on the single table: a Scan of the listed kinds, page by page (the table's
 * own LastEvaluatedKey), and for each item without its GSI keys one UpdateItem that sets only
 * them, on condition that the item still exists and still has none. It never puts the item, so
 * a newer version the app wrote after the Scan read it stays as it is; an item the app wrote
 * meanwhile already has its keys and is left alone. The keys depend on createdAt and id only,
 * which never change, so there is no stale value to write.
 */
export class DynamoDbListBackfill implements ListBackfill {
  private readonly kinds: Listed[];

  constructor(
    private readonly table: Pick<DynamoDbTable, 'doc' | 'tableName'>,
    kinds: readonly ItemKind[],
    private readonly pageSize = PAGE_SIZE,
  ) {
    this.kinds = kinds.filter((kind): kind is Listed => kind.listed !== undefined);
  }

  async run(onPage?: (progress: BackfillProgress) => void): Promise<BackfillCount[]> {
    if (this.kinds.length === 0) return [];
    const counts = new Map<string, BackfillCount>(
      this.kinds.map((kind) => [
        kind.name,
        { kind: kind.name, records: 0, added: 0, unreadable: [] },
      ]),
    );
    let start: Item | undefined;
    let page = 0;
    do {
      const { Items = [], LastEvaluatedKey } = await this.table.doc.send(
        new ScanCommand({
          TableName: this.table.tableName,
          ...this.filter(),
          Limit: this.pageSize,
          // No ConsistentRead: half the read units of a whole-table Scan, and a stale copy is
          // harmless, since each write's condition is checked against the item as it is now.
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      await Promise.all(
        Items.map(async (item) => {
          const kind = kindOfKey(this.kinds, item) as Listed | undefined;
          if (!kind) return;
          const count = counts.get(kind.name)!;
          count.records += 1;
          const added = await this.addTo(kind.listed, item);
          if (added === 'unreadable')
            count.unreadable.push(`${String(item.pk)} ${String(item.sk)}`);
          else if (added) count.added += 1;
        }),
      );
      start = LastEvaluatedKey;
      page += 1;
      onPage?.({ page, counts: structuredClone([...counts.values()]) });
    } while (start);
    return [...counts.values()];
  }

  /** Only the listed kinds' items come back (a Scan still reads, and pages over, the others). */
  private filter() {
    const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
    const values: Record<string, string> = {};
    const terms = this.kinds.map(({ key }, i) => {
      values[`:pk${i}`] = key.pk;
      if ('sk' in key) {
        values[`:sk${i}`] = key.sk;
        return `(begins_with(#pk, :pk${i}) AND #sk = :sk${i})`;
      }
      values[`:sk${i}`] = key.skPrefix;
      return `(begins_with(#pk, :pk${i}) AND begins_with(#sk, :sk${i}))`;
    });
    return {
      FilterExpression: terms.join(' OR '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** True when this call wrote the item's list keys. */
  private async addTo(listed: ListedIn, item: Item): Promise<boolean | 'unreadable'> {
    const pk = `${listed.index}pk`;
    if (item[pk] !== undefined) return false;
    let keys: { pk: string; sk: string };
    try {
      keys = listed.keysOf(item);
    } catch (error) {
      if (error instanceof CorruptRecordError) return 'unreadable';
      throw error;
    }
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #listPk = :listPk, #listSk = :listSk',
          // Not on an item deleted since (UpdateItem would create it), nor over keys written since.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#listPk)',
          ExpressionAttributeNames: { '#listPk': pk, '#listSk': `${listed.index}sk` },
          ExpressionAttributeValues: { ':listPk': keys.pk, ':listSk': keys.sk },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
