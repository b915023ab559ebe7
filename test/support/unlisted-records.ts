import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { importKey } from '../../adapters/aws/dynamodb/inventory-items';
import { drawKey } from '../../adapters/aws/dynamodb/lottery-items';
import {
  IMPORT_LIST_PARTITION,
  IMPORT_ROW,
  importPartition,
} from '../../adapters/azure/tables/inventory-keys';
import { DRAW_LIST_PARTITION } from '../../adapters/azure/tables/lottery-keys';
import { descendingKey } from '../../adapters/azure/tables/table-keys';
import type { TableStore } from '../../adapters/azure/tables/table-store';
import type { Created } from '../../domain/shared/newest-first';

/**
 * Records as the version before GET /inventory/imports and GET /lottery/draws stored them: the
 * same item or entity, written by today's store, then stripped of its list entry.
 */
export type ListedKind = 'import' | 'draw';

const GSI = { import: 'gsi1', draw: 'gsi2' } as const;

/** The item without its list keys: the shape an import or a draw item had before the lists. */
export const unlistOnDynamoDb = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  kind: ListedKind,
  record: Created,
): Promise<void> => {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: kind === 'import' ? importKey(record.id) : drawKey(record.id),
      UpdateExpression: `REMOVE ${GSI[kind]}pk, ${GSI[kind]}sk`,
    }),
  );
};

const LIST = { import: IMPORT_LIST_PARTITION, draw: DRAW_LIST_PARTITION } as const;

/** The entity without its pointer in the list partition. */
export const unlistOnTables = async (
  tables: TableStore,
  kind: ListedKind,
  record: Created,
): Promise<void> => {
  const row = descendingKey(record.createdAt) + descendingKey(record.id);
  await tables.records.deleteEntity(LIST[kind], row);
};

/** An import item no version wrote (its fields gone), without list keys: unreadable. */
export const storeUnreadableOnDynamoDb = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  id: string,
): Promise<void> => {
  await doc.send(new PutCommand({ TableName: tableName, Item: { ...importKey(id), id } }));
};

/** An import entity whose JSON is not JSON, without a pointer: unreadable. */
export const storeUnreadableOnTables = async (tables: TableStore, id: string): Promise<void> => {
  await tables.records.createEntity({
    partitionKey: importPartition(id),
    rowKey: IMPORT_ROW,
    parts: 1,
    record0: Buffer.from('{"id":', 'utf8'),
  });
};
