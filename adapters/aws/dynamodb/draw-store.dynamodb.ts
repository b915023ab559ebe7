import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DrawRecord } from '../../../domain/lottery/draw-record';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type { DrawStore } from '../../../ports/draw-store.port';
import { isConditionFailure } from './condition-failure';
import type { DynamoDbTable } from './dynamodb-store';
import { DRAW_LIST, drawKey, drawToItem, itemToDraw, RUNNING_DRAWS } from './lottery-items';
import { newestFirstPage } from './newest-first-query';
import { queryWhole } from './query-whole';
import { fitsInKey, GSI1, GSI2 } from './table-design';

/** Draws run in-process against DynamoDB (a server with STORE=dynamodb): one item each, JSON. */
export class DynamoDbDrawStore implements DrawStore {
  constructor(private readonly table: Pick<DynamoDbTable, 'doc' | 'tableName'>) {}

  async create(draw: DrawRecord): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: drawToItem(draw),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async save(draw: DrawRecord): Promise<void> {
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.tableName, Item: drawToItem(draw) }),
    );
  }

  async find(id: string): Promise<DrawRecord | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: drawKey(id), ConsistentRead: true }),
    );
    return Item ? itemToDraw(Item) : null;
  }

  async unfinished(): Promise<DrawRecord[]> {
    const items = await queryWhole(this.table.doc, this.table.tableName, GSI1, RUNNING_DRAWS);
    return items.map(itemToDraw);
  }

  list(page: PageRequest): Promise<Page<DrawRecord>> {
    const { doc, tableName } = this.table;
    return newestFirstPage(doc, tableName, { index: GSI2, ...DRAW_LIST }, page, itemToDraw);
  }
}
