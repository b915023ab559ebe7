import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { importKey } from '../../adapters/aws/dynamodb/inventory-items';
import { drawKey } from '../../adapters/aws/dynamodb/lottery-items';
import { IMPORT_LIST_PARTITION } from '../../adapters/azure/tables/inventory-keys';
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
